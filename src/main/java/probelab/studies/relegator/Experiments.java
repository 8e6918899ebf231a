package probelab.studies.relegator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The relegator against its baselines over several seeds and signal fractions: each seed
 * draws fresh training data, trains the relegator (σ tuned to the fraction) and both
 * baselines, and evaluates all three on a fresh 100,000-event set at that fraction.
 */
public final class Experiments {
    private Experiments() {}

    /** Mean and standard deviation of each metric per method, plus the collapsed relegator runs. */
    public record Row(double sigFraction, String method, int runs, double sigmaMean, double sigmaStd, double accuracyMean,
                      double accuracyStd, double relegatedMean, double relegatedStd, int collapsed, double sigmaRawMean) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sig_fraction", sigFraction);
            m.put("method", method);
            m.put("runs", runs);
            m.put("sigma_pass_mean", sigmaMean);
            m.put("sigma_pass_std", sigmaStd);
            m.put("accuracy_mean", accuracyMean);
            m.put("accuracy_std", accuracyStd);
            m.put("fraction_relegated_mean", relegatedMean);
            m.put("fraction_relegated_std", relegatedStd);
            m.put("collapsed_runs", collapsed);
            m.put("sigma_raw_mean", sigmaRawMean);
            return m;
        }
    }

    /** Data settings of an experiment. */
    public record Data(int n, double noise, double angle, int nEval) {
        public static final Data DEFAULTS = new Data(20000, 0.2, 1.4, 100_000);
    }

    /** Options of the comparison table. */
    public record CompareOptions(
            @probelab.util.Doc("signal fractions to evaluate at") double[] sigFractions,
            @probelab.util.Doc("seeds per fraction (fresh data and initialisation each)") int seeds,
            @probelab.util.Doc("training events per seed") int n,
            @probelab.util.Doc("noise of the moons") double noise) {
        public static final CompareOptions DEFAULTS = new CompareOptions(new double[] {0.001, 0.01, 0.1}, 5, 20000, 0.2);

        public CompareOptions {
            if (sigFractions.length == 0) throw new IllegalArgumentException("sigFractions must name at least one fraction");
            for (double f : sigFractions) {
                if (!(f > 0 && f < 1)) throw new IllegalArgumentException("sigFractions must lie in (0, 1), got " + f);
            }
            if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
            if (n < 2) throw new IllegalArgumentException("n must be at least 2 events, got " + n);
            if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        }
    }

    /** The comparison with the default relegator (progress bars off), printed as it goes; the table's rows. */
    public static List<Row> compare(CompareOptions o, java.io.PrintStream log) {
        Relegator.Options model = Relegator.Options.DEFAULTS.quiet();
        List<Double> sfs = new ArrayList<>();
        for (double v : o.sigFractions()) sfs.add(v);
        return compare(new Data(o.n(), o.noise(), 1.4, 100_000), model, sfs, o.seeds(), log);
    }

    public static List<Row> compare(Data data, Relegator.Options model, List<Double> sigFractions, int seeds,
                                    java.io.PrintStream log) {
        List<Integer> all = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) all.add(seed);
        return compare(data, model, sigFractions, all, log);
    }

    /** As above, over the named seeds (one, for a sweep's cell). */
    public static List<Row> compare(Data data, Relegator.Options model, List<Double> sigFractions, List<Integer> seeds,
                                    java.io.PrintStream log) {
        List<Row> rows = new ArrayList<>();
        for (double sf : sigFractions) {
            Map<String, List<Evaluation>> byMethod = new LinkedHashMap<>();
            for (int seed : seeds) {
                if (Thread.currentThread().isInterrupted()) break;
                Events train = MoonsMass.generate(data.n(), data.noise(), data.angle(), 0.5, seed);
                Events eval = MoonsMass.generate(data.nEval(), data.noise(), data.angle(), sf, 1000 + seed);
                Relegator r = new Relegator(model.forFraction(sf, seed));
                r.fit(train);
                add(byMethod, r.evaluate(eval), log, sf, seed);
                for (Baseline.Kind k : Baseline.Kind.values()) {
                    Baseline b = new Baseline(Baseline.Options.like(model, k, sf, seed));
                    b.fit(train);
                    add(byMethod, b.evaluate(eval), log, sf, seed);
                }
            }
            byMethod.forEach((method, evs) -> rows.add(summarise(sf, method, evs)));
        }
        return rows;
    }

    private static void add(Map<String, List<Evaluation>> byMethod, Evaluation e, java.io.PrintStream log, double sf, int seed) {
        byMethod.computeIfAbsent(e.method(), k -> new ArrayList<>()).add(e);
        if (log != null) log.printf(Locale.ROOT, "sf %s seed %d  %s%n", probelab.util.Num.format(sf), seed, e);
    }

    static Row summarise(double sf, String method, List<Evaluation> evs) {
        int n = evs.size();
        double mean = 0, acc = 0, rel = 0, raw = 0;
        int collapsed = 0;
        for (Evaluation e : evs) {
            mean += e.sigmaPass() / n;
            acc += e.accuracy() / n;
            rel += e.fractionRelegated() / n;
            raw += e.sigmaRaw() / n;
            if (method.equals("relegator") && e.collapsed()) collapsed++;
        }
        return new Row(sf, method, n, mean, std(evs, Evaluation::sigmaPass, mean), acc, std(evs, Evaluation::accuracy, acc),
                rel, std(evs, Evaluation::fractionRelegated, rel), collapsed, raw);
    }

    private static double std(List<Evaluation> evs, java.util.function.ToDoubleFunction<Evaluation> f, double mean) {
        if (evs.size() < 2) return 0;
        double var = 0;
        for (Evaluation e : evs) var += (f.applyAsDouble(e) - mean) * (f.applyAsDouble(e) - mean);
        return Math.sqrt(var / (evs.size() - 1));
    }

    /** The rows as a text table. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s %-28s %5s %14s %9s %9s %9s%n",
                "sf", "method", "runs", "σ pass", "σ raw", "accuracy", "relegated"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-8s %-28s %5d %7.2f ± %-5.2f %9.2f %9.3f %9.3f%s%n", probelab.util.Num.format(r.sigFraction()),
                    r.method(), r.runs(), r.sigmaMean(), r.sigmaStd(), r.sigmaRawMean(), r.accuracyMean(),
                    r.relegatedMean(), r.collapsed() > 0 ? "  (" + r.collapsed() + " collapsed)" : ""));
        }
        return sb.toString();
    }
}
