package probelab.plot;

import probelab.util.Doc;

/** Options of scatter plots; {@code color} and {@code classes} colour the points. */
public record ScatterOptions(
        @Doc("title above the plot") String title,
        @Doc("x axis label") String xlabel,
        @Doc("y axis label") String ylabel,
        @Doc("series name in the legend (uncoloured points: no legend when empty)") String name,
        @Doc("width in pixels (PNG is written at 2×)") int width,
        @Doc("height in pixels") int height,
        @Doc("integer class labels (a legend entry each) or values (nine colour bins, low to high), one per point") Object color,
        @Doc("class names for integer labels, in label order") Object classes) {
    public static final ScatterOptions DEFAULTS = new ScatterOptions("", "x", "y", "", 640, 400, null, null);

    public ScatterOptions {
        Frames.checkSize(width, height);
    }

    public static ScatterOptions of(String title, String xlabel, String ylabel) {
        return new ScatterOptions(title, xlabel, ylabel, "", DEFAULTS.width, DEFAULTS.height, null, null);
    }

    /** The same, coloured by {@code color} with the class names {@code classes} (may be null). */
    public ScatterOptions coloured(Object color, Object classes) {
        return new ScatterOptions(title, xlabel, ylabel, name, width, height, color, classes);
    }

    /** {@code classes} as names, or null. */
    String[] classNames() {
        if (classes == null) return null;
        if (classes instanceof String[] a) return a;
        if (classes instanceof java.util.Collection<?> c) return c.stream().map(String::valueOf).toArray(String[]::new);
        throw new IllegalArgumentException("classes: expected a list of names, got " + classes.getClass().getSimpleName());
    }
}
