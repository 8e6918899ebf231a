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

    /** Options of {@link #image}. */
    public record ImageOptions(@Doc("title (and the file's name)") String title) {
        public static final ImageOptions DEFAULTS = new ImageOptions("image");
    }

    @Doc(value = "shows a picture (an environment's render(), a frame): a window with a display, else a PNG in the output folder and a terminal sketch",
            example = "image(env.render(), title: 'what the agent sees')", topic = "plot", options = ImageOptions.class)
    public static java.nio.file.Path image(Map<String, ?> opts, java.awt.image.BufferedImage img) {
        ImageOptions o = probelab.util.Options.apply(ImageOptions.DEFAULTS, opts, "image");
        java.nio.file.Path p = probelab.util.AtomicFiles.write(probelab.util.OutputDir.current().nextFigure(o.title()),
                out -> javax.imageio.ImageIO.write(img, "png", out));
        if (Display.canOpenWindows()) {
            javax.swing.SwingUtilities.invokeLater(() -> {
                javax.swing.JFrame frame = new javax.swing.JFrame(o.title());
                frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                frame.add(new javax.swing.JLabel(new javax.swing.ImageIcon(img)));
                frame.pack();
                frame.setLocationByPlatform(true);
                frame.setVisible(true);
            });
        } else {
            System.out.print(sketch(img, 60));
        }
        System.out.println("saved " + p);
        return p;
    }

    public static java.nio.file.Path image(java.awt.image.BufferedImage img) {
        return image(Map.of(), img);
    }

    /** The picture in characters by brightness, {@code cols} wide (terminal cells are about twice as tall as wide). */
    static String sketch(java.awt.image.BufferedImage img, int cols) {
        String ramp = " .:-=+*#%@";
        int w = Math.min(cols, img.getWidth()), rows = Math.max(1, (int) Math.round((double) img.getHeight() / img.getWidth() * w / 2));
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < w; c++) {
                int rgb = img.getRGB(c * img.getWidth() / w, r * img.getHeight() / rows);
                double y = (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff)) / 255;
                sb.append(ramp.charAt(Math.min(ramp.length() - 1, (int) (y * ramp.length()))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
