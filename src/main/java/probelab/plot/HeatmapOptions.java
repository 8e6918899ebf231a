package probelab.plot;

import probelab.util.Doc;

/** Options of heat maps. */
public record HeatmapOptions(
        @Doc("title above the plot") String title,
        @Doc("x axis label") String xlabel,
        @Doc("y axis label") String ylabel,
        @Doc("width in pixels (PNG is written at 2×)") int width,
        @Doc("height in pixels") int height) {
    public static final HeatmapOptions DEFAULTS = new HeatmapOptions("", "column", "row", 560, 480);

    public HeatmapOptions {
        Frames.checkSize(width, height);
    }

    public static HeatmapOptions of(String title, String xlabel, String ylabel) {
        return new HeatmapOptions(title, xlabel, ylabel, DEFAULTS.width, DEFAULTS.height);
    }
}
