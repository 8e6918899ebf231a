package probelab.active;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import probelab.data.ImageDataset;
import probelab.util.Progress;

/**
 * Strategies compared over seeds with an oracle (the held-back true labels): each seed
 * shuffles the data, starts from {@code initialPerClass} labels per class, and acquires
 * {@code perRound} labels per round up to {@code maxLabels}, measuring test accuracy after
 * every refit. Random is always included.
 */
public final class Experiment {
    /** The protocol. */
    public record Setup(int initialPerClass, int perRound, int maxLabels, int seeds, int testSize, int firstSeed) {
        public static final Setup BATCHBALD_PAPER = new Setup(2, 10, 300, 3, 1000);

        /** Seeds 1, 2, … {@code seeds}. */
        public Setup(int initialPerClass, int perRound, int maxLabels, int seeds, int testSize) {
            this(initialPerClass, perRound, maxLabels, seeds, testSize, 1);
        }

        public Setup {
            probelab.util.Check.atLeast("firstSeed", firstSeed, 1);
            probelab.util.Check.atLeast("initialPerClass", initialPerClass, 1);
            probelab.util.Check.atLeast("perRound", perRound, 1);
            probelab.util.Check.atLeast("seeds", seeds, 1);
            probelab.util.Check.atLeast("testSize", testSize, 1);
            probelab.util.Check.atLeast("maxLabels", maxLabels, 1);
        }
    }

    /** Options of a comparison: which strategies, which estimator, and the protocol. */
    public record CompareOptions(
            @probelab.util.Doc("strategies besides random: uncertainty, margin, entropy, bald, batchbald") List<String> strategies,
            @probelab.util.Doc("estimator: logistic, cnn (the seed notebook's CNN, dropout before its last layer) or bayesian (the BatchBALD paper's CNN, dropout in every block)") String estimator,
            @probelab.util.Doc("initial labels per class") int initialPerClass,
            @probelab.util.Doc("labels acquired per round") int perRound,
            @probelab.util.Doc("stop at this many labels") int maxLabels,
            @probelab.util.Doc("seeds (shuffles and initialisations)") int seeds,
            @probelab.util.Doc("the first seed: seeds firstSeed … firstSeed + seeds − 1 (a sweep's cell runs one)") int firstSeed,
            @probelab.util.Doc("held-out test images") int testSize,
            @probelab.util.Doc("CNN epochs per refit") int epochs,
            @probelab.util.Doc("CNN gradient steps per refit at least (small labelled sets)") int minSteps,
            @probelab.util.Doc("MC-dropout passes for bald and batchbald") int passes,
            @probelab.util.Doc("show a progress bar") boolean progress) {
        static final List<String> ESTIMATORS = List.of("logistic", "cnn", "bayesian");
        public static final CompareOptions DEFAULTS = new CompareOptions(List.of("entropy", "bald", "batchbald"), "cnn",
                2, 10, 300, 3, 1, 1000, 10, 300, 20, true);

        public CompareOptions {
            strategies = strategies.stream().map(String::valueOf).toList();
            for (String name : strategies) {
                if (!Strategies.NAMES.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("leastconfident")) {
                    throw new IllegalArgumentException("unknown strategy '" + name + "'; valid: " + String.join(", ", Strategies.NAMES));
                }
            }
            if (!ESTIMATORS.contains(estimator)) {
                throw new IllegalArgumentException("estimator must be logistic, cnn or bayesian, got '" + estimator + "'");
            }
            new Setup(initialPerClass, perRound, maxLabels, seeds, testSize, firstSeed);
            probelab.util.Check.atLeast("epochs", epochs, 1);
            probelab.util.Check.atLeast("minSteps", minSteps, 0);
            probelab.util.Check.atLeast("passes", passes, 2);
        }
    }

    /** The named strategies against random, with the named estimator, over seeds (the oracle answers). */
    public static Result compare(ImageDataset data, CompareOptions o) {
        Map<String, LongFunction<Strategy>> strategies = new LinkedHashMap<>();
        for (String name : o.strategies()) strategies.put(name, seed -> Strategies.named(name, o.passes(), seed));
        int classes = data.getClassNames().length;
        LongFunction<Estimator> est = switch (o.estimator()) {
            case "logistic" -> seed -> new SmileLogistic(classes, 1.0);
            case "cnn" -> seed -> new SeedCnn(data.getHeight(), data.getWidth(), classes, o.epochs(), 32, o.minSteps(), seed);
            default -> seed -> new BayesianCnn(data.getHeight(), data.getWidth(), classes,
                    BayesianCnn.Options.DEFAULTS.with(o.epochs(), o.minSteps(), seed));
        };
        return run(data, strategies, est, new Setup(o.initialPerClass(), o.perRound(), o.maxLabels(), o.seeds(), o.testSize(), o.firstSeed()),
                o.progress());
    }

