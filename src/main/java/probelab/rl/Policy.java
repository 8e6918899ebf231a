package probelab.rl;

/** Anything that picks an action from an observation: a trained agent played greedily. */
@FunctionalInterface
public interface Policy<A> {
    A act(float[] observation);
}
