package probelab.plot;

import probelab.util.Doc;

/** Options of histograms. */
public record HistOptions(
        @Doc("title above the plot") String title,
        @Doc("x axis label (the values' unit)") String xlabel,
        @Doc("y axis label") String ylabel,
        @Doc("width in pixels (PNG is written at 2×)") int width,
        @Doc("height in pixels") int height,
        @Doc("number of equal bins") int bins,
        @Doc("logarithmic count axis (empty bins are left out)") boolean logY) {
    public static final HistOptions DEFAULTS = new HistOptions("", "value", "count", 640, 400, 30, false);

    public HistOptions {
        Frames.checkSize(width, height);
        if (bins < 1 || bins > 100_000) throw new IllegalArgumentException("bins must be between 1 and 100,000, got " + bins);
    }
}
