package probelab.embed;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Structureless data (no clusters for early exaggeration to separate) must still embed as a
 * cloud. The exact path used to return one point: exaggeration contracted the cloud below the
 * float resolution of its drifted centroid, the points became identical and the gradient zero.
 */
class TsneStructurelessTest {
    static float[][] gaussian(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) for (int j = 0; j < d; j++) row[j] = (float) r.nextGaussian();
        return x;
    }

    static float[][] uniform(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) for (int j = 0; j < d; j++) row[j] = r.nextFloat();
        return x;
    }

    record Case(String name, float[][] x, Tsne.Options options) {}

    @Test
    void structurelessCloudsNeverCollapse() {
        Tsne.Options twoD = Tsne.Options.DEFAULTS.quiet(42), oneD = Tsne.Options.ordering(30);
        List<Case> cases = List.of(new Case("300 Gaussian points in 10-D", gaussian(300, 10, 1), twoD),
                new Case("1,000 Gaussian points in 10-D", gaussian(1000, 10, 2), twoD),
                new Case("500 uniform points in 5-D", uniform(500, 5, 3), twoD),
                new Case("300 Gaussian points in 10-D, 1-D ordering", gaussian(300, 10, 4), oneD));
        for (Case c : cases) {
            Tsne.Embedding e = Tsne.fit(c.x(), c.options());
            float[][] y = e.asRows();
            Set<String> distinct = new HashSet<>();
            for (float[] p : y) distinct.add(java.util.Arrays.toString(p));
            assertEquals(c.x().length, distinct.size(), c.name() + ": every point distinct");
            double spread = Tsne.spread(flat(y), y.length, e.dims);
            assertTrue(spread > 1, c.name() + ": RMS spread " + spread);
            // the same data without early exaggeration (nothing to contract) reaches about the same KL
            Tsne.Options o = c.options();
            Tsne.Options plain = new Tsne.Options(o.dims(), o.perplexity(), 0, o.earlyExaggeration(), o.earlyIterations() + o.iterations(),
                    o.exaggeration(), o.learningRate(), o.earlyMomentum(), o.momentum(), o.maxStep(), o.init(), o.method(), o.theta(), o.neighbors(),
                    o.interpolationPoints(), o.minIntervals(), o.intervalsPerUnit(), o.seed(), o.klEvery(), false);
            double reference = Tsne.fit(c.x(), plain).kl;
            assertEquals(reference, e.kl, 0.1 * reference, c.name() + ": KL against the run without exaggeration");
        }
    }

    /**
     * scikit-learn 1.2's Barnes-Hut t-SNE (its defaults as our peer runs them) on the same rows:
     * kind, n, dimensions, seed, its RMS spread and its 10-NN trustworthiness. The rows are
     * written by {@code bin/probelab scripts/structureless_rows.groovy}, the figures by
     * {@code scripts/peers/tsne_sklearn.py --rows FILE}.
     */
    static final Object[][] REFERENCE = {
            {"gaussian", 300, 10, 11L, 9.988, 0.8818}, {"gaussian", 1000, 10, 12L, 20.319, 0.9059},
            {"gaussian", 1999, 5, 13L, 28.774, 0.9781}, {"gaussian", 2500, 20, 14L, 25.192, 0.8507},
            {"gaussian", 5000, 10, 15L, 37.854, 0.9446}, {"uniform", 300, 5, 21L, 11.586, 0.9704},
            {"uniform", 1000, 3, 22L, 23.643, 0.9968}, {"uniform", 1999, 10, 23L, 30.198, 0.9490},
            {"uniform", 2500, 5, 24L, 31.601, 0.9937}, {"uniform", 5000, 2, 25L, 43.085, 0.9998}};

    @Test
    void structurelessCloudsSpreadAndKeepNeighboursAsScikitLearnDoes() {
        StringBuilder failures = new StringBuilder();
        for (Object[] ref : REFERENCE) {
            String kind = (String) ref[0];
            int n = (Integer) ref[1], d = (Integer) ref[2];
            long seed = (Long) ref[3];
            float[][] x = kind.equals("gaussian") ? gaussian(n, d, seed) : uniform(n, d, seed);
            Tsne.Embedding e = Tsne.fit(x, Tsne.Options.DEFAULTS.quiet(42));
            double[][] y = e.getPoints();
            double spread = Tsne.spread(flat(e.asRows()), n, 2), trust = Quality.trustworthiness(x, y, 10);
            String what = String.format(java.util.Locale.ROOT, "%s %d×%d: spread %.2f (scikit-learn %.2f), trustworthiness %.4f (%.4f), %s",
                    kind, n, d, spread, (Double) ref[4], trust, (Double) ref[5], e.gradients());
            System.out.println(what);
            if (!(spread >= (Double) ref[4] / 5) || Math.abs(trust - (Double) ref[5]) > 0.03) failures.append(what).append('\n');
        }
        assertEquals("", failures.toString());
    }

    @Test
    void aDegenerateEmbeddingIsAnErrorThatSaysWhatHappened() {
        float[][] same = new float[40][3];
        for (float[] row : same) java.util.Arrays.fill(row, 2f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tsne.fit(same, Tsne.Options.DEFAULTS.quiet(1)));
        assertTrue(e.getMessage().contains("degenerated") && e.getMessage().contains("40 points") && e.getMessage().contains("identical input rows"),
                e.getMessage());
    }

    private static double[] flat(float[][] y) {
        double[] f = new double[y.length * y[0].length];
        for (int i = 0; i < y.length; i++) for (int d = 0; d < y[i].length; d++) f[i * y[i].length + d] = y[i][d];
        return f;
    }
}
