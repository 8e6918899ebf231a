package probelab.dsl;

import java.awt.Color;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.Plots;
import probelab.relegator.Baseline;
import probelab.relegator.EventClassifier;
import probelab.relegator.Events;
import probelab.relegator.Experiments;
import probelab.relegator.FitHistory;
import probelab.relegator.MoonsMass;
import probelab.relegator.Relegator;
import probelab.util.Doc;
import probelab.util.Options;

/** The relegator classifier (seed 004): data, model, baselines, plots, comparison. */
public final class RelegatorDsl {
    private RelegatorDsl() {}

    /** Options of the toy data. */
    public record MoonsOptions(
            @Doc("number of events") int n,
            @Doc("Gaussian noise on the moons") double noise,
            @Doc("clockwise rotation of the background moon, radians") double angle,
            @Doc("share of signal events") double sigFraction,
            @Doc("seed") long seed) {
        public static final MoonsOptions DEFAULTS = new MoonsOptions(20000, 0.2, 1.4, 0.5, 1);
        public static final MoonsOptions EVAL = new MoonsOptions(100_000, 0.2, 1.4, 0.01, 1001);
    }

    @Doc(value = "two moons with a mass: training events (50/50 signal by default)",
            example = "ds = moonsMass(n: 20000, noise: 0.2, angle: 1.4, seed: 1)", topic = "relegator", options = MoonsOptions.class)
    public static Events moonsMass(Map<String, ?> opts) {
        MoonsOptions o = Options.apply(MoonsOptions.DEFAULTS, opts, "moonsMass");
        return MoonsMass.generate(o.n(), o.noise(), o.angle(), o.sigFraction(), o.seed());
    }

    public static Events moonsMass() {
        return moonsMass(Map.of());
    }

    @Doc(value = "an evaluation set: 100,000 events at a small signal fraction (0.01 by default)",
            example = "ev = moonsMassEval(sigFraction: 0.001)", topic = "relegator", options = MoonsOptions.class)
    public static Events moonsMassEval(Map<String, ?> opts) {
        MoonsOptions o = Options.apply(MoonsOptions.EVAL, opts, "moonsMassEval");
        return MoonsMass.generate(o.n(), o.noise(), o.angle(), o.sigFraction(), o.seed());
    }

    public static Events moonsMassEval() {
        return moonsMassEval(Map.of());
    }

    @Doc(value = "events from a CSV file: feature columns, a 0/1 label column, a mass column",
            example = "ev = csvEvents('events.csv', features: ['x1', 'x2'], label: 'y', mass: 'm')", topic = "relegator")
    public static Events csvEvents(Map<String, ?> opts, String path) {
        Object f = opts.get("features");
        if (!(f instanceof List<?> fl) || fl.isEmpty()) throw new IllegalArgumentException("csvEvents needs features: [column names]");
        for (String k : opts.keySet()) {
            if (!List.of("features", "label", "mass").contains(k)) {
                throw new IllegalArgumentException("unknown option '" + k + "' for csvEvents; valid options: features, label, mass");
            }
        }
        return Events.readCsv(Paths.get(path), fl.stream().map(String::valueOf).toList(),
                String.valueOf(opts.containsKey("label") ? opts.get("label") : "label"),
                String.valueOf(opts.containsKey("mass") ? opts.get("mass") : "mass"));
    }

    @Doc(value = "a relegator classifier (3 outputs: background, signal, relegated; loss CE + 1/σ)",
            example = "clf = relegator(hidden: [40, 40, 20], lr: 5e-4, epochs: 1000, sigFraction: 0.01)", topic = "relegator",
            options = Relegator.Options.class)
    public static Relegator relegator(Map<String, ?> opts) {
        return Relegator.of(opts);
    }

    public static Relegator relegator() {
        return relegator(Map.of());
    }

    @Doc(value = "a baseline: sigmoid with a scanned threshold, or softmax with argmax",
            example = "b = baseline(kind: 'softmax')", topic = "relegator", options = Baseline.Options.class)
    public static Baseline baseline(Map<String, ?> opts) {
        return Baseline.of(opts);
    }

