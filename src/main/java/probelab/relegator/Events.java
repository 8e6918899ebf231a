package probelab.relegator;

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

    /** Concatenates two event sets. */
    public Events concat(Events o) {
        float[][] xs = Arrays.copyOf(x, size() + o.size());
        System.arraycopy(o.x, 0, xs, size(), o.size());
        int[] ls = Arrays.copyOf(label, size() + o.size());
        System.arraycopy(o.label, 0, ls, size(), o.size());
        double[] ms = Arrays.copyOf(mass, size() + o.size());
        System.arraycopy(o.mass, 0, ms, size(), o.size());
        return new Events(xs, ls, ms);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Events: %d (%d signal, %d background), %d features", size(), signalCount(),
                size() - signalCount(), size() == 0 ? 0 : x[0].length);
    }
}
