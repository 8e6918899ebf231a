package probelab.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.Plots;
import probelab.rl.TrainingRun;
import probelab.util.Doc;

/** Plots: shown in a window, or written as PNG with a terminal preview when headless. */
public final class PlotDsl {
    private PlotDsl() {}

    @Doc(value = "line plot of a series (or y against x); a training run plots its win rate",
            example = "plot(run.winRate, title: 'win rate', ylabel: 'wins / 100')", topic = "plot", options = Plots.PlotOptions.class)
    public static Figure plot(Map<String, ?> opts, Object y) {
        if (y instanceof TrainingRun run) return plot(opts, run);
        if (y instanceof probelab.relegator.FitHistory h) return RelegatorDsl.plotFit(h).get(0);
        if (y instanceof probelab.active.Experiment.Result r) return ActiveDsl.plotLearningCurves(r);
        return Display.show(Plots.line(y, opts));
    }

    public static Figure plot(Object y) {
        return plot(Map.of(), y);
    }

    public static Figure plot(Map<String, ?> opts, Object x, Object y) {
        return Display.show(Plots.line(x, y, opts));
    }

    public static Figure plot(Object x, Object y) {
        return plot(Map.of(), x, y);
    }

    /** A training run: win rate (and mean return) over the last 100 episodes. */
    public static Figure plot(Map<String, ?> opts, TrainingRun run) {
        Map<String, Object> o = new LinkedHashMap<>(Map.of("title", run.getName() + " training", "xlabel", "episode",
                "ylabel", "mean over last 100 episodes"));
        o.putAll(opts);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("win rate", run.getWinRate());
        series.put("return", run.getMeanReward());
        return Display.show(Plots.lines(series, o));
    }

    @Doc(value = "several named series on one line plot", example = "lines([train: a, test: b], title: 'loss')", topic = "plot",
            options = Plots.PlotOptions.class)
    public static Figure lines(Map<String, ?> opts, Map<String, ?> series) {
        return Display.show(Plots.lines(series, opts));
    }

    public static Figure lines(Map<String, ?> series) {
        return lines(Map.of(), series);
    }

    @Doc(value = "scatter of an embedding, PCA scores or [n][2] points, coloured by class labels (legend) or a value (colour bins)",
            example = "scatter(e, color: ds.labels, classes: ds.classNames)", topic = "plot", options = Plots.PlotOptions.class)
    public static Figure scatter(Map<String, ?> opts, Object points) {
        Map<String, Object> rest = new LinkedHashMap<>(opts);
        Object color = rest.remove("color");
        Object classes = rest.remove("classes");
        double[][] p;
        if (points instanceof probelab.analysis.Tsne.Embedding e) {
            p = e.getPoints();
            rest.putIfAbsent("title", "t-SNE of " + e.n + " points");
            rest.putIfAbsent("xlabel", "t-SNE 1");
            rest.putIfAbsent("ylabel", e.dims > 1 ? "t-SNE 2" : "");
        } else if (points instanceof probelab.analysis.Pca pc) {
            p = probelab.plot.Data.matrix(pc.scores, "scatter");
            rest.putIfAbsent("xlabel", "PC 1");
            rest.putIfAbsent("ylabel", "PC 2");
        } else {
            p = probelab.plot.Data.matrix(points, "scatter");
        }
        double[] x = new double[p.length], y = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = p[i][0];
            y[i] = p[i].length > 1 ? p[i][1] : 0;
        }
        if (color == null) return Display.show(Plots.scatter(x, y, rest));
        String[] names = classes == null ? null : classes instanceof String[] a ? a
                : ((java.util.Collection<?>) classes).stream().map(String::valueOf).toArray(String[]::new);
        return Display.show(Plots.scatterColored(x, y, color, names, rest));
    }

    public static Figure scatter(Object points) {
        return scatter(Map.of(), points);
    }

    @Doc(value = "scatter plot of points (x[i], y[i])", example = "scatter(xs, ys, title: 'embedding')", topic = "plot",
            options = Plots.PlotOptions.class)
    public static Figure scatter(Map<String, ?> opts, Object x, Object y) {
        return Display.show(Plots.scatter(x, y, opts));
    }

    public static Figure scatter(Object x, Object y) {
        return scatter(Map.of(), x, y);
    }

    @Doc(value = "histogram of values", example = "hist(run.loss, bins: 50)", topic = "plot", options = Plots.PlotOptions.class)
    public static Figure hist(Map<String, ?> opts, Object values) {
        return Display.show(Plots.histogram(values, opts));
    }

    public static Figure hist(Object values) {
        return hist(Map.of(), values);
    }

    @Doc(value = "heat map of a matrix (row 0 on top), e.g. weights or an image", example = "heatmap(agent.network.weights(0))",
            topic = "plot", options = Plots.PlotOptions.class)
    public static Figure heatmap(Map<String, ?> opts, Object matrix) {
        return Display.show(Plots.heatmap(matrix, opts));
    }

    public static Figure heatmap(Object matrix) {
        return heatmap(Map.of(), matrix);
    }

    @Doc(value = "shows a figure again (window, or PNG and preview)", example = "show(fig)", topic = "plot")
    public static Figure show(Figure f) {
        return Display.show(f);
    }
}