    /** Accuracy after each round, per strategy and seed; label counts per round. */
    public static final class Result implements probelab.plot.Plottable {
        public final int[] labels;
        public final Map<String, double[][]> accuracy = new LinkedHashMap<>();
        /** Why the run stopped early with a non-finite loss or gradient (null when it did not): which strategy, seed and round. */
        public final String diverged;

        public Result(int[] labels) {
            this(labels, null);
        }

        public Result(int[] labels, String diverged) {
            this.labels = labels;
            this.diverged = diverged;
        }

        /** Labels needed to reach {@code target} accuracy in each seed (NaN where never reached). */
        public double[] labelsToReach(String strategy, double target) {
            double[][] acc = accuracy.get(strategy);
            double[] out = new double[acc.length];
            for (int s = 0; s < acc.length; s++) {
                out[s] = Double.NaN;
                for (int r = 0; r < acc[s].length; r++) {
                    if (acc[s][r] >= target) {
                        out[s] = labels[r];
                        break;
                    }
                }
            }
            return out;
        }

        /** The median over seeds (NaN counts as never: a median that lands on one is NaN). */
        public static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s); // NaN sorts last
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        @Override
        public probelab.plot.LineOptions plotDefaults() {
            return probelab.plot.LineOptions.of("accuracy vs labels", "labels", "test accuracy");
        }

        /** Test accuracy against labels: the mean over seeds with ± sd bars, one curve per strategy. */
        @Override
        public probelab.plot.Figure figure(probelab.plot.LineOptions o) {
            Map<String, double[]> means = new LinkedHashMap<>(), sds = new LinkedHashMap<>();
            for (String s : accuracy.keySet()) {
                means.put(s, mean(s));
                sds.put(s, std(s));
            }
            double[] x = Arrays.stream(labels).asDoubleStream().toArray();
            return probelab.plot.Plots.linesWithErrors(x, means, sds, o);
        }

        public double[] mean(String strategy) {
            double[][] acc = accuracy.get(strategy);
            double[] m = new double[labels.length];
            for (double[] row : acc) for (int r = 0; r < m.length; r++) m[r] += row[r] / acc.length;
            return m;
        }

        public double[] std(String strategy) {
            double[][] acc = accuracy.get(strategy);
            double[] m = mean(strategy), sd = new double[labels.length];
            if (acc.length < 2) return sd;
            for (double[] row : acc) for (int r = 0; r < m.length; r++) sd[r] += (row[r] - m[r]) * (row[r] - m[r]) / (acc.length - 1);
            for (int r = 0; r < sd.length; r++) sd[r] = Math.sqrt(sd[r]);
            return sd;
        }

