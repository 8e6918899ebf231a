package probelab.env;

import java.util.SplittableRandom;

/** The integers {@code 0 … n-1}. */
public record Discrete(int n) implements Space {
    public Discrete {
        if (n < 1) throw new IllegalArgumentException("Discrete needs n >= 1, got " + n);
    }

    @Override
    public int[] shape() {
        return new int[0];
    }

    @Override
    public Integer sample(SplittableRandom rng) {
        return rng.nextInt(n);
    }

    @Override
    public boolean contains(Object x) {
        return x instanceof Number v && v.doubleValue() == v.intValue() && v.intValue() >= 0 && v.intValue() < n;
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
