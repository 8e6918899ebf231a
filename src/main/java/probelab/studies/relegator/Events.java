package probelab.studies.relegator;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Labelled events for the relegator: features (the model's inputs), a label (0 background,
 * 1 signal) and the feature of merit (the mass), which is never a model input but decides
 * what counts in the significance.
 */
public record Events(float[][] x, int[] label, double[] mass) {
    public Events {
        if (x.length != label.length || x.length != mass.length) {
            throw new IllegalArgumentException("features, labels and masses differ in length: " + x.length + ", "
                    + label.length + ", " + mass.length);
        }
    }

    public int size() {
        return x.length;
    }

    public int signalCount() {
        int s = 0;
        for (int l : label) s += l;
        return s;
    }

    /** The events at the given positions. */
    public Events select(int[] idx) {
        float[][] xs = new float[idx.length][];
        int[] ls = new int[idx.length];
        double[] ms = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            xs[i] = x[idx[i]];
            ls[i] = label[idx[i]];
            ms[i] = mass[idx[i]];
        }
        return new Events(xs, ls, ms);
    }

    /** A seeded shuffle. */
    public Events shuffle(long seed) {
        int[] idx = permutation(size(), new SplittableRandom(seed));
        return select(idx);
    }

    /** Splits into (train, test) with {@code testFraction} of the events in test, after a seeded shuffle. */
    public Events[] split(double testFraction, long seed) {
        int[] idx = permutation(size(), new SplittableRandom(seed));
        int nTest = (int) Math.round(size() * testFraction);
        return new Events[] {select(Arrays.copyOfRange(idx, nTest, size())), select(Arrays.copyOfRange(idx, 0, nTest))};
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Which columns of a CSV file hold what. */
    public record CsvOptions(
            @probelab.util.Doc("feature columns, the model's inputs (required)") java.util.List<String> features,
            @probelab.util.Doc("the 0/1 label column (1 = signal)") String label,
            @probelab.util.Doc("the mass column (the feature of merit)") String mass) {
        public static final CsvOptions DEFAULTS = new CsvOptions(java.util.List.of(), "label", "mass");
    }

    /** Reads events from a CSV file with a header row, its columns named by {@code o}. */
    public static Events readCsv(java.nio.file.Path path, CsvOptions o) {
        if (o.features().isEmpty()) throw new IllegalArgumentException("csvEvents needs features: [column names]");
        return readCsv(path, o.features().stream().map(String::valueOf).toList(), o.label(), o.mass());
    }

    /**
     * Reads events from a CSV file with a header row: {@code features} name the input
     * columns, {@code label} a 0/1 column (1 = signal), {@code mass} the feature of merit.
     */
    public static Events readCsv(java.nio.file.Path path, java.util.List<String> features, String label, String mass) {
        probelab.data.Table.Records t = probelab.data.Table.records(path);
        int[] fx = new int[features.size()];
        for (int j = 0; j < fx.length; j++) fx[j] = t.column(features.get(j));
        int lc = t.column(label), mc = t.column(mass);
        int n = t.rows().size();
        float[][] xs = new float[n][];
        int[] ls = new int[n];
        double[] ms = new double[n];
        for (int r = 0; r < n; r++) {
            String[] cells = t.rows().get(r);
            try {
                float[] x = new float[fx.length];
                for (int j = 0; j < fx.length; j++) x[j] = (float) finite(cells, fx[j], features.get(j), true);
                double l = finite(cells, lc, label, false);
                if (l != 0 && l != 1) throw new NumberFormatException("label " + cells[lc] + " is not 0 or 1");
                xs[r] = x;
                ls[r] = (int) l;
                ms[r] = finite(cells, mc, mass, false);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(path + " line " + t.lines()[r] + ": " + e.getMessage());
            }
        }
        return new Events(xs, ls, ms);
    }

    /** A finite number from column {@code at}: NaN, Infinity, or a feature too large for a float is an error naming the column. */
    private static double finite(String[] cells, int at, String name, boolean asFloat) {
        String text = cells[at].strip();
        if (text.isEmpty()) throw new NumberFormatException("column '" + name + "' has no value");
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) throw new NumberFormatException("column '" + name + "' holds " + text + "; every value must be a finite number");
        if (asFloat && Math.abs(v) > Float.MAX_VALUE) {
            throw new NumberFormatException("column '" + name + "' holds " + text + ", beyond a float's range (±3.4e38); rescale the feature");
        }
        return v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Events: %d (%d signal, %d background), %d features", size(), signalCount(),
                size() - signalCount(), size() == 0 ? 0 : x[0].length);
    }
}
