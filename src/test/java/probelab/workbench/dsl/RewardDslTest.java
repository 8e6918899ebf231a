package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.studies.reward.RewardLearning;
import probelab.util.OutputDir;
import probelab.workbench.shell.Evaluator;

/** Reward learning as a user types it: named arguments reach the records, the run and the figure come back. */
class RewardDslTest {
    @Test
    void aShortRunOnALearnedRewardFromThePrompt(@TempDir Path dir) throws Exception {
        OutputDir before = OutputDir.current();
        OutputDir.setCurrent(new OutputDir(dir, true));
        try {
            Evaluator ev = new Evaluator();
            ev.eval("env = pushEnv(); goals = env.goalExamples(20, seed: 1)");
            ev.eval("r = rewardLearner(goals, queries: 'uncertainty', queryEvery: 100, queriesPerRound: 2, maxQueries: 4, updateEvery: 100, stepsPerUpdate: 2, initialSteps: 5)");
            ev.eval("agent = ppo(pixelNet(env), envs: 2, steps: 16, minibatches: 1, epochs: 1, progress: false)");
            RewardLearning.Run run = (RewardLearning.Run) ev.eval("run = agent.train(env, frames: 320, reward: r, evaluate: 3)");
            assertEquals(320, run.frames());
            assertEquals("vice+queries", run.reward());
            assertEquals(4, run.queries(), "queries every 100 frames, 2 a round, at most 4");
            assertEquals(run.episodeSuccess().length, run.successRate().size());
            assertTrue(run.finalSuccess() >= 0 && run.finalSuccess() <= 1);
            Path grid = (Path) ev.eval("r.queries().png('queries.png')");
            assertTrue(Files.size(grid) > 0);
            ev.eval("plot(run.successRate)");
            var e = assertThrows(IllegalArgumentException.class, () -> ev.eval("rewardLearner(goals, queries: 'bold')"));
            assertTrue(e.getMessage().contains("queries must be none or one of"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ev.eval("agent.train(env, frames: 10, reward: 3)"));
            assertTrue(e.getMessage().contains("reward must be a rewardLearner"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ev.eval("agent.train(catchGame(), frames: 10)"));
            assertTrue(e.getMessage().contains("closure { i -> env }"), e.getMessage());
        } finally {
            OutputDir.setCurrent(before);
        }
    }
}
