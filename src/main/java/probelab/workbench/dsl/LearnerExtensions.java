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
