package probelab.rl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import probelab.studies.calibration.ElasticNetEnv;

/** What a TD3 run records per episode, and its compact trace for summary.json. */
class DiagnosticsTest {
    @Test
    void everyEpisodeGetsEveryDiagnostic() {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        Td3 agent = new Td3(env, Td3.Options.DEFAULTS);
        ContinuousAgent.Run run = agent.train(env, new ContinuousAgent.TrainOptions(40, 2, 1, false));
        Diagnostics d = run.diagnostics();
        assertEquals(40, d.episodes());
        Map<String, probelab.plot.Series> s = d.series();
        assertEquals(java.util.List.of("action_0", "action_1", "reward_min", "reward_max", "reward_mean", "q_implied_reward", "critic_loss",
                "actor_pre_abs", "actor_saturated", "replay_reward_mean", "replay_reward_min", "replay_action_sd"), java.util.List.copyOf(s.keySet()));
        for (int e = 0; e < 40; e++) {
            assertEquals(run.score()[e], s.get("reward_mean").get(e), 1e-9, "the episode's mean reward is its score");
            assertTrue(s.get("reward_min").get(e) <= s.get("reward_max").get(e));
            assertTrue(Math.abs(s.get("action_0").get(e)) <= 1);
            assertTrue(s.get("actor_saturated").get(e) >= 0 && s.get("actor_saturated").get(e) <= 1);
        }
        // learning starts once the memory holds a minibatch of 64: 32 episodes of 2 steps
        assertTrue(Double.isNaN(s.get("critic_loss").get(0)));
        assertFalse(Double.isNaN(s.get("critic_loss").get(39)));
        assertEquals(80, agent.replayStats().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.get("q"));
        assertTrue(e.getMessage().contains("q_implied_reward"), e.getMessage());
    }

    @Test
    void aDivergingTd3StopsAndReturnsWhatItPlayed() {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        Td3 agent = new Td3(env, probelab.util.Options.apply(Td3.Options.DEFAULTS, Map.of("actorLr", 1e30, "criticLr", 1e30), "td3"));
        ContinuousAgent.Run run = agent.train(env, new ContinuousAgent.TrainOptions(200, 2, 1, false));
        assertNotNull(run.diverged(), "a learning rate of 1e30 diverges, and says so");
        assertTrue(run.diverged().startsWith("training diverged at update"), run.diverged());
        assertTrue(run.score().length < 200 && run.score().length > 32, "stopped after learning began: " + run.score().length);
        assertTrue(run.toString().contains("stopped: diverged"), run.toString());
    }

    @Test
    void onNonFiniteWarnSkipsBadUpdatesWarnsOnceAndPlaysOn() {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        Td3 agent = new Td3(env, probelab.util.Options.apply(Td3.Options.DEFAULTS, Map.of("actorLr", 1e30, "criticLr", 1e30), "td3"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        ContinuousAgent.Run run;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run = agent.train(env, new ContinuousAgent.TrainOptions(200, 2, 1, false, "warn"));
        } finally {
            System.setErr(saved);
        }
        assertNull(run.diverged());
        assertEquals(200, run.score().length, "every episode was played");
        String warned = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(warned.contains("onNonFinite: warn"), warned);
        for (float[] p : agent.actor.parameters()) for (float v : p) assertTrue(Float.isFinite(v), "the weights stay finite");
        assertThrows(IllegalArgumentException.class, () -> new ContinuousAgent.TrainOptions(10, 2, 1, false, "ignore"));
    }

    @Test
    void blocksTakeTheWorstOfWorstRewardsAndTheMeanOfTheRest() {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        ContinuousAgent.Run run = new Td3(env, Td3.Options.DEFAULTS).train(env, new ContinuousAgent.TrainOptions(10, 2, 1, false));
        Diagnostics d = run.diagnostics();
        Map<String, double[]> b = d.blocks(4);
        assertEquals(3, b.get("reward_min").length);
        double[] min = d.get("reward_min").values(), mean = d.get("reward_mean").values();
        assertEquals(Math.min(Math.min(min[0], min[1]), Math.min(min[2], min[3])), b.get("reward_min")[0]);
        assertEquals((mean[8] + mean[9]) / 2, b.get("reward_mean")[2], 1e-12);
    }

    @Test
    void theTanhInputIsRecoveredFromItsOutput() {
        assertEquals(0.5f, Td3.atanh((float) Math.tanh(0.5)), 1e-6f);
        assertEquals(-2f, Td3.atanh((float) Math.tanh(-2)), 1e-5f);
        assertTrue(Td3.atanh(1f) > 8 && Float.isFinite(Td3.atanh(1f)), "a saturated output reads as a large finite input");
    }
}
