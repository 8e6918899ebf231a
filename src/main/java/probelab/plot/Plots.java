package probelab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds figures: lines, scatters, histograms, step histograms, heat maps and region maps,
 * titles and labels always set. Each takes its data and one options record.
 */
public final class Plots {
    private Plots() {}

    private static XYChart xy(String title, String xlabel, String ylabel, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xlabel).yAxisTitle(ylabel).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    /** Line plot of y against 0, 1, 2, … (a {@link Series} against its own index). */
    public static Figure line(Object y, LineOptions o) {
        double[] ys = Data.vector(y, "line");
        return lines(List.of(new Figure.Curve(o.name().isEmpty() ? "y" : o.name(), indices(ys.length), ys)), o);
    }

    /** Line plot of y against x. */
    public static Figure line(Object x, Object y, LineOptions o) {
        double[] xs = Data.vector(x, "x"), ys = Data.vector(y, "y");
        if (xs.length != ys.length) throw new IllegalArgumentException("x has " + xs.length + " values, y has " + ys.length);
        return lines(List.of(new Figure.Curve(o.name().isEmpty() ? "y" : o.name(), xs, ys)), o);
    }

    /** Several named series on one plot, each against 0, 1, 2, … */
    public static Figure lines(Map<String, ?> named, LineOptions o) {
        List<Figure.Curve> ss = new ArrayList<>();
        for (Map.Entry<String, ?> e : named.entrySet()) {
            double[] ys = Data.vector(e.getValue(), e.getKey());
            ss.add(new Figure.Curve(e.getKey(), indices(ys.length), ys));
        }
        return lines(ss, o);
    }

    private static double[] indices(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = i;
        return xs;
    }

    private static Figure lines(List<Figure.Curve> ss, LineOptions o) {
        if (ss.isEmpty()) throw new IllegalArgumentException("nothing to plot: no series");
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setLegendVisible(ss.size() > 1 || !o.name().isEmpty());
        Figure f = new Figure(c, Figure.Kind.LINE, o.title());
        if (ss.stream().allMatch(s -> integral(s.x()))) c.getStyler().setXAxisDecimalPattern("#,##0");
        for (Figure.Curve s : ss) {
            if (s.y().length == 0) throw new IllegalArgumentException("nothing to plot: series '" + s.name() + "' is empty");
            double[] y = o.logY() ? positiveOrNaN(s.y(), s.name()) : s.y();
            XYSeries xs = c.addSeries(s.name(), unevenForXChart(s.x()), y);
            xs.setMarker(SeriesMarkers.NONE);
            f.series.add(s);
        }
        if (o.logY()) c.getStyler().setYAxisLogarithmic(true);
        return f;
    }

