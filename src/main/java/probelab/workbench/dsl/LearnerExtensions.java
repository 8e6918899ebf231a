package probelab.workbench.dsl;

import java.nio.file.Path;
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

    /**
     * {@code agent.train(env, frames: 200_000, reward: r, ask: 'human')}: PPO on a learned
     * reward (or, without {@code reward}, the environment's own), the true success kept
     * aside. {@code env} is a push environment (each of the agent's environments a copy) or
     * a closure {@code { i -> env }}.
     */
    public static probelab.studies.reward.RewardLearning.Run train(probelab.rl.Ppo<? extends probelab.rl.ActorCritic> self, Map<String, ?> opts, Object env) {
        Map<String, Object> rest = new java.util.LinkedHashMap<>(opts);
        Object reward = rest.remove("reward");
        if (reward != null && !(reward instanceof probelab.studies.reward.RewardLearner)) {
            throw new IllegalArgumentException("train: reward must be a rewardLearner(...), got " + reward.getClass().getSimpleName());
        }
        probelab.studies.reward.RewardLearning.TrainOptions o = Options.apply(probelab.studies.reward.RewardLearning.TrainOptions.DEFAULTS, rest, "train");
        java.util.function.IntFunction<? extends Env<Integer>> makeEnv = envs(env);
        return probelab.studies.reward.RewardLearning.train(self, makeEnv, (probelab.studies.reward.RewardLearner) reward, o,
                labels -> {
                    probelab.studies.reward.RewardLearner r = (probelab.studies.reward.RewardLearner) reward;
                    int h = r.classifier().height(), w = r.classifier().width();
                    return new probelab.studies.reward.Oracle.Person(probelab.util.Console::ask, System.out, labels,
                            probelab.studies.reward.RewardLearning.shower(h, w));
                });
    }

    @SuppressWarnings("unchecked")
    private static java.util.function.IntFunction<? extends Env<Integer>> envs(Object env) {
        if (env instanceof probelab.studies.reward.PushEnv p) return i -> new probelab.studies.reward.PushEnv(p.options());
        if (env instanceof java.util.function.IntFunction<?> f) return (java.util.function.IntFunction<? extends Env<Integer>>) f;
        if (env instanceof groovy.lang.Closure<?> c) return i -> (Env<Integer>) c.call(i);
        throw new IllegalArgumentException("train: expected a push environment or a closure { i -> env } that makes each of the agent's environments, got "
                + (env == null ? "null" : env.getClass().getSimpleName()));
    }

    /** {@code env.goalExamples(80, seed: 1)}. */
    public static float[][] goalExamples(probelab.studies.reward.PushEnv self, Map<String, ?> opts, int n) {
        return self.goalExamples(n, seed(opts, "goalExamples"));
    }

    public static float[][] goalExamples(probelab.studies.reward.PushEnv self, int n) {
        return self.goalExamples(n, 1);
    }

    /** {@code env.randomStates(500, seed: 2)}. */
    public static float[][] randomStates(probelab.studies.reward.PushEnv self, Map<String, ?> opts, int n) {
        return self.randomStates(n, seed(opts, "randomStates"));
    }

    public static float[][] randomStates(probelab.studies.reward.PushEnv self, int n) {
        return self.randomStates(n, 1);
    }

    private static long seed(Map<String, ?> opts, String owner) {
        for (String k : opts.keySet()) if (!k.equals("seed")) throw new IllegalArgumentException(owner + ": unknown option '" + k + "'; valid: seed");
        Object s = opts.get("seed");
        if (s == null) return 1;
        if (!(s instanceof Number n)) throw new IllegalArgumentException(owner + ": seed must be a number, got " + s);
        return n.longValue();
    }

    /** {@code net.save('cnn.zip')}: DL4J's own format, in the output folder for a relative path. */
    public static Path save(org.deeplearning4j.nn.multilayer.MultiLayerNetwork self, String path) {
        return saveDl4j(self, Map.of(), path);
    }

    public static Path save(org.deeplearning4j.nn.multilayer.MultiLayerNetwork self, Map<String, ?> opts, String path) {
        return saveDl4j(self, opts, path);
    }

    public static Path save(org.deeplearning4j.nn.graph.ComputationGraph self, String path) {
        return saveDl4j(self, Map.of(), path);
    }

    public static Path save(org.deeplearning4j.nn.graph.ComputationGraph self, Map<String, ?> opts, String path) {
        return saveDl4j(self, opts, path);
    }

    private static Path saveDl4j(org.deeplearning4j.nn.api.Model net, Map<String, ?> opts, String path) {
        Path p = probelab.nn.Dl4jFiles.save(net, probelab.util.OutputDir.current().resolve(path), probelab.nn.ModelFile.SaveOptions.force(opts));
        System.out.println("saved " + p);
        return p;
    }
}
