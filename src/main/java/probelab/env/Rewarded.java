package probelab.env;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An environment whose reward comes from a function of what the learner sees, instead of the
 * environment's own: a learned success classifier, a shaped reward. The learner is not
 * changed; it steps this wrapper as any environment. The environment's own reward stays in
 * {@code info.envReward}.
 */
public final class Rewarded<A> extends Wrapper<A> {

    /** The reward of a step, from what the environment returned; called once per step, in order. */
    @FunctionalInterface
    public interface Function {
        double reward(Step step);

        /** Called at every reset with the first observation (a learner may keep it). */
        default void started(Reset reset) {}
    }

    private final Function reward;

    public Rewarded(Env<A> env, Function reward) {
        super(env);
        if (reward == null) throw new IllegalArgumentException("a rewarded environment needs a reward function, got null");
        this.reward = reward;
    }

    @Override
    public Reset reset(Long seed) {
        Reset r = env.reset(seed);
        reward.started(r);
        return r;
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put("envReward", s.reward());
        return new Step(s.observation(), reward.reward(s), s.terminated(), s.truncated(), info);
    }
}
