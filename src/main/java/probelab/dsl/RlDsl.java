package probelab.dsl;

import java.util.Map;
import probelab.env.Env;
import probelab.rl.Dqn;
import probelab.util.Doc;
import probelab.util.Options;

/** Learners. */
public final class RlDsl {
    private RlDsl() {}

    @Doc(value = "a DQN agent for a discrete-action environment (classic catch settings by default)",
            example = "agent = dqn(env, lr: 0.2, targetSync: 0)", topic = "rl", options = Dqn.Options.class)
    public static Dqn dqn(Map<String, ?> opts, Env<Integer> env) {
        return new Dqn(env, Options.apply(Dqn.Options.DEFAULTS, opts, "dqn"));
    }

    public static Dqn dqn(Env<Integer> env) {
        return dqn(Map.of(), env);
    }
}
