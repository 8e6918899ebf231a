package probelab.workbench.dsl;

import java.util.Map;
import probelab.env.Env;
import probelab.rl.ContinuousAgent;
import probelab.rl.Dqn;
import probelab.rl.Rollouts;
import probelab.rl.TrainingRun;
import probelab.util.Options;

/**
 * Named arguments on learners' methods, for Groovy: {@code agent.train(episodes: 1000)} and
 * {@code agent.evaluate(env, episodes: 100)}. The learners take option records; these
 * extension methods (registered in {@code META-INF/groovy}) check the names against the
 * record and make the call, as the DSL functions do for constructors.
 */
public final class LearnerExtensions {
    private LearnerExtensions() {}

    public static TrainingRun train(Dqn self, Map<String, ?> opts) {
        return self.train(Options.apply(Dqn.TrainOptions.DEFAULTS, opts, "train"));
    }

    public static TrainingRun train(Dqn self, Map<String, ?> opts, Env<Integer> env) {
        return self.train(Options.apply(Dqn.TrainOptions.DEFAULTS, opts, "train"), env);
    }

    public static Rollouts.Evaluation evaluate(Dqn self, Map<String, ?> opts, Env<Integer> env) {
        return self.evaluate(Options.apply(Rollouts.PlayOptions.EVALUATE, opts, "evaluate"), env);
    }

    public static Rollouts.Playback play(Dqn self, Map<String, ?> opts, Env<Integer> env) {
        return self.play(Options.apply(Rollouts.PlayOptions.PLAY, opts, "play"), env);
    }

    public static ContinuousAgent.Run train(ContinuousAgent self, Map<String, ?> opts, Env<float[]> env) {
        return self.train(env, Options.apply(ContinuousAgent.TrainOptions.DEFAULTS, opts, "train"));
    }
}
