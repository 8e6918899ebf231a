package probelab.studies.reward;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end on a small budget: PPO from pixels on the push task, rewarded by a classifier
 * trained once on the examples (frozen) and by VICE with oracle queries. The queried learner's
 * greedy policy must succeed clearly more often than the frozen one's, which the policy learns
 * to exploit.
 */
class RewardLearningIT {
    @Test
    void queriesBeatAFrozenClassifierOnASmallBudget() {
        RewardComparison.Options d = RewardComparison.Options.DEFAULTS;
        RewardComparison.Options o = new RewardComparison.Options(1, 1, 500_000, List.of("frozen", "raq"), d.examples(), d.failures(),
                d.maxQueries(), d.queriesPerRound(), d.strategy(), d.reward(), d.envs(), d.steps(), d.lr(), d.entropy(), 200, false);
        RewardComparison.Result r = RewardComparison.run(o);
        double frozen = r.finalSuccess("frozen")[0], raq = r.finalSuccess("raq")[0];
        RewardLearning.Run queried = r.runs().get("raq").get(0);
        assertTrue(queried.queries() > 0 && queried.queries() <= 50, "queries used: " + queried.queries());
        assertTrue(raq >= frozen + 0.2, "VICE-RAQ's greedy success " + raq + " against the frozen classifier's " + frozen);
        assertEquals(queried.queries(), r.queries().size());
    }
}
