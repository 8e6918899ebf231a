package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;

class StrategiesTest {
    /** modAL's documented example: uncertainties 0.15, 0.4, 0.39, so index 1 is picked. */
    private static final double[][] P = {{0.1, 0.85, 0.05}, {0.6, 0.3, 0.1}, {0.39, 0.61, 0.0}};

    private static Estimator fixed(double[][] p) {
        return new Estimator() {
            public void fit(float[][] x, int[] y) { }
            public double[][] predictProba(float[][] x) { return p; }
        };
    }

    @Test
    void leastConfidentOnTheSeedsExample() {
        double[] u = Strategies.leastConfidence(P);
        assertArrayEquals(new double[] {0.15, 0.4, 0.39}, u, 1e-12);
        Query q = Strategies.leastConfident().select(fixed(P), new float[3][1], 1);
        assertArrayEquals(new int[] {1}, q.indices());
        assertEquals(0.4, q.scores()[0], 1e-12);
    }

    @Test
    void marginAndEntropyOrdering() {
        assertArrayEquals(new double[] {0.75, 0.3, 0.22}, Strategies.margin(P), 1e-12);
        assertArrayEquals(new int[] {2, 1}, Strategies.margin().select(fixed(P), new float[3][1], 2).indices(),
                "smallest margin first");
        double[] h = Strategies.entropy(P);
        assertEquals(-(0.1 * Math.log(0.1) + 0.85 * Math.log(0.85) + 0.05 * Math.log(0.05)), h[0], 1e-12);
        assertArrayEquals(new int[] {1, 2, 0}, Strategies.entropy().select(fixed(P), new float[3][1], 3).indices());
    }

    @Test
    void baldOnConstructedSamples() {
        // point 0: every pass certain but passes disagree (high BALD); point 1: every pass 50/50 (BALD 0);
        // point 2: all passes agree and are certain (0)
        double[][][] s = {
            {{1, 0}, {0.5, 0.5}, {1, 0}},
            {{0, 1}, {0.5, 0.5}, {1, 0}},
        };
        double[] b = Strategies.bald(s);
        assertEquals(Math.log(2), b[0], 1e-12);
        assertEquals(0, b[1], 1e-12);
        assertEquals(0, b[2], 1e-12);
    }

    @Test
    void batchBaldDoesNotPickADuplicateTwice() {
        // points 0 and 1 are the same point; 2 is informative about other passes; 3 is dull
        double[][][] s = new double[4][][];
        double[][] dup = {{0.95, 0.05}, {0.05, 0.95}, {0.95, 0.05}, {0.05, 0.95}};
        double[][] other = {{0.9, 0.1}, {0.9, 0.1}, {0.1, 0.9}, {0.1, 0.9}};
        for (int p = 0; p < 4; p++) s[p] = new double[][] {dup[p], dup[p], other[p], {0.5, 0.5}};
        int[] topBald = Strategies.top(Strategies.bald(s), 2, true);
        assertArrayEquals(new int[] {0, 1}, topBald, "top-k BALD takes both copies");
        for (int configs : new int[] {1000, 2}) { // exact, then sampled joint entropy
            Query q = Strategies.batchBald(s, 2, configs, 1);
            assertEquals(0, q.indices()[0]);
            assertEquals(2, q.indices()[1], "BatchBALD takes the other informative point (" + configs + " configurations)");
        }
        // a second copy adds only the little that a second noisy look at the same point tells
        double[][][] two = {{dup[0], dup[0]}, {dup[1], dup[1]}, {dup[2], dup[2]}, {dup[3], dup[3]}};
        Query q = Strategies.batchBald(two, 2, 1000, 1);
        assertTrue(q.scores()[1] - q.scores()[0] < 0.3 * q.scores()[0], java.util.Arrays.toString(q.scores()));
        // and the exact joint entropy matches enumeration by hand for the pair
        double h = 0;
        for (int y1 = 0; y1 < 2; y1++) for (int y2 = 0; y2 < 2; y2++) {
            double pj = 0;
            for (double[] d : dup) pj += d[y1] * d[y2] / 4;
            h -= pj * Math.log(pj);
        }
        double cond = 0;
        for (double[] d : dup) cond += 2 * (-(d[0] * Math.log(d[0]) + d[1] * Math.log(d[1]))) / 4;
        assertEquals(h - cond, q.scores()[1], 1e-9);
    }