    @Doc(value = "decision map over the feature plane (relegated region grey) with the events on top",
            example = "boundaryPlot(clf, ds)", topic = "relegator")
    public static Figure boundaryPlot(Map<String, ?> opts, EventClassifier clf, Events data) {
        if (data.size() == 0 || data.x()[0].length != 2) throw new IllegalArgumentException("boundaryPlot draws 2-feature events");
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (float[] p : data.x()) {
            x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]);
        }
        int g = 90;
        float[][] grid = new float[g * g][];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                grid[i * g + j] = new float[] {(float) (x0 + (x1 - x0) * i / (g - 1)), (float) (y0 + (y1 - y0) * j / (g - 1))};
            }
        }
        int[] d = clf.decide(grid);
        String[] names = {"background region", "signal region", "relegated region"};
        Color[] colors = {new Color(190, 210, 240), new Color(245, 200, 195), new Color(200, 200, 200)};
        List<Plots.Group> groups = new ArrayList<>();
        for (int k = 0; k < 3; k++) groups.add(points(names[k], grid, d, k, colors[k], 6, Integer.MAX_VALUE));
        int[] labels = data.label();
        int show = Math.min(data.size(), 3000);
        float[][] sample = java.util.Arrays.copyOf(data.x(), show);
        groups.add(points("background events", sample, labels, 0, new Color(30, 70, 160), 6, show));
        groups.add(points("signal events", sample, labels, 1, new Color(190, 30, 30), 6, show));
        Map<String, Object> o = new LinkedHashMap<>(Map.of("title", "decision map", "xlabel", "x1", "ylabel", "x2"));
        o.putAll(opts);
        return Display.show(Plots.scatterGroups(groups, o));
    }

    public static Figure boundaryPlot(EventClassifier clf, Events data) {
        return boundaryPlot(Map.of(), clf, data);
    }

    private static Plots.Group points(String name, float[][] x, int[] cls, int k, Color c, int size, int limit) {
        int n = 0;
        for (int i = 0; i < Math.min(limit, cls.length); i++) if (cls[i] == k) n++;
        double[] xs = new double[n], ys = new double[n];
        int m = 0;
        for (int i = 0; i < Math.min(limit, cls.length); i++) {
            if (cls[i] != k) continue;
            xs[m] = x[i][0];
            ys[m++] = x[i][1];
        }
        return new Plots.Group(name, xs, ys, c, size);
    }

    @Doc(value = "mass histograms before and after selection (all events, passing events, passing signal)",
            example = "massHistograms(clf, moonsMassEval(sigFraction: 0.01))", topic = "relegator")
    public static Figure massHistograms(Map<String, ?> opts, EventClassifier clf, Events eval) {
        int[] d = clf.decide(eval.x());
        int bins = 50;
        double[] all = new double[bins], pass = new double[bins], passSig = new double[bins];
        for (int i = 0; i < eval.size(); i++) {
            double m = eval.mass()[i];
            if (m < 0 || m > 1) continue;
            int b = Math.min(bins - 1, (int) (m * bins));
            all[b]++;
            if (d[i] == EventClassifier.SIGNAL) {
                pass[b]++;
                if (eval.label()[i] == 1) passSig[b]++;
            }
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("all events", all);
        series.put("passing", pass);
        series.put("passing signal", passSig);
        Map<String, Object> o = new LinkedHashMap<>(Map.of("title", "mass before and after selection",
                "xlabel", "mass bin (of " + bins + " over [0, 1])", "ylabel", "events"));
        o.putAll(opts);
        return Display.show(Plots.lines(series, o));
    }

    public static Figure massHistograms(EventClassifier clf, Events eval) {
        return massHistograms(Map.of(), clf, eval);
    }

    /** Options of {@link #compare}. */
    public record CompareOptions(
            @Doc("signal fractions to evaluate at") double[] sigFractions,
            @Doc("seeds per fraction (fresh data and initialisation each)") int seeds,
            @Doc("training events per seed") int n,
            @Doc("noise of the moons") double noise) {
        public static final CompareOptions DEFAULTS = new CompareOptions(new double[] {0.001, 0.01, 0.1}, 5, 20000, 0.2);
    }

    @Doc(value = "relegator vs sigmoid (scanned) vs softmax over seeds and signal fractions: a table",
            example = "compare(sigFractions: [0.001, 0.01, 0.1], seeds: 5)", topic = "relegator", options = CompareOptions.class)
    public static List<Map<String, Object>> compare(Map<String, ?> opts) {
        CompareOptions o = Options.apply(CompareOptions.DEFAULTS, opts, "compare");
        Relegator.Options model = Options.apply(Relegator.Options.DEFAULTS, Map.of("progress", false), "relegator");
        List<Double> sfs = new ArrayList<>();
        for (double v : o.sigFractions()) sfs.add(v);
        List<Experiments.Row> rows = Experiments.compare(new Experiments.Data(o.n(), o.noise(), 1.4, 100_000), model, sfs,
                o.seeds(), System.out);
        System.out.print(Experiments.table(rows));
        return rows.stream().map(Experiments.Row::toMap).toList();
    }

    @Doc(value = "loss, accuracy and σ per epoch, train and test", example = "plotFit(clf.fit(ds))", topic = "relegator")
    public static List<Figure> plotFit(FitHistory h) {
        List<Figure> figs = new ArrayList<>();
        figs.add(Display.show(Plots.lines(Map.of("train", h.getTrainLoss(), "test", h.getTestLoss()),
                Map.of("title", h.getMethod() + ": loss", "xlabel", "epoch", "ylabel", "loss"))));
        figs.add(Display.show(Plots.lines(Map.of("train", h.getTrainAccuracy(), "test", h.getTestAccuracy()),
                Map.of("title", h.getMethod() + ": accuracy", "xlabel", "epoch", "ylabel", "accuracy"))));
        if (!Double.isNaN(h.getTrainSigma().length > 0 ? h.getTrainSigma()[0] : Double.NaN)) {
            figs.add(Display.show(Plots.lines(Map.of("train", h.getTrainSigma(), "test", h.getTestSigma()),
                    Map.of("title", h.getMethod() + ": soft σ of the loss", "xlabel", "epoch", "ylabel", "σ"))));
        }
        return figs;
    }
}
