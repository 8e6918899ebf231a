package probelab.env;

import java.awt.image.BufferedImage;

/**
 * An environment with Gymnasium's contract: {@code reset(seed)} gives the first observation
 * and info; {@code step(action)} gives observation, reward, terminated, truncated, info; the
 * spaces declare shapes and bounds; {@code render()} draws the current state. Observations
 * are flat {@code float[]} in the layout {@code observationSpace().shape()} describes.
 *
 * @param <A> the action type: {@code Integer} for a {@link Discrete} space, {@code float[]}
 *            for a {@link Box}
 */
public interface Env<A> extends AutoCloseable {
    /** Starts an episode; a non-null seed reseeds the environment's random source first. */
    Reset reset(Long seed);

    /** Starts an episode, continuing the current random stream. */
    default Reset reset() {
        return reset((Long) null);
    }

    /** Groovy passes integer literals as {@code Integer}. */
    default Reset reset(int seed) {
        return reset((long) seed);
    }

    Step step(A action);

    Space actionSpace();

    Space observationSpace();

    /** The current state as a picture a person can read. */
    BufferedImage render();

    @Override
    default void close() {}
}
