package probelab.workbench.dsl;

import java.util.Map;
import probelab.plot.Data;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.HeatmapOptions;
import probelab.plot.HistOptions;
import probelab.plot.Images;
import probelab.plot.LineOptions;
import probelab.plot.Plots;
import probelab.plot.Plottable;
import probelab.plot.ScatterOptions;
import probelab.plot.Series;
import probelab.util.Doc;
import probelab.util.Options;

/** Plots: shown in a window, or written as PNG with a terminal preview when headless. */
public final class PlotDsl {
    private PlotDsl() {}

    @Doc(value = "line plot of a series (or y against x); a training run, fit history or learning curve draws its own figure",
            example = "plot(run.winRate, ylabel: 'wins / 100')", topic = "plot", options = LineOptions.class)
    public static Figure plot(Map<String, ?> opts, Object y) {
        if (y instanceof probelab.workbench.sweep.SweepResult s) return Display.show(s.figure(opts));
        if (y instanceof Plottable p) return Display.show(p.figure(Options.apply(LineOptions.class, () -> p.plotDefaults(), opts, "plot")));
        return Display.show(Plots.line(y, Options.apply(LineOptions.class, () -> lineDefaults(y), opts, "plot")));
    }

    public static Figure plot(Object y) {
        return plot(Map.of(), y);
    }

    public static Figure plot(Map<String, ?> opts, Object x, Object y) {
        return Display.show(Plots.line(x, y, Options.apply(LineOptions.class, () -> {
            LineOptions d = lineDefaults(y);
            return x instanceof Series sx ? new LineOptions(d.title(), sx.getName(), d.ylabel(), "", d.width(), d.height(), false) : d;
        }, opts, "plot")));
    }

    public static Figure plot(Object x, Object y) {
        return plot(Map.of(), x, y);
    }

    /** A named series titles and labels its plot; anything else is values against their index. */
    private static LineOptions lineDefaults(Object y) {
        if (y instanceof Series s) return LineOptions.of(s.getName(), s.getIndex(), s.getName());
        return LineOptions.DEFAULTS;
    }

    @Doc(value = "several named series on one line plot", example = "lines([train: a, test: b], title: 'loss')", topic = "plot",
            options = LineOptions.class)
    public static Figure lines(Map<String, ?> opts, Map<String, ?> series) {
        return Display.show(Plots.lines(series, Options.apply(LineOptions.DEFAULTS, opts, "lines")));
    }

    public static Figure lines(Map<String, ?> series) {
        return lines(Map.of(), series);
    }

    @Doc(value = "scatter of an embedding, PCA scores or [n][2] points, coloured by class labels (legend) or a value (colour bins)",
            example = "scatter(e, color: ds.labels, classes: ds.classNames)", topic = "plot", options = ScatterOptions.class)
    public static Figure scatter(Map<String, ?> opts, Object points) {
        ScatterOptions o = Options.apply(ScatterOptions.class, () -> scatterDefaults(points), opts, "scatter");
        double[][] p = points instanceof probelab.embed.Tsne.Embedding e ? e.getPoints()
                : Data.matrix(points instanceof probelab.embed.Pca pc ? pc.scores : points, "scatter");
        double[] x = new double[p.length], y = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = p[i][0];
            y[i] = p[i].length > 1 ? p[i][1] : 0;
        }
        return Display.show(Plots.scatter(x, y, o));
    }

    /** An embedding or PCA scores title and label their own axes. */
    private static ScatterOptions scatterDefaults(Object points) {
        if (points instanceof probelab.embed.Tsne.Embedding e) {
            return ScatterOptions.of("t-SNE of " + e.n + " points", "t-SNE 1", e.dims > 1 ? "t-SNE 2" : "");
        }
        if (points instanceof probelab.embed.Pca) return ScatterOptions.of("PCA scores", "PC 1", "PC 2");
        return ScatterOptions.DEFAULTS;
    }

    public static Figure scatter(Object points) {
        return scatter(Map.of(), points);
    }

    @Doc(value = "scatter plot of points (x[i], y[i])", example = "scatter(xs, ys, title: 'embedding')", topic = "plot",
            options = ScatterOptions.class)
    public static Figure scatter(Map<String, ?> opts, Object x, Object y) {
        return Display.show(Plots.scatter(x, y, Options.apply(ScatterOptions.DEFAULTS, opts, "scatter")));
    }

    public static Figure scatter(Object x, Object y) {
        return scatter(Map.of(), x, y);
    }

    @Doc(value = "histogram of values", example = "hist(run.loss, bins: 50)", topic = "plot", options = HistOptions.class)
    public static Figure hist(Map<String, ?> opts, Object values) {
        return Display.show(Plots.histogram(values, Options.apply(HistOptions.class, () -> values instanceof Series s
                ? new HistOptions("histogram of " + s.getName(), s.getName(), "count", 640, 400, 30, false) : HistOptions.DEFAULTS, opts, "hist")));
    }

    public static Figure hist(Object values) {
        return hist(Map.of(), values);
    }

    @Doc(value = "heat map of a matrix (row 0 on top), e.g. weights or an image", example = "heatmap(agent.network.weights(0))",
            topic = "plot", options = HeatmapOptions.class)
    public static Figure heatmap(Map<String, ?> opts, Object matrix) {
        return Display.show(Plots.heatmap(matrix, Options.apply(HeatmapOptions.DEFAULTS, opts, "heatmap")));
    }

    public static Figure heatmap(Object matrix) {
        return heatmap(Map.of(), matrix);
    }

    @Doc(value = "shows a figure again (window, or PNG and preview)", example = "show(fig)", topic = "plot")
    public static Figure show(Figure f) {
        return Display.show(f);
    }

    @Doc(value = "shows a picture (an environment's render(), a frame): a window with a display, else a PNG in the output folder and a terminal sketch",
            example = "image(env.render(), title: 'what the agent sees')", topic = "plot", options = Images.Options.class)
    public static java.nio.file.Path image(Map<String, ?> opts, java.awt.image.BufferedImage img) {
        return Images.show(img, Options.apply(Images.Options.DEFAULTS, opts, "image"));
    }

    public static java.nio.file.Path image(java.awt.image.BufferedImage img) {
        return image(Map.of(), img);
    }
}
