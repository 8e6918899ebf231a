package probelab.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import probelab.active.Experiment;
import probelab.env.CatchEnv;
import probelab.nn.Network;
import probelab.rl.ContinuousAgent;
import probelab.rl.Dqn;
import probelab.rl.Ppo;
import probelab.rl.Td3;
import probelab.rl.TrainingRun;
import probelab.studies.calibration.ElasticNetEnv;
import probelab.studies.retina.ForagingEnv;
import probelab.studies.retina.RetinaNet;
import probelab.testing.TestData;
import probelab.util.Json;
import probelab.util.NumericPath;
import probelab.util.Options;

/**
 * Short fixed-seed runs of the RL studies and of active learning, each run twice and compared bit for bit with
 * itself and with a committed copy of its results ({@code src/test/resources/golden/}): a change
 * to the numerics that moves a result fails here first. After a deliberate change, rerun with
 * {@code -Dprobelab.golden.update=true} and commit the new copies with the reason.
 *
 * <p>TD3 and DQN run on the plain-array networks: their results depend on the build only.
 * Retinal PPO and the active-learning CNN go through OpenBLAS (retinal PPO also sums gradients
 * over one share of frames per core), so their copies record the kernels and core count they were
 * made under and are compared only under the same.
 */
class GoldenRunsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void td3OnTheElasticNetRepeatsAndMatchesItsCopy() {
        Map<String, Object> first = td3(), second = td3();
        assertEquals(first, second, "the same seed and build must give the same TD3 run");
        compare("td3-elasticnet", first, false);
    }

    private static Map<String, Object> td3() {
        ElasticNetEnv env = new ElasticNetEnv(20, 20, 2);
        Td3 agent = new Td3(env, Td3.Options.DEFAULTS);
        ContinuousAgent.Run run = agent.train(env, new ContinuousAgent.TrainOptions(60, 2, 1, false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("score", run.score());
        out.put("greedy_action", agent.act(env.reset(123L).observation()));
        out.put("diagnostics", run.diagnostics().blocks(20));
        return roundTrip(out);
    }

    @Test
    void catchDqnRepeatsAndMatchesItsCopy() {
        Map<String, Object> first = catchDqn(), second = catchDqn();
        assertEquals(first, second, "the same seed and build must give the same DQN run");
        compare("catch-dqn", first, false);
    }

    private static Map<String, Object> catchDqn() {
        Dqn agent = new Dqn(new CatchEnv(10), Dqn.Options.DEFAULTS);
        TrainingRun run = agent.train(new Dqn.TrainOptions(150, null, 0, false));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("wins", run.getWins());
        out.put("reward", run.getReward().values());
        out.put("loss", run.getLoss().values());
        out.put("q_at_reset", agent.q(new CatchEnv(10).reset(5L).observation()));
        return roundTrip(out);
    }

    @Test
    void retinaPpoRepeatsAndMatchesItsCopyUnderTheSameKernels() {
        Map<String, Object> first = retinaPpo(), second = retinaPpo();
        assertEquals(first, second, "the same seed, build, kernels and cores must give the same PPO run");
        compare("retina-ppo", first, true);
    }

    private static Map<String, Object> retinaPpo() {
        var digits = TestData.mnist();
        ForagingEnv.Options envOptions = Options.apply(ForagingEnv.Options.DEFAULTS, Map.of("height", 36, "width", 64), "foragingEnv");
        RetinaNet net = new RetinaNet(Options.apply(RetinaNet.Options.DEFAULTS, Map.of("height", 36, "width", 64, "seed", 1L), "retinaNet"));
        Ppo<RetinaNet> ppo = new Ppo<>(net, Options.apply(Ppo.Options.DEFAULTS, Map.of("seed", 1L, "progress", false), "ppo"));
        Ppo.Run run = ppo.train(i -> new ForagingEnv(digits, envOptions), 2 * 8 * 32);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("frames", run.frames());
        out.put("returns", run.returns());
        out.put("parameters", fingerprint(net));
        return roundTrip(out);
    }

    @Test
    void activeLearningRepeatsAndMatchesItsCopyUnderTheSameKernels() {
        Map<String, Object> first = activeLearning(), second = activeLearning();
        assertEquals(first, second, "the same seed, build, kernels and cores must give the same active-learning run");
        compare("active-learning", first, true);
    }

    private static Map<String, Object> activeLearning() {
        var digits = TestData.mnist().shuffle(1).subset(0, 600);
        var o = new Experiment.CompareOptions(List.of("bald"), "bayesian", 1, 10, 30, 1, 1, 200, 1, 20, 3, false);
        Experiment.Result r = Experiment.compare(digits, o);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("labels", r.labels);
        out.put("accuracy", r.accuracy);
        return roundTrip(out);
    }

    /** Sum and sum of squares of every parameter, in double: any changed bit in a weight shows. */
    private static double[] fingerprint(Network net) {
        double sum = 0, squares = 0;
        for (float[] p : net.parameters()) for (float v : p) {
            sum += v;
            squares += (double) v * v;
        }
        return new double[] {sum, squares};
    }

    /** As the values come back from JSON, so that a fresh run and a committed copy compare alike. */
    private static Map<String, Object> roundTrip(Map<String, Object> m) {
        return Json.readMap(Json.write(m));
    }

    private static void compare(String name, Map<String, Object> results, boolean blasDependent) {
        Path file = GOLDEN.resolve(name + ".json");
        Map<String, Object> path = new LinkedHashMap<>();
        if (blasDependent) {
            Map<String, Object> np = NumericPath.describe();
            path.put("openblas_kernels", np.get("openblas_kernels"));
            path.put("cores", np.get("cores"));
        }
        if (Boolean.getBoolean("probelab.golden.update")) {
            Map<String, Object> copy = new LinkedHashMap<>();
            if (blasDependent) copy.put("numeric_path", path);
            copy.put("results", results);
            Json.writeFile(file, copy);
            return;
        }
        Assumptions.assumeTrue(Files.exists(file), "no committed copy " + file + "; make one with -Dprobelab.golden.update=true");
        Map<String, Object> golden = Json.readFile(file);
        if (blasDependent) {
            Map<String, Object> recorded = roundTrip(path);
            Assumptions.assumeTrue(recorded.equals(golden.get("numeric_path")),
                    name + ": the committed copy was made under " + golden.get("numeric_path") + ", this machine runs " + recorded);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> expected = (Map<String, Object>) golden.get("results");
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key), results.get(key), name + ": '" + key + "' moved from the committed copy " + file
                    + " (a numerics change? see the class comment)");
        }
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(results.keySet()), name + ": different results recorded");
    }
}