    /** For a log axis: values ≤ 0 become gaps (NaN), which XChart skips; all of them is an error. */
    private static double[] positiveOrNaN(double[] y, String name) {
        double[] out = y.clone();
        boolean any = false;
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0)) out[i] = Double.NaN;
            else any = true;
        }
        if (!any) throw new IllegalArgumentException("logY: series '" + name + "' has no positive values to draw");
        return out;
    }

    /**
     * XChart 4.0.3 puts a tick at every sample when the distinct values are equally spaced
     * (XChart issue 731), printing 0 15 30 45 … as one unreadable run. Its test allows an
     * absolute 1e-4 of slack, so moving the second value by a little more than that, or a
     * thousandth of a step where that is more, far below a pixel, gives it normal ticks. The
     * figure's own copy of the numbers (for previews and users) is untouched.
     */
    static double[] unevenForXChart(double[] v) {
        if (v.length < 3) return v;
        double step = v[1] - v[0];
        if (step == 0) return v;
        for (int i = 2; i < v.length; i++) if (Math.abs(v[i] - v[i - 1] - step) > 1e-9 * Math.abs(step)) return v;
        double[] out = v.clone();
        out[1] += nudge(step);
        return out;
    }

    /** Enough to pass XChart's equal-spacing test, never more than a twentieth of a step. */
    static double nudge(double step) {
        double a = Math.abs(step);
        return Math.signum(step) * Math.max(a * 1e-3, Math.min(1.01e-4, a * 0.05));
    }

    private static boolean integral(double[] xs) {
        for (double x : xs) if (x != Math.rint(x)) return false;
        return true;
    }

    /** Scatter plot of points (x[i], y[i]); coloured by class or value when the options carry a {@code color}. */
    public static Figure scatter(Object x, Object y, ScatterOptions o) {
        double[] xs = Data.vector(x, "x"), ys = Data.vector(y, "y");
        if (xs.length != ys.length) throw new IllegalArgumentException("x has " + xs.length + " values, y has " + ys.length);
        if (o.color() != null) return scatterColored(xs, ys, o);
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setLegendVisible(!o.name().isEmpty());
        String name = o.name().isEmpty() ? "points" : o.name();
        c.addSeries(name, unevenForXChart(xs), unevenForXChart(ys));
        Figure f = new Figure(c, Figure.Kind.SCATTER, o.title());
        f.series.add(new Figure.Curve(name, xs, ys));
        return f;
    }

    /** Mean curves against shared x values with ± error bars (a spread over seeds); no errors for a name: a plain curve. */
    public static Figure linesWithErrors(double[] x, Map<String, double[]> means, Map<String, double[]> errors, LineOptions o) {
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setLegendVisible(means.size() > 1 || !o.name().isEmpty());
        Figure f = new Figure(c, Figure.Kind.LINE, o.title());
        for (Map.Entry<String, double[]> e : means.entrySet()) {
            double[] err = errors.get(e.getKey());
            XYSeries s = err != null ? c.addSeries(e.getKey(), unevenForXChart(x), e.getValue(), err)
                    : c.addSeries(e.getKey(), unevenForXChart(x), e.getValue());
            s.setMarker(SeriesMarkers.NONE);
            f.series.add(new Figure.Curve(e.getKey(), x, e.getValue()));
        }
        if (o.logY()) c.getStyler().setYAxisLogarithmic(true);
        return f;
    }

    /** One group of a grouped scatter: its points, colour (null: XChart's next) and marker size. */
    public record Group(String name, double[] x, double[] y, Color color, int markerSize) {}

    /** Scatter plot with one legend entry per group (classes, value bins). */
    public static Figure scatterGroups(List<Group> groups, ScatterOptions o) {
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        Figure f = new Figure(c, Figure.Kind.SCATTER, o.title());
        for (Group g : groups) {
            if (g.x().length == 0) continue;
            XYSeries s = c.addSeries(g.name(), unevenForXChart(g.x()), unevenForXChart(g.y()));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (g.color() != null) s.setMarkerColor(g.color());
            f.series.add(new Figure.Curve(g.name(), g.x(), g.y()));
        }
        c.getStyler().setMarkerSize(groups.isEmpty() ? 4 : groups.get(0).markerSize());
        // a legend of classes or colour bins lists on the right, where ten entries fit
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
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
     * the options' {@code classes} when given) or by a continuous value (nine viridis bins, the
     * legend reading as a colour bar from low to high).
     */
    static Figure scatterColored(double[] x, double[] y, ScatterOptions o) {
        List<Group> groups = new ArrayList<>();
        int marker = x.length > 20_000 ? 2 : x.length > 2_000 ? 3 : 5;
        int[] labels = integerLabels(o.color());
        String[] classNames = o.classNames();
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
            double[] v = Data.vector(o.color(), "color");
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
        // a coloured scatter is at least 760 × 560 so that its legend fits beside it
        ScatterOptions sized = o.width() == ScatterOptions.DEFAULTS.width() && o.height() == ScatterOptions.DEFAULTS.height()
                ? new ScatterOptions(o.title(), o.xlabel(), o.ylabel(), o.name(), 760, 560, o.color(), o.classes()) : o;
        return scatterGroups(groups, sized);
    }

    /** Bin centres as legend names, with as many digits as it takes to tell them apart (a narrow range needs more). */
    static String[] binNames(double lo, double hi, int bins) {
        String[] names = new String[bins];
        for (int digits = 3; digits <= 17; digits++) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int b = 0; b < bins; b++) {
                names[b] = probelab.util.Num.format(lo + (hi - lo) * (b + 0.5) / bins, digits);
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
        if (color instanceof probelab.util.Numbers n) { // whole numbers are classes, anything else a colour scale
            double[] v = n.doubles();
            for (double d : v) if (d != Math.rint(d) || Math.abs(d) > 1e6) return null;
            return java.util.Arrays.stream(v).mapToInt(d -> (int) d).toArray();
        }
        if (color instanceof java.util.Collection<?> c && !c.isEmpty() && c.stream().allMatch(o -> o instanceof Integer || o instanceof Long)) {
            return c.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }
        return null;
    }

    /** Histogram of values in the options' number of equal bins. */
    public static Figure histogram(Object values, HistOptions o) {
        double[] v = Data.vector(values, "histogram");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double d : v) if (Double.isFinite(d)) { lo = Math.min(lo, d); hi = Math.max(hi, d); }
        if (!(lo <= hi)) throw new IllegalArgumentException("histogram: no finite values");
        if (hi == lo) hi = lo + 1;
        Binned b = Binned.of(v, lo, hi, o.bins());
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("count", b.counts());
        Figure f = steps(b.edges(), one, o);
        f.getChart().getStyler().setLegendVisible(false);
        return f;
    }

    /** Counts over shared bin edges ({@code edges.length = bins + 1}) as step outlines, one per series. */
    public static Figure steps(double[] edges, Map<String, double[]> counts, HistOptions o) {
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setLegendVisible(counts.size() > 1);
        Figure f = new Figure(c, counts.size() == 1 ? Figure.Kind.BARS : Figure.Kind.LINE, o.title());
        for (Map.Entry<String, double[]> e : counts.entrySet()) {
            double[] k = e.getValue();
            if (k.length != edges.length - 1) throw new IllegalArgumentException(e.getKey() + ": " + k.length + " counts for " + (edges.length - 1) + " bins");
            // a step outline: the count of bin i from edge i to edge i+1, down to the floor at both ends
            double floor = o.logY() ? Double.NaN : 0;
            double[] xs = new double[2 * k.length + 2], ys = new double[xs.length];
            xs[0] = edges[0];
            ys[0] = floor;
            for (int i = 0; i < k.length; i++) {
                double y = o.logY() && !(k[i] > 0) ? Double.NaN : k[i];
                xs[2 * i + 1] = edges[i];
                ys[2 * i + 1] = y;
                xs[2 * i + 2] = edges[i + 1];
                ys[2 * i + 2] = y;
            }
            xs[xs.length - 1] = edges[edges.length - 1];
            ys[ys.length - 1] = floor;
            if (o.logY() && java.util.Arrays.stream(ys).noneMatch(y -> y > 0)) continue; // nothing to draw on a log axis
            if (k.length >= 2) { // equal bins are equally spaced values: nudge one edge, as unevenForXChart does
                double nudge = nudge(edges[2] - edges[1]);
                xs[2] += nudge;
                xs[3] += nudge;
            }
            XYSeries s = c.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineWidth(counts.size() > 1 ? 1.6f : 1.2f);
            double[] centres = new double[k.length];
            for (int i = 0; i < k.length; i++) centres[i] = (edges[i] + edges[i + 1]) / 2;
            f.series.add(new Figure.Curve(e.getKey(), centres, k));
        }
        if (f.series.isEmpty()) throw new IllegalArgumentException("nothing to plot: every count is zero");
        c.getStyler().setXAxisMin(edges[0]).setXAxisMax(edges[edges.length - 1]);
        if (o.logY()) c.getStyler().setYAxisLogarithmic(true);
        return f;
    }

    /** Heat map of a matrix, row 0 at the top (as an image is read). */
    public static Figure heatmap(Object matrix, HeatmapOptions o) {
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
        c.addSeries("value", xs, ys, cells);
        Figure f = new Figure(c, Figure.Kind.IMAGE, o.title());
        f.image = m;
        return f;
    }

    /**
     * A map of regions (a grid of class indices over a rectangle, drawn filled) with point
     * groups on top: a classifier's decision regions and the events it was trained on.
     * {@code regions[i][j]} is the class at x column i, y row j (row 0 at the bottom).
     */
    public static Figure regionMap(RegionLayer.Grid grid, List<String> regionNames, List<Color> regionColors, List<Group> points,
                                   ScatterOptions o) {
        XYChart c = xy(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setXAxisMin(grid.x0()).setXAxisMax(grid.x1()).setYAxisMin(grid.y0()).setYAxisMax(grid.y1());
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setPlotContentSize(1.0); // the regions reach the axes
        Figure f = new Figure(c, Figure.Kind.SCATTER, o.title());
        // the regions' legend entries: one point each, which the region layer paints over
        double cx = (grid.x0() + grid.x1()) / 2, cy = (grid.y0() + grid.y1()) / 2;
        for (int k = 0; k < regionNames.size(); k++) {
            XYSeries s = c.addSeries(regionNames.get(k), new double[] {cx}, new double[] {cy});
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(regionColors.get(k));
        }
        int marker = points.isEmpty() ? 4 : points.get(0).markerSize();
        for (Group g : points) {
            if (g.x().length == 0) continue;
            XYSeries s = c.addSeries(g.name(), unevenForXChart(g.x()), unevenForXChart(g.y()));
            s.setMarker(SeriesMarkers.CIRCLE);
            if (g.color() != null) s.setMarkerColor(g.color());
            f.series.add(new Figure.Curve(g.name(), g.x(), g.y()));
        }
        c.getStyler().setMarkerSize(marker);
        c.addAnnotation(new RegionLayer(grid, regionColors, points, marker));
        return f;
    }
}
