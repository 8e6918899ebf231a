package probelab.util;

import java.util.SplittableRandom;

/** Seeded random permutations (Fisher-Yates), one way for every shuffled pass. */
public final class Shuffle {
    private Shuffle() {}

    /** A random order of 0..n−1. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
