package probelab.env;

import java.util.SplittableRandom;

/** What an environment accepts or returns, as in Gymnasium: {@link Discrete} or {@link Box}. */
public sealed interface Space permits Discrete, Box {
    /** The shape of one element: {@code []} for a discrete choice. */
    int[] shape();

    /** A uniformly drawn element. */
    Object sample(SplittableRandom rng);

    boolean contains(Object x);
}
