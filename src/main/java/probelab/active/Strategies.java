package probelab.active;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import probelab.nn.kernels.JointEntropy;

/**
 * Query strategies as plain functions, with modAL's definitions: random; least confident
 * (1 − max p, largest first); margin (p₁ − p₂, smallest first); entropy (−Σ p log p,
 * largest first); BALD over MC-dropout passes (H[mean p] − mean H[p]); BatchBALD (Kirsch et
 * al. 2019), which picks a batch greedily by the mutual information of the whole batch, so
 * that it does not spend two labels on the same information; and ranked batch (modAL's
 * uncertainty batch sampling: uncertainty traded against distance to what is labelled or
 * already picked). Committee strategies are in {@link Committee}.
 */
public final class Strategies {
    private Strategies() {}

    // ---------------------------------------------------------------- scores

    /** 1 − max p per row. */
    public static double[] leastConfidence(double[][] p) {
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) s[i] = 1 - Arrays.stream(p[i]).max().orElse(0);
        return s;
    }

    /** p(first) − p(second) per row. */
    public static double[] margin(double[][] p) {
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double a = Double.NEGATIVE_INFINITY, b = Double.NEGATIVE_INFINITY;
            for (double v : p[i]) {
                if (v > a) { b = a; a = v; } else if (v > b) b = v;
            }
            s[i] = p[i].length < 2 ? a : a - b;
        }
        return s;
    }

    /** −Σ p log p per row (natural log). */
    public static double[] entropy(double[][] p) {
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) s[i] = entropy(p[i]);
        return s;
    }

    static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }

    /** BALD per row from MC samples {@code [pass][row][class]}: H[mean p] − mean H[p]. */
    public static double[] bald(double[][][] samples) {
        int t = samples.length, n = samples[0].length, k = samples[0][0].length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double[] mean = new double[k];
            double condH = 0;
            for (double[][] pass : samples) {
                for (int c = 0; c < k; c++) mean[c] += pass[i][c] / t;
                condH += entropy(pass[i]) / t;
            }
            s[i] = entropy(mean) - condH;
        }
        return s;
    }

    /** Positions of the {@code n} largest (or smallest) scores; ties go to the lower position. */
    public static int[] top(double[] scores, int n, boolean largest) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(scores[a], scores[b]);
            return c != 0 ? (largest ? -c : c) : Integer.compare(a, b);
        });
        int m = Math.min(n, scores.length);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = idx[i];
        return out;
    }

    static Query pick(double[] scores, int n, boolean largest) {
        int[] idx = top(scores, n, largest);
        double[] s = new double[idx.length];
        for (int i = 0; i < idx.length; i++) s[i] = scores[idx[i]];
        return new Query(idx, s);
    }

    // ---------------------------------------------------------------- strategies

    /** Options of random sampling. */
    public record RandomOptions(@probelab.util.Doc("seed of the draws") long seed) {
        public static final RandomOptions DEFAULTS = new RandomOptions(1);
    }

    /** Options of top-n BALD. */
    public record BaldOptions(@probelab.util.Doc("stochastic forward passes") int passes, @probelab.util.Doc("seed of the passes") long seed) {
        public static final BaldOptions DEFAULTS = new BaldOptions(20, 1);

        public BaldOptions {
            probelab.util.Check.atLeast("passes", passes, 2);
        }
    }

    /** Options of BatchBALD. */
    public record BatchBaldOptions(
            @probelab.util.Doc("stochastic forward passes") int passes,
            @probelab.util.Doc("most joint label configurations (exact below, sampled above)") int configurations,
            @probelab.util.Doc("seed of the passes and samples") long seed) {
        public static final BatchBaldOptions DEFAULTS = new BatchBaldOptions(20, 1000, 1);

        public BatchBaldOptions {
            probelab.util.Check.atLeast("passes", passes, 2);
            probelab.util.Check.atLeast("configurations", configurations, 1);
        }
    }

    /** The strategies an experiment names, with what they need: {@code random}, {@code uncertainty}, {@code margin}, … */
    public static final java.util.List<String> NAMES = java.util.List.of("random", "uncertainty", "margin", "entropy", "bald", "batchbald");

    /** A strategy by name, for experiments that compare several; MC strategies use {@code passes}. */
    public static Strategy named(String name, int passes, long seed) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "random" -> random(seed);
            case "uncertainty", "leastconfident" -> leastConfident();
            case "margin" -> margin();
            case "entropy" -> entropy();
            case "bald" -> bald(passes, seed);
            case "batchbald" -> batchBald(passes, BatchBaldOptions.DEFAULTS.configurations(), seed);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "'; valid: " + String.join(", ", NAMES));
        };
    }

    public static Strategy random(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return (model, pool, n) -> {
            double[] s = new double[pool.length];
            for (int i = 0; i < s.length; i++) s[i] = rng.nextDouble();
            return pick(s, n, true);
        };
    }

    public static Strategy leastConfident() {
        return (model, pool, n) -> pick(leastConfidence(model.predictProba(pool)), n, true);
    }

    public static Strategy margin() {
        return (model, pool, n) -> pick(margin(model.predictProba(pool)), n, false);
    }

    public static Strategy entropy() {
        return (model, pool, n) -> pick(entropy(model.predictProba(pool)), n, true);
    }

    /** Top-n BALD over {@code passes} MC-dropout passes. */
    public static Strategy bald(int passes, long seed) {
        return (model, pool, n) -> pick(bald(stochastic(model).sampleProba(pool, passes, seed)), n, true);
    }

    /** BatchBALD over {@code passes} MC-dropout passes, with at most {@code configurations} joint configurations. */
    public static Strategy batchBald(int passes, int configurations, long seed) {
        return (model, pool, n) -> {
            Estimator.Stochastic s = stochastic(model);
            if (!s.consistentPasses() && WARNED.add(s.getClass())) {
                System.err.println("warning: BatchBALD's joint entropy assumes each MC pass uses one dropout mask for the whole pool; "
                        + s.getClass().getSimpleName() + " draws masks per row, so its batches are closer to top-k BALD (BayesianCnn and SeedCnn are consistent)");
            }
            return batchBald(s.sampleProba(pool, passes, seed), n, configurations, seed);
        };
    }

    private static final java.util.Set<Class<?>> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static Estimator.Stochastic stochastic(Estimator m) {
        if (m instanceof Estimator.Stochastic s) return s;
        throw new IllegalArgumentException("BALD needs an estimator with stochastic passes (MC dropout); "
                + m.getClass().getSimpleName() + " has none");
    }

    /**
     * Greedy BatchBALD: each step adds the point that maximises the mutual information
     * between the batch's labels and the weights, I(y₁…y_b; ω) = H(y₁…y_b) − Σ_j E_ω H(y_j | ω).
     * The joint entropy is exact while the label configurations of the batch number at most
     * {@code maxConfigurations}; past that it is estimated from that many configurations
     * sampled from the joint (each drawn with one MC pass, as Kirsch et al. do).
     * Scores are the batch's mutual information after each addition.
     */
    public static Query batchBald(double[][][] samples, int n, int maxConfigurations, long seed) {
        int t = samples.length, pool = samples[0].length, k = samples[0][0].length;
        n = Math.min(n, pool);
        double[] condH = new double[pool];
        for (int i = 0; i < pool; i++) for (double[][] pass : samples) condH[i] += entropy(pass[i]) / t;
        JointEntropy.Passes passes = new JointEntropy.Passes(samples);
        SplittableRandom rng = new SplittableRandom(seed);
        // q[pass][config]: Π over chosen points of p_pass(config's label); one empty configuration at the start
        double[][] q = new double[t][1];
        for (double[] row : q) row[0] = 1;
        int[] passOf = null;           // for sampled configurations: the MC pass each was drawn with
        boolean sampled = false;
        List<Integer> chosen = new ArrayList<>();
        boolean[] taken = new boolean[pool];
        double sumCondH = 0;
        int[] idx = new int[n];
        double[] scores = new double[n];
        for (int b = 0; b < n; b++) {
            double best = Double.NEGATIVE_INFINITY;
            int arg = -1;
            double[] h = JointEntropy.entropies(q, passes, sampled);
            for (int i = 0; i < pool; i++) {
                if (taken[i]) continue;
                double mi = h[i] - (sumCondH + condH[i]);
                if (mi > best + 1e-12) {
                    best = mi;
                    arg = i;
                }
            }
            taken[arg] = true;
            chosen.add(arg);
            sumCondH += condH[arg];
            idx[b] = arg;
            scores[b] = best;
            if (b == n - 1) break;
            // extend the configurations with the new point's label
            int configs = q[0].length;
            if (!sampled && (long) configs * k <= maxConfigurations) {
                double[][] next = new double[t][configs * k];
                for (int p = 0; p < t; p++) {
                    for (int c = 0; c < configs; c++) {
                        for (int y = 0; y < k; y++) next[p][c * k + y] = q[p][c] * samples[p][arg][y];
                    }
                }
                q = next;
            } else {
                if (!sampled) {
                    // switch to sampled configurations of everything chosen so far
                    sampled = true;
                    passOf = new int[maxConfigurations];
                    q = new double[t][maxConfigurations];
                    for (int m = 0; m < maxConfigurations; m++) {
                        passOf[m] = rng.nextInt(t);
                        int[] labels = new int[chosen.size()];
                        for (int j = 0; j < chosen.size(); j++) labels[j] = draw(samples[passOf[m]][chosen.get(j)], rng);
                        for (int p = 0; p < t; p++) {
                            double prod = 1;
                            for (int j = 0; j < chosen.size(); j++) prod *= samples[p][chosen.get(j)][labels[j]];
                            q[p][m] = prod;
                        }
                    }
                } else {
                    for (int m = 0; m < maxConfigurations; m++) {
                        int y = draw(samples[passOf[m]][arg], rng);
                        for (int p = 0; p < t; p++) q[p][m] *= samples[p][arg][y];
                    }
                }
            }
        }
        return new Query(idx, scores);
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble(), acc = 0;
        for (int y = 0; y < p.length; y++) {
            acc += p[y];
            if (u < acc) return y;
        }
        return p.length - 1;
    }

    /**
     * modAL's ranked batch (uncertainty batch sampling): repeatedly picks the pool point with
     * the best α·(1 − similarity to the labelled and picked points) + (1 − α)·uncertainty,
     * α = |unlabelled| / (|unlabelled| + |labelled|), similarity = 1/(1 + Euclidean distance)
     * to the nearest such point.
     */
    public static Strategy rankedBatch(float[][] labelled) {
        return (model, pool, n) -> {
            double[] unc = leastConfidence(model.predictProba(pool));
            double[] nearest = new double[pool.length];
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (float[] l : labelled) for (int i = 0; i < pool.length; i++) nearest[i] = Math.min(nearest[i], dist(pool[i], l));
            boolean[] taken = new boolean[pool.length];
            int m = Math.min(n, pool.length);
            int[] idx = new int[m];
            double[] scores = new double[m];
            int labelledCount = labelled.length;
            for (int b = 0; b < m; b++) {
                double alpha = (double) (pool.length - b) / (pool.length - b + labelledCount + b);
                int arg = -1;
                double best = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < pool.length; i++) {
                    if (taken[i]) continue;
                    double sim = Double.isInfinite(nearest[i]) ? 0 : 1 / (1 + nearest[i]);
                    double s = alpha * (1 - sim) + (1 - alpha) * unc[i];
                    if (s > best) { best = s; arg = i; }
                }
                taken[arg] = true;
                idx[b] = arg;
                scores[b] = best;
                for (int i = 0; i < pool.length; i++) nearest[i] = Math.min(nearest[i], dist(pool[i], pool[arg]));
            }
            return new Query(idx, scores);
        };
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
