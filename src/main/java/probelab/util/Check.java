package probelab.util;

import java.util.Arrays;

/**
 * Argument checks for options records and calls, with messages that name the option, what
 * was expected and what came. Records call them in their compact constructors, so a bad
 * value is refused where it is given, not later when it is used.
 */
public final class Check {
    private Check() {}

    public static int atLeast(String name, int v, int min) {
        if (v < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        return v;
    }

    public static long atLeast(String name, long v, long min) {
        if (v < min) throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        return v;
    }

    /** A finite number > 0 (learning rates, scales). */
    public static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        return v;
    }

    /** A finite number >= 0. */
    public static double nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        return v;
    }

    /** A number in [lo, hi]. */
    public static double between(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) throw new IllegalArgumentException(name + " must be in [" + Num.format(lo) + ", " + Num.format(hi) + "], got " + v);
        return v;
    }

    /** A probability-like share strictly inside (0, 1). */
    public static double openUnit(String name, double v) {
        if (!(v > 0 && v < 1)) throw new IllegalArgumentException(name + " must be in (0, 1), got " + v);
        return v;
    }

    /** A rate in [0, 1) (dropout). */
    public static double rate(String name, double v) {
        if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        return v;
    }

    public static double finite(String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " must be a finite number, got " + v);
        return v;
    }

    /** Layer sizes: each at least 1 (an empty list is a network without hidden layers). */
    public static int[] layerSizes(String name, int[] sizes) {
        for (int s : sizes) {
            if (s < 1) throw new IllegalArgumentException(name + " must be layer sizes >= 1, got " + Arrays.toString(sizes));
        }
        return sizes.clone();
    }
}
