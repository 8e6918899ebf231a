package probelab.plot;

import probelab.util.Doc;

/** Options of line plots: {@code plot}, {@code lines} and curves with error bars. */
public record LineOptions(
        @Doc("title above the plot") String title,
        @Doc("x axis label") String xlabel,
        @Doc("y axis label") String ylabel,
        @Doc("series name in the legend (one series: no legend when empty)") String name,
        @Doc("width in pixels (PNG is written at 2×)") int width,
        @Doc("height in pixels") int height,
        @Doc("logarithmic y axis (values ≤ 0 are left out)") boolean logY) {
    public static final LineOptions DEFAULTS = new LineOptions("", "index", "value", "", 640, 400, false);

    public LineOptions {
        Frames.checkSize(width, height);
    }

    /** The defaults with a title and axis labels. */
    public static LineOptions of(String title, String xlabel, String ylabel) {
        return new LineOptions(title, xlabel, ylabel, "", DEFAULTS.width, DEFAULTS.height, false);
    }
}