        public Map<String, Object> summary(double... targets) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String s : accuracy.keySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (double t : targets) {
                    double med = median(labelsToReach(s, t));
                    row.put(String.format(Locale.ROOT, "median_labels_to_%.0f", 100 * t), Double.isNaN(med) ? null : med);
                }
                double[] mean = mean(s);
                row.put("final_accuracy_mean", mean.length == 0 ? null : mean[mean.length - 1]); // none: stopped before a shared round
                m.put(s, row);
            }
            if (diverged != null) m.put("diverged", diverged);
            return m;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("labels   ");
            for (String s : accuracy.keySet()) sb.append(String.format(Locale.ROOT, "%12s", s));
            sb.append('\n');
            for (int r = 0; r < labels.length; r++) {
                sb.append(String.format(Locale.ROOT, "%6d   ", labels[r]));
                for (String s : accuracy.keySet()) sb.append(String.format(Locale.ROOT, "%12.3f", mean(s)[r]));
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    private Experiment() {}

    /** Runs every strategy (made per seed by its factory) with a fresh estimator per seed. */
    public static Result run(ImageDataset data, Map<String, LongFunction<Strategy>> strategies,
                             LongFunction<Estimator> estimators, Setup setup, boolean progress) {
        int classes = data.getClassNames().length;
        int initial = setup.initialPerClass() * classes;
        List<Integer> counts = new ArrayList<>();
        for (int l = initial; l <= setup.maxLabels(); l += setup.perRound()) counts.add(l);
        Map<String, LongFunction<Strategy>> all = new LinkedHashMap<>();
        all.put("random", Strategies::random);
        all.putAll(strategies);
        Progress bar = new Progress("active", (long) all.size() * setup.seeds() * counts.size(), progress);
        long done = 0;
        Map<String, double[][]> acc = new LinkedHashMap<>();
        for (String name : all.keySet()) acc.put(name, new double[setup.seeds()][counts.size()]);
        // seeds outer, strategies inner: a long run stopped early still holds whole comparisons
        int seedsDone = 0, roundsDone = counts.size();
        String diverged = null; // a fit that met a NaN or infinite gradient ends the run as an interrupt would
        for (int s = 0; s < setup.seeds() && diverged == null && !Thread.currentThread().isInterrupted(); s++) {
            long seed = setup.firstSeed() + s;
            ImageDataset shuffled = data.shuffle(seed);
            ImageDataset test = shuffled.subset(0, setup.testSize());
            ImageDataset rest = shuffled.subset(setup.testSize(), shuffled.size());
            int[] y = rest.getLabels();
            int[] init = perClass(y, setup.initialPerClass(), classes);
            float[][] x0 = new float[init.length][];
            int[] y0 = new int[init.length];
            for (int i = 0; i < init.length; i++) { x0[i] = rest.rows()[init[i]]; y0[i] = y[init[i]]; }
            for (Map.Entry<String, LongFunction<Strategy>> e : all.entrySet()) {
                if (diverged != null) { // this strategy never ran for this seed
                    roundsDone = 0;
                    break;
                }
                double[] a = acc.get(e.getKey())[s];
                Pool pool = new Pool(rest.rows());
                pool.take(init);
                int r = 0;
                try {
                    ActiveLearner learner = new ActiveLearner(estimators.apply(seed), e.getValue().apply(seed), x0, y0);
                    for (; r < counts.size() && !Thread.currentThread().isInterrupted(); r++) {
                        if (r > 0) {
                            Query q = learner.query(pool.points(), counts.get(r) - counts.get(r - 1));
                            float[][] qx = new float[q.indices().length][];
                            for (int i = 0; i < qx.length; i++) qx[i] = pool.points()[q.indices()[i]];
                            int[] origin = pool.take(q.indices());
                            int[] qy = new int[origin.length];
                            for (int i = 0; i < origin.length; i++) qy[i] = y[origin[i]]; // the oracle: held-back true labels
                            learner.teach(qx, qy);
                        }
                        a[r] = learner.score(test.rows(), test.getLabels());
                        log(e.getKey(), seed, counts.get(r), a[r]);
                        bar.update(++done, "seed", seed, "strategy", e.getKey(), "acc", a[r]);
                    }
                } catch (probelab.optim.Diverged d) {
                    diverged = String.format(Locale.ROOT, "%s, seed %d, round %d: %s", e.getKey(), seed, r + 1, d.getMessage());
                }
                roundsDone = Math.min(roundsDone, r);
            }
            if (diverged == null && !Thread.currentThread().isInterrupted()) seedsDone++;
        }
        // stopped early: the whole seeds, or else the rounds of the first seed that every strategy finished
        int seedsKept = seedsDone > 0 ? seedsDone : 1, roundsKept = seedsDone > 0 ? counts.size() : roundsDone;
        Result result = new Result(counts.stream().limit(roundsKept).mapToInt(Integer::intValue).toArray(), diverged);
        for (Map.Entry<String, double[][]> e : acc.entrySet()) {
            double[][] kept = new double[seedsKept][];
            for (int s = 0; s < seedsKept; s++) kept[s] = Arrays.copyOf(e.getValue()[s], roundsKept);
            result.accuracy.put(e.getKey(), kept);
        }
        bar.finish(done, Thread.currentThread().isInterrupted() ? "interrupted" : diverged != null ? "stopped: diverged" : "done");
        if (diverged != null) System.err.println("active learning stopped, keeping the finished rounds: " + diverged);
        return result;
    }

    /** One line of {@code rounds.csv} in the output folder per round, as it finishes: a long comparison keeps what it measured. */
    private static void log(String strategy, long seed, int labels, double accuracy) {
        probelab.util.LogFile.append(probelab.util.OutputDir.current().resolve("rounds.csv"), "strategy,seed,labels,test_accuracy",
                String.format(Locale.ROOT, "%s,%d,%d,%.4f", strategy, seed, labels, accuracy));
    }

    /** The first {@code k} positions of each class. */
    static int[] perClass(int[] y, int k, int classes) {
        int[] seen = new int[classes];
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < y.length && out.size() < k * classes; i++) {
            if (seen[y[i]] < k) {
                seen[y[i]]++;
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
