package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad values are refused where they are given, with a message naming the option, not later when they are used. */
class EarlyChecksTest {
    private static void refused(Executable call, String... words) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
    }

    @Test
    void constructionChecksItsOptions() {
        refused(() -> RelegatorDsl.relegator(Map.of("hidden", java.util.List.of(-1))), "hidden", "-1");
        refused(() -> RelegatorDsl.relegator(Map.of("lr", 0)), "lr", "> 0");
        refused(() -> RelegatorDsl.baseline(Map.of("epochs", 0)), "epochs", ">= 1");
        refused(() -> RlDsl.dqn(Map.of("hidden", java.util.List.of(0)), EnvDsl.catchGame()), "hidden");
        refused(() -> RlDsl.td3(Map.of("actorLr", -1e-3), EnvDsl.elasticNetEnv()), "actorLr");
        refused(() -> RlDsl.ppo(Map.of("envs", 2, "minibatches", 4), RlDsl.retinaNet(Map.of("height", 36, "width", 64))),
                "minibatches", "envs");
        refused(() -> AnalysisDsl.tsne(Map.of("dims", 3), new double[][] {{1}}), "dims must be 1 or 2");
        refused(() -> PlotDsl.plot(Map.of("width", 10), new double[] {1, 2}), "width and height");
        refused(() -> ActiveDsl.bayesianCnn(Map.of("dropout", 1.0), null), "dropout");
        refused(() -> ActiveDsl.compareStrategies(Map.of("strategies", java.util.List.of("margn")), null), "unknown strategy 'margn'");
    }

    @Test
    void callsCheckTheirArguments() {
        var agent = RlDsl.dqn(EnvDsl.catchGame());
        refused(() -> LearnerExtensions.train(agent, Map.of("episodes", -5)), "episodes must be >= 1, got -5");
        assertEquals(0, agent.getHistory().getEpisodes(), "nothing ran");
        var td3 = RlDsl.td3(EnvDsl.elasticNetEnv());
        refused(() -> LearnerExtensions.train(td3, Map.of("episodes", 0), EnvDsl.elasticNetEnv()), "episodes");
    }
}
