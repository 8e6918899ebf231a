package probelab.env;

/**
 * Ends episodes after {@code maxSteps} steps as truncated (a limit outside the task), as
 * Gymnasium's {@code TimeLimit}; an episode that terminates first is left alone.
 */
public final class TimeLimit<A> extends Wrapper<A> {
    private final int maxSteps;
    private int steps;

    public TimeLimit(Env<A> env, int maxSteps) {
        super(env);
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
        this.maxSteps = maxSteps;
    }

    /** {@code env} capped at {@code maxSteps}, or {@code env} itself when {@code maxSteps} is 0 (no cap). */
    public static <A> Env<A> of(Env<A> env, int maxSteps) {
        return maxSteps > 0 ? new TimeLimit<>(env, maxSteps) : env;
    }

    @Override
    public Reset reset(Long seed) {
        steps = 0;
        return env.reset(seed);
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        steps++;
        if (steps >= maxSteps && !s.terminated() && !s.truncated()) {
            return new Step(s.observation(), s.reward(), false, true, s.info());
        }
        return s;
    }

    public int maxSteps() {
        return maxSteps;
    }
}
