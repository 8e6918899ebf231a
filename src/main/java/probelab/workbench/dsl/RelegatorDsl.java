package probelab.workbench.dsl;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.studies.relegator.Baseline;
import probelab.studies.relegator.EventClassifier;
import probelab.studies.relegator.Events;
import probelab.studies.relegator.Experiments;
import probelab.studies.relegator.Figures;
import probelab.studies.relegator.FitHistory;
import probelab.studies.relegator.MoonsMass;
import probelab.studies.relegator.Relegator;
import probelab.util.Doc;
import probelab.util.Options;

/** The relegator classifier (seed 004): data, model, baselines, plots, comparison. */
public final class RelegatorDsl {
    private RelegatorDsl() {}

    @Doc(value = "two moons with a mass: training events (50/50 signal by default)",
            example = "ds = moonsMass(n: 20000, noise: 0.2, angle: 1.4, seed: 1)", topic = "relegator", options = MoonsMass.Options.class)
    public static Events moonsMass(Map<String, ?> opts) {
        return MoonsMass.generate(Options.apply(MoonsMass.Options.DEFAULTS, opts, "moonsMass"));
    }

    public static Events moonsMass() {
        return moonsMass(Map.of());
    }

    @Doc(value = "an evaluation set: 100,000 events at a small signal fraction (0.01 by default)",
            example = "ev = moonsMassEval(sigFraction: 0.001)", topic = "relegator", options = MoonsMass.Options.class)
    public static Events moonsMassEval(Map<String, ?> opts) {
        return MoonsMass.generate(Options.apply(MoonsMass.Options.EVAL, opts, "moonsMassEval"));
    }

    public static Events moonsMassEval() {
        return moonsMassEval(Map.of());
    }

    @Doc(value = "events from a CSV file: feature columns, a 0/1 label column, a mass column",
            example = "ev = csvEvents('events.csv', features: ['x1', 'x2'], label: 'y', mass: 'm')", topic = "relegator",
            options = Events.CsvOptions.class)
    public static Events csvEvents(Map<String, ?> opts, String path) {
        Events.CsvOptions o = Options.apply(Events.CsvOptions.DEFAULTS, opts, "csvEvents");
        if (path == null) throw new IllegalArgumentException("csvEvents needs a file: csvEvents('events.csv', features: [...])");
        return Events.readCsv(Paths.get(path), o);
    }

    @Doc(value = "a relegator classifier (3 outputs: background, signal, relegated; loss CE + 1/σ)",
            example = "clf = relegator(hidden: [40, 40, 20], lr: 5e-4, epochs: 1000, sigFraction: 0.01)", topic = "relegator",
            options = Relegator.Options.class)
    public static Relegator relegator(Map<String, ?> opts) {
        return new Relegator(Options.apply(Relegator.Options.DEFAULTS, opts, "relegator"));
    }

    public static Relegator relegator() {
        return relegator(Map.of());
    }

    @Doc(value = "a baseline: sigmoid with a scanned threshold, or softmax with argmax",
            example = "b = baseline(kind: 'softmax')", topic = "relegator", options = Baseline.Options.class)
    public static Baseline baseline(Map<String, ?> opts) {
        return new Baseline(Options.apply(Baseline.Options.DEFAULTS, opts, "baseline"));
    }

    public static Baseline baseline() {
        return baseline(Map.of());
    }

    @Doc(value = "decision map over the feature plane (regions filled, relegated grey) with the events on top",
            example = "boundaryPlot(clf, ds)", topic = "relegator", options = Figures.MapOptions.class)
    public static Figure boundaryPlot(Map<String, ?> opts, EventClassifier clf, Events data) {
        return Display.show(Figures.decisionMap(clf, data, Options.apply(Figures.MapOptions.DEFAULTS, opts, "boundaryPlot")));
    }

    public static Figure boundaryPlot(EventClassifier clf, Events data) {
        return boundaryPlot(Map.of(), clf, data);
    }

    @Doc(value = "mass histograms before and after selection (all events, passing events, passing signal), log y by default",
            example = "massHistograms(clf, moonsMassEval(sigFraction: 0.01), logY: false)", topic = "relegator",
            options = Figures.MassOptions.class)
    public static Figure massHistograms(Map<String, ?> opts, EventClassifier clf, Events eval) {
        return Display.show(Figures.massHistograms(clf, eval, Options.apply(Figures.MassOptions.DEFAULTS, opts, "massHistograms")));
    }

    public static Figure massHistograms(EventClassifier clf, Events eval) {
        return massHistograms(Map.of(), clf, eval);
    }

    @Doc(value = "relegator vs sigmoid (scanned) vs softmax over seeds and signal fractions: a table",
            example = "compare(sigFractions: [0.001, 0.01, 0.1], seeds: 5)", topic = "relegator", options = Experiments.CompareOptions.class)
    public static List<Map<String, Object>> compare(Map<String, ?> opts) {
        List<Experiments.Row> rows = Experiments.compare(Options.apply(Experiments.CompareOptions.DEFAULTS, opts, "compare"), System.out);
        System.out.print(Experiments.table(rows));
        return rows.stream().map(Experiments.Row::toMap).toList();
    }

    @Doc(value = "loss, accuracy and σ per epoch, train and test", example = "plotFit(clf.fit(ds))", topic = "relegator")
    public static List<Figure> plotFit(FitHistory h) {
        return Figures.fitCurves(h).stream().map(Display::show).toList();
    }
}
