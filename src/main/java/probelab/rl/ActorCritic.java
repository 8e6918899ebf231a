package probelab.rl;

/**
 * What {@link Ppo} trains: a network with categorical action heads and a value, feed-forward
 * or recurrent. Its outputs for one observation are the logits of each head in turn, then the
 * value; an action is the heads' choices combined in mixed radix (heads {@code [3, 3]}: action
 * {@code 3·a0 + a1}, as the retinal agent's turn and move). A recurrent network carries a state
 * of {@link #hiddenSize()} units; a feed-forward one has none (size 0) and ignores it.
 */
public interface ActorCritic extends probelab.nn.Network {
    /** The sizes of the categorical heads. */
    int[] heads();

    /** Units of the recurrent state, 0 for a feed-forward network. */
    int hiddenSize();

    /** One step of a batch: the outputs and the next states. */
    interface Act {
        float[][] outputs();

        float[][] hidden();
    }

    /** A forward pass over a stretch of steps, kept for {@link #backward}. */
    interface Trace {
        /** {@code [t][n][outputs]}. */
        float[][][] outputs();
    }

    /** One step for a batch of observations from states {@code hidden} (ignored when feed-forward). */
    Act act(float[][] obs, float[][] hidden);

    /**
     * Steps {@code obs[t][n]} from states {@code h0[n]}; where {@code reset[t][n]} the state is
     * zeroed before step t (a new episode began).
     */
    Trace forward(float[][][] obs, float[][] h0, boolean[][] reset);

    /** Accumulates the parameters' gradients of a loss whose gradient at the outputs is {@code dOutputs[t][n]}. */
    void backward(Trace trace, float[][][] dOutputs);

    void zeroGradients();

    /** The checkpoint kind and the settings that rebuild this network (written into checkpoints). */
    default String checkpointKind() {
        return "ppo";
    }

    default Object settings() {
        return java.util.Map.of();
    }

    /** Outputs per observation: the heads' logits and the value. */
    default int outputs() {
        int n = 1;
        for (int h : heads()) n += h;
        return n;
    }
}
