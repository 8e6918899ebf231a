package probelab.env;

import java.util.Arrays;
import java.util.SplittableRandom;

/** A box of reals {@code low ≤ x ≤ high} of a given shape (bounds shared by all entries). */
public record Box(double low, double high, int[] shape) implements Space {
    public Box {
        if (!(low <= high)) throw new IllegalArgumentException("Box needs low <= high, got " + low + " > " + high);
        shape = shape.clone();
    }

    public int size() {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }

    @Override
    public float[] sample(SplittableRandom rng) {
        float[] x = new float[size()];
        for (int i = 0; i < x.length; i++) {
            double lo = Double.isInfinite(low) ? -1 : low;
            double hi = Double.isInfinite(high) ? 1 : high;
            x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return x;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof float[] a) || a.length != size()) return false;
        for (float v : a) if (v < low || v > high) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && b.low == low && b.high == high && Arrays.equals(b.shape, shape);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(low) * 31 + Double.hashCode(high) * 17 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Box(" + low + ", " + high + ", " + Arrays.toString(shape) + ")";
    }
}
