package probelab.env;

import java.awt.image.BufferedImage;

/**
 * An environment around another, as Gymnasium's {@code Wrapper}: everything passes through
 * unless the wrapper changes it. {@link #unwrapped()} reaches the innermost environment, for
 * what only it knows (an elastic-net problem's grid search, the foraging room's pose).
 */
public abstract class Wrapper<A> implements Env<A> {
    protected final Env<A> env;

    protected Wrapper(Env<A> env) {
        if (env == null) throw new IllegalArgumentException("a wrapper needs an environment, got null");
        this.env = env;
    }

    @Override
    public Reset reset(Long seed) {
        return env.reset(seed);
    }

    @Override
    public Step step(A action) {
        return env.step(action);
    }

    @Override
    public Space actionSpace() {
        return env.actionSpace();
    }

    @Override
    public Space observationSpace() {
        return env.observationSpace();
    }

    @Override
    public BufferedImage render() {
        return env.render();
    }

    @Override
    public void close() {
        env.close();
    }

    /** The environment this one wraps. */
    public Env<A> inner() {
        return env;
    }

    /** The innermost environment. */
    public Env<A> unwrapped() {
        Env<A> e = env;
        while (e instanceof Wrapper<A> w) e = w.env;
        return e;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + env + ")";
    }
}
