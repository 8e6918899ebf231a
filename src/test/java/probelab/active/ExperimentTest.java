package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;

class ExperimentTest {

    @Test
    void runsEveryStrategyWithRandomAlwaysIncluded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ImageDataset data = probelab.testing.TestData.mnist().shuffle(2).subset(0, 1500);
        Map<String, LongFunction<Strategy>> s = Map.of("margin", seed -> Strategies.margin());
        probelab.util.OutputDir before = probelab.util.OutputDir.current();
        probelab.util.OutputDir.setCurrent(new probelab.util.OutputDir(dir, true));
        Experiment.Result r;
        try {
            r = Experiment.run(data, s, seed -> new SmileLogistic(10, 1.0), new Experiment.Setup(2, 10, 60, 2, 300), false);
        } finally {
            probelab.util.OutputDir.setCurrent(before);
        }
        // every round was logged as it finished: header + 2 strategies × 2 seeds × 5 label counts
        java.util.List<String> rounds = Files.readAllLines(dir.resolve("rounds.csv"));
        assertEquals(21, rounds.size());
        assertEquals("strategy,seed,labels,test_accuracy", rounds.get(0));
        assertTrue(rounds.get(1).startsWith("random,1,20,"), rounds.get(1));
        assertArrayEquals(new int[] {20, 30, 40, 50, 60}, r.labels);
        assertEquals(java.util.List.of("random", "margin"), java.util.List.copyOf(r.accuracy.keySet()));
        assertEquals(2, r.accuracy.get("margin").length);
        for (double[] row : r.accuracy.get("random")) for (double a : row) assertTrue(a > 0.2 && a <= 1, "accuracy " + a);
        Map<String, Object> sum = r.summary(0.5);
        assertTrue(((Map<?, ?>) sum.get("margin")).containsKey("median_labels_to_50"));
    }

    @Test
    void labelsToReachAndMedian() {
        Experiment.Result r = new Experiment.Result(new int[] {20, 30, 40});
        r.accuracy.put("x", new double[][] {{0.5, 0.91, 0.95}, {0.5, 0.6, 0.92}, {0.4, 0.5, 0.6}});
        assertArrayEquals(new double[] {30, 40, Double.NaN}, r.labelsToReach("x", 0.9));
        assertEquals(40, Experiment.Result.median(r.labelsToReach("x", 0.9)));
        assertTrue(Double.isNaN(Experiment.Result.median(r.labelsToReach("x", 0.95))), "most seeds never reach 95%");
        assertArrayEquals(new double[] {1.4 / 3, 2.01 / 3, 2.47 / 3}, r.mean("x"), 1e-12);
        assertEquals(Math.sqrt(((0.5 - 1.4 / 3) * (0.5 - 1.4 / 3) * 2 + (0.4 - 1.4 / 3) * (0.4 - 1.4 / 3)) / 2), r.std("x")[0], 1e-12);
    }

    /** A logistic regression whose fourth fit meets a NaN gradient (if told to), as a CNN with too large a learning rate would. */
    private static final class DivergesOnFourthFit implements Estimator {
        private final SmileLogistic inner = new SmileLogistic(10, 1.0);
        private final boolean diverges;
        private int fits;

        DivergesOnFourthFit(boolean diverges) {
            this.diverges = diverges;
        }

        @Override
        public void fit(float[][] x, int[] y) {
            if (++fits == 4 && diverges) throw new probelab.optim.Diverged("training diverged at update 7: the loss is NaN.", 7);
            inner.fit(x, y);
        }

        @Override
        public double[][] predictProba(float[][] x) {
            return inner.predictProba(x);
        }
    }

    @Test
    void aDivergingFitEndsTheRunKeepingTheSeedsEveryStrategyFinished(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ImageDataset data = probelab.testing.TestData.mnist().shuffle(2).subset(0, 1000);
        Map<String, LongFunction<Strategy>> s = Map.of("margin", seed -> Strategies.margin());
        probelab.util.OutputDir before = probelab.util.OutputDir.current();
        Experiment.Result r;
        for (long bad : new long[] {1, 2}) {
            probelab.util.OutputDir.setCurrent(new probelab.util.OutputDir(dir.resolve("seed" + bad), true));
            try {
                r = Experiment.run(data, s, seed -> new DivergesOnFourthFit(seed == bad), new Experiment.Setup(2, 10, 60, 3, 300), false);
            } finally {
                probelab.util.OutputDir.setCurrent(before);
            }
            assertNotNull(r.diverged);
            assertTrue(r.diverged.startsWith("random, seed " + bad + ", round 4: training diverged at update 7"), r.diverged);
            assertEquals(r.diverged, r.summary(0.5).get("diverged"));
            if (bad == 1) {
                // rounds 1-3 of random were measured, but margin never ran: no round that every strategy finished
                assertEquals(0, r.labels.length);
            } else {
                // seed 1 finished whole; seed 2 stopped, seed 3 never started
                assertArrayEquals(new int[] {20, 30, 40, 50, 60}, r.labels);
                assertEquals(1, r.accuracy.get("margin").length);
                assertEquals(1, r.accuracy.get("random").length);
            }
        }
    }
}