    /** Each greedy step takes the candidate whose batch has the largest mutual information, enumerated by hand. */
    @Test
    void batchBaldMatchesEnumeration() {
        int t = 5, pool = 40, k = 3;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        double[][][] s = new double[t][pool][k];
        for (double[][] pass : s) {
            for (double[] p : pass) {
                double sum = 0;
                for (int y = 0; y < k; y++) sum += p[y] = Math.pow(rng.nextDouble(), 3);
                for (int y = 0; y < k; y++) p[y] /= sum;
            }
        }
        Query q = Strategies.batchBald(s, 4, 1000, 1);
        List<Integer> chosen = new java.util.ArrayList<>();
        for (int b = 0; b < 4; b++) {
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            for (int i = 0; i < pool; i++) {
                if (chosen.contains(i)) continue;
                List<Integer> batch = new java.util.ArrayList<>(chosen);
                batch.add(i);
                double mi = mutualInformation(s, batch, k);
                if (mi > best) {
                    best = mi;
                    arg = i;
                }
            }
            assertEquals(arg, q.indices()[b], "step " + b);
            assertEquals(best, q.scores()[b], 1e-9, "step " + b);
            chosen.add(arg);
        }
    }

    /** I(y_batch; ω) = H(y_batch) − Σ_j E_ω H(y_j | ω), by enumerating every label configuration. */
    private static double mutualInformation(double[][][] s, List<Integer> batch, int k) {
        int t = s.length, configs = (int) Math.pow(k, batch.size());
        double h = 0, cond = 0;
        for (int c = 0; c < configs; c++) {
            double pj = 0;
            for (double[][] pass : s) {
                double prod = 1;
                for (int j = 0, rest = c; j < batch.size(); j++, rest /= k) prod *= pass[batch.get(j)][rest % k];
                pj += prod / t;
            }
            h -= pj * Math.log(pj);
        }
        for (int i : batch) for (double[][] pass : s) for (double p : pass[i]) cond -= p * Math.log(p) / t;
        return h - cond;
    }

    @Test
    void committeeStrategies() {
        double[][] a = {{0.9, 0.1}, {0.9, 0.1}}, b = {{0.9, 0.1}, {0.1, 0.9}};
        Committee c = new Committee(List.of(fixed(a), fixed(b)), 2);
        assertArrayEquals(new double[] {0, Math.log(2)}, Committee.voteEntropy(c, new float[2][1]), 1e-12);
        assertArrayEquals(new int[] {1}, Committee.maxDisagreement().select(c, new float[2][1], 1).indices());
        assertArrayEquals(new int[] {1}, Committee.consensusEntropy().select(c, new float[2][1], 1).indices());
    }

    /**
     * On real digits with a fixed seed, margin sampling reaches a higher accuracy than random
     * at equal label counts (mean over 12 rounds of 10 labels after 20 initial ones). With
     * logistic regression at these budgets entropy and least-confident sampling do not beat
     * random here (they pick redundant batches); margin does, from the third round on.
     */
    @Test
    void uncertaintySamplingBeatsRandomOnRealDigits() {
        ImageDataset ds = probelab.testing.TestData.mnist();
        ImageDataset[] parts = ds.shuffle(7).subset(0, 3000).split(0.8, 1);
        ImageDataset poolSet = parts[0], test = parts[1];
        double[] acc = new double[2];
        for (int s = 0; s < 2; s++) {
            Strategy strategy = s == 0 ? Strategies.random(3) : Strategies.margin();
            float[][] x = poolSet.rows();
            int[] y = poolSet.getLabels();
            int[] init = new int[20];
            List<Integer> seen = new ArrayList<>();
            for (int i = 0, c = 0; i < x.length && c < 20; i++) { // 2 per class
                int label = y[i];
                if (seen.stream().filter(v -> v == label).count() < 2) { seen.add(label); init[c++] = i; }
            }
            float[][] x0 = new float[20][];
            int[] y0 = new int[20];
            for (int i = 0; i < 20; i++) { x0[i] = x[init[i]]; y0[i] = y[init[i]]; }
            Pool pool = new Pool(x);
            pool.take(init);
            ActiveLearner learner = new ActiveLearner(new SmileLogistic(10, 1.0), strategy, x0, y0);
            double sum = 0;
            for (int round = 0; round < 12; round++) {
                Query q = learner.query(pool.points(), 10);
                float[][] qx = new float[q.indices().length][];
                for (int i = 0; i < qx.length; i++) qx[i] = pool.points()[q.indices()[i]];
                int[] orig = pool.take(q.indices());
                int[] qy = new int[orig.length];
                for (int i = 0; i < orig.length; i++) qy[i] = y[orig[i]];
                learner.teach(qx, qy);
                sum += learner.score(test.rows(), test.getLabels());
            }
            assertEquals(140, learner.labelled());
            acc[s] = sum / 12;
        }
        System.out.printf("mean accuracy over 12 rounds: random %.3f, margin %.3f%n", acc[0], acc[1]);
        assertTrue(acc[1] > acc[0] + 0.02, "margin " + acc[1] + " vs random " + acc[0]);
    }
}
