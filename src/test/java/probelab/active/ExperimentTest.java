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
}
