package probelab.workbench.dsl;

import java.util.Map;
import probelab.data.ImageDataset;
import probelab.env.Box;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.rl.ConvPolicy;
import probelab.studies.reward.PushEnv;
import probelab.studies.reward.RewardComparison;
import probelab.studies.reward.RewardLearner;
import probelab.util.Doc;
import probelab.util.Options;

/** Reward learning from examples of success, with active queries (seed 001's robot half). */
public final class RewardDsl {
    private RewardDsl() {}

    @Doc(value = "a tabletop seen from above: a gripper pushes a block into a goal region that is not drawn (pixels in, 5 moves)",
            example = "env = pushEnv(); goals = env.goalExamples(80, seed: 1)", topic = "reward", options = PushEnv.Options.class)
    public static PushEnv pushEnv(Map<String, ?> opts) {
        return new PushEnv(Options.apply(PushEnv.Options.DEFAULTS, opts, "pushEnv"));
    }

    public static PushEnv pushEnv() {
        return pushEnv(Map.of());
    }

    @Doc(value = "a feed-forward actor-critic from pixels for ppo(): conv 16 k4 s4 → conv 32 k3 s2 → dense 128 → actions and value",
            example = "agent = ppo(pixelNet(env), envs: 16, steps: 64, learningRate: 1e-3, entropy: 0.02)", topic = "reward", options = ConvPolicy.Options.class)
    public static ConvPolicy pixelNet(Map<String, ?> opts, Env<Integer> env) {
        ConvPolicy.Options o = Options.apply(ConvPolicy.Options.DEFAULTS, opts, "pixelNet");
        if (!(env.observationSpace() instanceof Box b) || b.shape().length != 3) {
            throw new IllegalArgumentException("pixelNet needs frames [height, width, channels], got the observation space " + env.observationSpace());
        }
        if (!(env.actionSpace() instanceof Discrete d)) throw new IllegalArgumentException("pixelNet needs discrete actions, got " + env.actionSpace());
        return new ConvPolicy(b.shape()[0], b.shape()[1], b.shape()[2], d.n(), o.seed());
    }

    public static ConvPolicy pixelNet(Env<Integer> env) {
        return pixelNet(Map.of(), env);
    }

    @Doc(value = "a reward learned from success examples (VICE), with active queries (VICE-RAQ); pass it to agent.train(env, reward: r)",
            example = "r = rewardLearner(goals, queries: 'uncertainty', queryEvery: 2000, queriesPerRound: 5)   // frozen: rewardLearner(goals, env.randomStates(500), mode: 'frozen')",
            topic = "reward", options = RewardLearner.Options.class)
    public static RewardLearner rewardLearner(Map<String, ?> opts, Object examples) {
        return rewardLearner(opts, examples, null);
    }

    /** With failure frames to start from (a frozen learner's only failures). */
    public static RewardLearner rewardLearner(Map<String, ?> opts, Object examples, Object failures) {
        RewardLearner.Options o = Options.apply(RewardLearner.Options.DEFAULTS, opts, "rewardLearner");
        return new RewardLearner(RewardLearner.Frames.of(examples, "examples"), failures == null ? null : RewardLearner.Frames.of(failures, "failures"), o);
    }

    public static RewardLearner rewardLearner(Object examples) {
        return rewardLearner(Map.of(), examples, null);
    }

    public static RewardLearner rewardLearner(Object examples, Object failures) {
        return rewardLearner(Map.of(), examples, failures);
    }

    @Doc(value = "the seed's comparison: the true reward, a frozen classifier, VICE and VICE with queries, over seeds, on the push task",
            example = "c = compareRewards(seeds: 1, frames: 300000); plot(c)", topic = "reward", options = RewardComparison.Options.class)
    public static RewardComparison.Result compareRewards(Map<String, ?> opts) {
        return RewardComparison.run(Options.apply(RewardComparison.Options.DEFAULTS, opts, "compareRewards"));
    }
}
