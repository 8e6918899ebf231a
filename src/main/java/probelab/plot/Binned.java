package probelab.plot;

/** Counts of values in equal bins over [lo, hi]; values outside or not finite are left out. */
public record Binned(double[] edges, double[] counts) {
    public static Binned of(double[] values, double lo, double hi, int bins) {
        return of(values, null, lo, hi, bins);
    }

    /** Only the values where {@code keep[i]} holds (all of them when keep is null). */
    public static Binned of(double[] values, boolean[] keep, double lo, double hi, int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        if (!(hi > lo)) throw new IllegalArgumentException("the bins' range must have hi > lo, got [" + lo + ", " + hi + "]");
        double[] edges = new double[bins + 1], counts = new double[bins];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if ((keep != null && !keep[i]) || !(v >= lo && v <= hi)) continue;
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        return new Binned(edges, counts);
    }

    /** [lo, hi] widened to multiples of a round step (a tenth of the range's decade), so bin edges and ticks read cleanly. */
    public static double[] niceRange(double lo, double hi) {
        if (!(hi > lo)) return new double[] {lo, hi};
        double step = Math.pow(10, Math.floor(Math.log10(hi - lo))) / 10;
        return new double[] {Math.floor(lo / step) * step, Math.ceil(hi / step) * step};
    }
}
