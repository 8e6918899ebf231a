package probelab.studies.relegator;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.plot.Binned;
import probelab.plot.Figure;
import probelab.plot.HistOptions;
import probelab.plot.LineOptions;
import probelab.plot.Plots;
import probelab.plot.RegionLayer;
import probelab.plot.ScatterOptions;
import probelab.util.Doc;

/** The relegator's figures: the decision map, the mass before and after selection, and the training curves. */
public final class Figures {
    private Figures() {}

    /** Options of the decision map. */
    public record MapOptions(
            @Doc("title above the map") String title,
            @Doc("x axis label") String xlabel,
            @Doc("y axis label") String ylabel,
            @Doc("width in pixels (PNG is written at 2×)") int width,
            @Doc("height in pixels") int height,
            @Doc("grid cells along each axis") int grid,
            @Doc("events drawn on top (the first ones)") int events) {
        public static final MapOptions DEFAULTS = new MapOptions("decision map", "x1", "x2", 820, 560, 200, 3000);

        public MapOptions {
            if (grid < 2 || grid > 2000) throw new IllegalArgumentException("grid must be between 2 and 2000 cells, got " + grid);
            if (events < 0) throw new IllegalArgumentException("events must be >= 0, got " + events);
            new ScatterOptions(title, xlabel, ylabel, "", width, height, null, null); // the frame's own checks
        }
    }

    /** Options of the mass histograms. */
    public record MassOptions(
            @Doc("title above the plot") String title,
            @Doc("x axis label") String xlabel,
            @Doc("y axis label") String ylabel,
            @Doc("width in pixels (PNG is written at 2×)") int width,
            @Doc("height in pixels") int height,
            @Doc("bins over the mass range") int bins,
            @Doc("logarithmic y axis (the passing events are a small share of all)") boolean logY) {
        public static final MassOptions DEFAULTS = new MassOptions("mass before and after selection", "mass", "events per bin",
                640, 420, 50, true);

        public MassOptions {
            new HistOptions(title, xlabel, ylabel, width, height, bins, logY); // the frame's and bins' own checks
        }
    }

    private static final String[] REGIONS = {"background region", "signal region", "relegated region"};
    private static final List<Color> REGION_COLORS = List.of(new Color(198, 215, 240), new Color(246, 205, 200), new Color(215, 215, 215));

    /** The classifier's decision over the feature plane (a filled grid) with the events on top. */
    public static Figure decisionMap(EventClassifier clf, Events data, MapOptions o) {
        if (data.size() == 0 || data.x()[0].length != 2) {
            throw new IllegalArgumentException("the decision map draws events with 2 features, got "
                    + (data.size() == 0 ? "no events" : data.x()[0].length + " features"));
        }
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = x0, y1 = x1;
        for (float[] p : data.x()) {
            x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]);
            y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]);
        }
        double padX = 0.03 * (x1 - x0 + 1e-9), padY = 0.03 * (y1 - y0 + 1e-9);
        x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
        int g = o.grid();
        float[][] centres = new float[g * g][];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                centres[i * g + j] = new float[] {(float) (x0 + (x1 - x0) * (i + 0.5) / g), (float) (y0 + (y1 - y0) * (j + 0.5) / g)};
            }
        }
        int[] d = clf.decide(centres);
        int[][] cls = new int[g][g];
        for (int i = 0; i < g; i++) for (int j = 0; j < g; j++) cls[i][j] = d[i * g + j];
        int show = Math.min(data.size(), o.events());
        List<Plots.Group> events = new ArrayList<>();
        events.add(group("background events", data, 0, new Color(30, 70, 160), show));
        events.add(group("signal events", data, 1, new Color(190, 30, 30), show));
        return Plots.regionMap(new RegionLayer.Grid(x0, x1, y0, y1, cls), List.of(REGIONS), REGION_COLORS, events,
                new ScatterOptions(o.title(), o.xlabel(), o.ylabel(), "", o.width(), o.height(), null, null));
    }

    private static Plots.Group group(String name, Events data, int label, Color c, int limit) {
        int n = 0;
        for (int i = 0; i < limit; i++) if (data.label()[i] == label) n++;
        double[] xs = new double[n], ys = new double[n];
        int m = 0;
        for (int i = 0; i < limit; i++) {
            if (data.label()[i] != label) continue;
            xs[m] = data.x()[i][0];
            ys[m++] = data.x()[i][1];
        }
        return new Plots.Group(name, xs, ys, c, 4);
    }

    /** The mass of all events, of the passing ones and of the passing signal, as step outlines in mass units. */
    public static Figure massHistograms(EventClassifier clf, Events eval, MassOptions o) {
        int[] d = clf.decide(eval.x());
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double m : eval.mass()) if (Double.isFinite(m)) { lo = Math.min(lo, m); hi = Math.max(hi, m); }
        if (!(hi > lo)) throw new IllegalArgumentException("the mass histograms need masses that vary, got " + (lo <= hi ? "all " + lo : "none"));
        double[] range = Binned.niceRange(lo, hi);
        lo = range[0];
        hi = range[1];
        boolean[] pass = new boolean[eval.size()], passSignal = new boolean[eval.size()];
        for (int i = 0; i < eval.size(); i++) {
            pass[i] = d[i] == EventClassifier.SIGNAL;
            passSignal[i] = pass[i] && eval.label()[i] == 1;
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        Binned all = Binned.of(eval.mass(), lo, hi, o.bins());
        series.put("all events", all.counts());
        series.put("passing", Binned.of(eval.mass(), pass, lo, hi, o.bins()).counts());
        series.put("passing signal", Binned.of(eval.mass(), passSignal, lo, hi, o.bins()).counts());
        return Plots.steps(all.edges(), series, new HistOptions(o.title(), o.xlabel(), o.ylabel(), o.width(), o.height(), o.bins(), o.logY()));
    }

    /** Loss, accuracy and (for the relegator) the soft σ per epoch, train and test. */
    public static List<Figure> fitCurves(FitHistory h) {
        List<Figure> figs = new ArrayList<>();
        figs.add(Plots.lines(pair(h.getTrainLoss(), h.getTestLoss()), LineOptions.of(h.getMethod() + ": loss", "epoch", "loss")));
        figs.add(Plots.lines(pair(h.getTrainAccuracy(), h.getTestAccuracy()), LineOptions.of(h.getMethod() + ": accuracy", "epoch", "accuracy")));
        double[] sigma = h.getTrainSigma();
        if (sigma.length > 0 && !Double.isNaN(sigma[0])) {
            figs.add(Plots.lines(pair(sigma, h.getTestSigma()), LineOptions.of(h.getMethod() + ": soft σ of the loss", "epoch", "σ")));
        }
        return figs;
    }

    private static Map<String, double[]> pair(double[] train, double[] test) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("train", train);
        m.put("test", test);
        return m;
    }
}
