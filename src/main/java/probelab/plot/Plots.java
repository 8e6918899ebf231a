package probelab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import probelab.util.Doc;
import probelab.util.Options;

/** Builds figures: line, scatter, histogram and heat map, titles and labels always set. */
public final class Plots {
    private Plots() {}

    /** Options every plot takes. */
    public record PlotOptions(
            @Doc("title above the plot") String title,
            @Doc("x axis label") String xlabel,
            @Doc("y axis label") String ylabel,
            @Doc("series name in the legend") String name,
            @Doc("width in pixels (PNG is written at 2×)") int width,
            @Doc("height in pixels") int height,
            @Doc("histogram bins") int bins) {
        public static final PlotOptions DEFAULTS = new PlotOptions("", "x", "y", "y", 640, 400, 30);

        public PlotOptions {
            if (width < 50 || height < 50) throw new IllegalArgumentException("width and height must be >= 50 pixels");
            if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
    }

    static PlotOptions options(Map<String, ?> opts, PlotOptions defaults, String what) {
        return Options.apply(defaults, opts, what);
    }

    private static XYChart xy(PlotOptions o) {
        XYChart c = new XYChartBuilder().width(o.width()).height(o.height()).title(o.title())
                .xAxisTitle(o.xlabel()).yAxisTitle(o.ylabel()).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    /** Line plot of y against 0, 1, 2, … */
    public static Figure line(Object y, Map<String, ?> opts) {
        double[] ys = Data.vector(y, "line");
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) xs[i] = i;
        return lines(Map.of(), List.of(new Figure.Series(options(opts, PlotOptions.DEFAULTS, "plot").name(), xs, ys)), opts);
    }

    /** Line plot of y against x. */
    public static Figure line(Object x, Object y, Map<String, ?> opts) {
        double[] xs = Data.vector(x, "x"), ys = Data.vector(y, "y");
        if (xs.length != ys.length) throw new IllegalArgumentException("x has " + xs.length + " values, y has " + ys.length);
        return lines(Map.of(), List.of(new Figure.Series(options(opts, PlotOptions.DEFAULTS, "plot").name(), xs, ys)), opts);
    }

    /** Several named series on one plot, each against 0, 1, 2, … */
    public static Figure lines(Map<String, ?> named, Map<String, ?> opts) {
        List<Figure.Series> ss = new ArrayList<>();
        for (Map.Entry<String, ?> e : named.entrySet()) {
            double[] ys = Data.vector(e.getValue(), e.getKey());
            double[] xs = new double[ys.length];
            for (int i = 0; i < xs.length; i++) xs[i] = i;
            ss.add(new Figure.Series(e.getKey(), xs, ys));
        }
        return lines(Map.of(), ss, opts);
    }

    private static Figure lines(Map<String, ?> unused, List<Figure.Series> ss, Map<String, ?> opts) {
        PlotOptions o = options(opts, PlotOptions.DEFAULTS, "plot");
        XYChart c = xy(o);
        c.getStyler().setLegendVisible(ss.size() > 1 || !o.name().equals("y"));
        Figure f = new Figure(c, Figure.Kind.LINE, o.title());
        if (ss.stream().allMatch(s -> integral(s.x()))) c.getStyler().setXAxisDecimalPattern("#,##0");
        for (Figure.Series s : ss) {
            if (s.y().length == 0) throw new IllegalArgumentException("nothing to plot: series '" + s.name() + "' is empty");
            XYSeries xs = c.addSeries(s.name(), unevenForXChart(s.x()), unevenForXChart(s.y()));
            xs.setMarker(SeriesMarkers.NONE);
            f.series.add(s);
        }
        return f;
    }

    /**
     * XChart 4.0.3 puts a tick at every sample when the values are exactly equally spaced
     * (XChart issue 731), printing 0 15 30 45 … as one unreadable run. Moving the second value
     * by a thousandth of a step, far below a pixel, gives it normal ticks. The figure's own
     * copy of the numbers (for previews and users) is untouched.
     */
    static double[] unevenForXChart(double[] v) {
        if (v.length < 3) return v;
        double step = v[1] - v[0];
        if (step == 0) return v;
        for (int i = 2; i < v.length; i++) if (Math.abs(v[i] - v[i - 1] - step) > 1e-9 * Math.abs(step)) return v;
        double[] out = v.clone();
        out[1] += step * 1e-3;
        return out;
    }

    private static boolean integral(double[] xs) {
        for (double x : xs) if (x != Math.rint(x)) return false;
        return true;
    }

    /** Scatter plot of points (x[i], y[i]). */
    public static Figure scatter(Object x, Object y, Map<String, ?> opts) {
        PlotOptions o = options(opts, PlotOptions.DEFAULTS, "scatter");
        double[] xs = Data.vector(x, "x"), ys = Data.vector(y, "y");
        if (xs.length != ys.length) throw new IllegalArgumentException("x has " + xs.length + " values, y has " + ys.length);
        XYChart c = xy(o);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setLegendVisible(!o.name().equals("y"));
        c.addSeries(o.name(), unevenForXChart(xs), unevenForXChart(ys));
        Figure f = new Figure(c, Figure.Kind.SCATTER, o.title());
        f.series.add(new Figure.Series(o.name(), xs, ys));
        return f;
    }

    /** Mean curves against shared x values with ± error bars (a spread over seeds). */
    public static Figure linesWithErrors(double[] x, Map<String, double[]> means, Map<String, double[]> errors,
                                         Map<String, ?> opts) {
        PlotOptions o = options(opts, PlotOptions.DEFAULTS, "plot");
        XYChart c = xy(o);
        c.getStyler().setLegendVisible(true);
        Figure f = new Figure(c, Figure.Kind.LINE, o.title());
        for (Map.Entry<String, double[]> e : means.entrySet()) {
            double[] err = errors.get(e.getKey());
            XYSeries s = err != null ? c.addSeries(e.getKey(), unevenForXChart(x), e.getValue(), err)
                    : c.addSeries(e.getKey(), unevenForXChart(x), e.getValue());
            s.setMarker(SeriesMarkers.NONE);
            f.series.add(new Figure.Series(e.getKey(), x, e.getValue()));
        }
        return f;
    }

    /** One group of a grouped scatter: its points, colour (null: XChart's next) and marker size. */
    public record Group(String name, double[] x, double[] y, Color color, int markerSize) {}

    /** Scatter plot with one legend entry per group (classes, regions of a decision map). */
    public static Figure scatterGroups(List<Group> groups, Map<String, ?> opts) {
        PlotOptions o = options(opts, PlotOptions.DEFAULTS, "scatter");
        XYChart c = xy(o);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        Figure f = new Figure(c, Figure.Kind.SCATTER, o.title());
        for (Group g : groups) {
            if (g.x().length == 0) continue;
            XYSeries s = c.addSeries(g.name(), unevenForXChart(g.x()), unevenForXChart(g.y()));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (g.color() != null) {
                s.setMarkerColor(g.color());
            }
            f.series.add(new Figure.Series(g.name(), g.x(), g.y()));
        }
        c.getStyler().setMarkerSize(groups.isEmpty() ? 4 : groups.get(0).markerSize());
        return f;
    }

    /** Ten distinguishable class colours (Tableau 10). */
    static final Color[] CLASS_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    /** Nine steps of viridis, low to high, for continuous colour. */
    static final Color[] VIRIDIS = {new Color(68, 1, 84), new Color(71, 45, 123), new Color(59, 82, 139),
            new Color(44, 114, 142), new Color(33, 145, 140), new Color(40, 174, 128), new Color(94, 201, 98),
            new Color(173, 220, 48), new Color(253, 231, 37)};

    /**
     * Scatter coloured by class ({@code int} labels: one legend entry per class, named by
     * {@code classNames} when given) or by a continuous value (nine viridis bins, the legend
     * reading as a colour bar from low to high).
     */
    public static Figure scatterColored(double[] x, double[] y, Object color, String[] classNames, Map<String, ?> opts) {
        if (x.length != y.length) throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
        List<Group> groups = new ArrayList<>();
        int marker = x.length > 20_000 ? 2 : x.length > 2_000 ? 3 : 5;
        int[] labels = integerLabels(color);
        if (labels != null) {
            if (labels.length != x.length) throw new IllegalArgumentException("color has " + labels.length + " labels for " + x.length + " points");
            int classes = java.util.Arrays.stream(labels).max().orElse(-1) + 1;
            int[] count = new int[classes];
            for (int l : labels) {
                if (l < 0) throw new IllegalArgumentException("class labels must be >= 0, got " + l);
                count[l]++;
            }
            for (int c = 0; c < classes; c++) {
                double[] gx = new double[count[c]], gy = new double[count[c]];
                int k = 0;
                for (int i = 0; i < labels.length; i++) if (labels[i] == c) { gx[k] = x[i]; gy[k++] = y[i]; }
                String name = classNames != null && c < classNames.length ? classNames[c] : String.valueOf(c);
                groups.add(new Group(name, gx, gy, CLASS_COLORS[c % CLASS_COLORS.length], marker));
            }
        } else {
            double[] v = Data.vector(color, "color");
            if (v.length != x.length) throw new IllegalArgumentException("color has " + v.length + " values for " + x.length + " points");
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
            if (!(lo <= hi)) throw new IllegalArgumentException("color: no finite values");
            int bins = VIRIDIS.length;
            int[] bin = new int[v.length], count = new int[bins];
            for (int i = 0; i < v.length; i++) {
                bin[i] = !Double.isFinite(v[i]) ? -1 : hi == lo ? 0 : Math.min(bins - 1, (int) ((v[i] - lo) / (hi - lo) * bins));
                if (bin[i] >= 0) count[bin[i]]++;
            }
            String[] names = binNames(lo, hi, bins);
            for (int b = 0; b < bins; b++) {
                double[] gx = new double[count[b]], gy = new double[count[b]];
                int k = 0;
                for (int i = 0; i < v.length; i++) if (bin[i] == b) { gx[k] = x[i]; gy[k++] = y[i]; }
                groups.add(new Group(names[b], gx, gy, VIRIDIS[b], marker));
            }
        }
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>(java.util.Map.of("width", 760, "height", 560));
        o.putAll(opts);
        Figure f = scatterGroups(groups, o);
        // Ten classes do not fit a horizontal legend below the plot: list them on the right.
        f.getChart().getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        f.getChart().getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        return f;
    }

    /** Bin centres as legend names, with as many digits as it takes to tell them apart (a narrow range needs more). */
    static String[] binNames(double lo, double hi, int bins) {
        String[] names = new String[bins];
        for (int digits = 3; digits <= 17; digits++) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int b = 0; b < bins; b++) {
                names[b] = String.format(java.util.Locale.ROOT, "%." + digits + "g", lo + (hi - lo) * (b + 0.5) / bins);
                seen.add(names[b]);
            }
            if (seen.size() == bins) return names;
        }
        for (int b = 0; b < bins; b++) names[b] = names[b] + " (" + (b + 1) + ")"; // a constant colour: still one name per bin
        return names;
    }

    /** Integer class labels from int[], long[] or a list of integers; null for anything continuous. */
    private static int[] integerLabels(Object color) {
        if (color instanceof int[] a) return a;
        if (color instanceof long[] a) return java.util.Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
        if (color instanceof java.util.Collection<?> c && !c.isEmpty() && c.stream().allMatch(o -> o instanceof Integer || o instanceof Long)) {
            return c.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }
        return null;
    }

    /** Histogram of values in {@code bins} equal bins. */
    public static Figure histogram(Object values, Map<String, ?> opts) {
        PlotOptions o = options(opts, new PlotOptions("", "value", "count", "count", 640, 400, 30), "histogram");
        double[] v = Data.vector(values, "histogram");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        if (!(lo <= hi)) throw new IllegalArgumentException("histogram: no finite values");
        if (hi == lo) hi = lo + 1;
        int k = o.bins();
        double[] counts = new double[k];
        for (double d : v) {
            if (!Double.isFinite(d)) continue;
            counts[Math.min(k - 1, (int) ((d - lo) / (hi - lo) * k))]++;
        }
        double[] xs = new double[k + 1], ys = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            xs[i] = lo + (hi - lo) * i / k;
            ys[i] = counts[Math.min(i, k - 1)];
        }
        XYChart c = xy(o);
        c.getStyler().setLegendVisible(false);
        XYSeries s = c.addSeries(o.name(), unevenForXChart(xs), ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        s.setMarker(SeriesMarkers.NONE);
        Figure f = new Figure(c, Figure.Kind.BARS, o.title());
        double[] centres = new double[k];
        for (int i = 0; i < k; i++) centres[i] = lo + (hi - lo) * (i + 0.5) / k;
        f.series.add(new Figure.Series(o.name(), centres, counts));
        return f;
    }

    /** Heat map of a matrix, row 0 at the top (as an image is read). */
    public static Figure heatmap(Object matrix, Map<String, ?> opts) {
        PlotOptions o = options(opts, new PlotOptions("", "column", "row", "value", 560, 480, 30), "heatmap");
        double[][] m = Data.matrix(matrix, "heatmap");
        if (m.length == 0 || m[0].length == 0) throw new IllegalArgumentException("heatmap: empty matrix");
        int rows = m.length, cols = m[0].length;
        HeatMapChart c = new HeatMapChartBuilder().width(o.width()).height(o.height()).title(o.title())
                .xAxisTitle(o.xlabel()).yAxisTitle(o.ylabel()).build();
        c.getStyler().setShowValue(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setRangeColors(new Color[] {new Color(49, 54, 149), new Color(224, 243, 248), new Color(165, 0, 38)});
        c.getStyler().setXAxisMaxLabelCount(Math.min(cols, 10));
        c.getStyler().setLegendVisible(true);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        List<Integer> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<Number[]> cells = new ArrayList<>();
        for (int x = 0; x < cols; x++) xs.add(x);
        for (int y = rows - 1; y >= 0; y--) ys.add(y); // labels bottom-up, so row 0 reads at the top
        for (int y = 0; y < rows; y++) {
            if (m[y].length != cols) throw new IllegalArgumentException("heatmap: row " + y + " has " + m[y].length + " values, row 0 has " + cols);
            for (int x = 0; x < cols; x++) {
                double v = m[y][x];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                cells.add(new Number[] {x, rows - 1 - y, v});
            }
        }
        c.getStyler().setMin(lo);
        c.getStyler().setMax(hi > lo ? hi : lo + 1);
        c.addSeries(o.name(), xs, ys, cells);
        Figure f = new Figure(c, Figure.Kind.IMAGE, o.title());
        f.image = m;
        return f;
    }
}
