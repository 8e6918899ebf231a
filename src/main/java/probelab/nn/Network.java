package probelab.nn;

import java.util.List;

/**
 * What optimisers, gradient clipping and checkpoints need of any network: its parameter arrays
 * and the gradient arrays aligned with them, updated in place.
 */
public interface Network {
    List<float[]> parameters();

    /** Gradients aligned with {@link #parameters()}, as the last backward pass left them. */
    List<float[]> gradients();

    default long parameterCount() {
        long n = 0;
        for (float[] p : parameters()) n += p.length;
        return n;
    }
}
