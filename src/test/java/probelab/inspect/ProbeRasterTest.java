package probelab.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.inspect.Probe;
import probelab.inspect.Raster;
import probelab.util.Options;

class ProbeRasterTest {

    /** {@code c} Gaussian clusters in {@code d} dimensions, far apart, labels i mod c. */
    static float[][] clusters(int n, int d, int c, long seed, int[] labels) {
        Random r = new Random(seed);
        double[][] centres = new double[c][d];
        for (double[] ce : centres) for (int j = 0; j < d; j++) ce[j] = r.nextGaussian() * 10;
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            labels[i] = i % c;
            for (int j = 0; j < d; j++) x[i][j] = (float) (centres[labels[i]][j] + r.nextGaussian());
        }
        return x;
    }

    @Test
    void probeDecodesSeparableFeaturesAndPermutedLabelsSitAtChance(@TempDir Path dir) throws Exception {
        int n = 1500;
        int[] labels = new int[n];
        float[][] x = clusters(n, 12, 10, 9, labels);
        Probe.Scores s = Probe.run(x, labels, Probe.Options.DEFAULTS);
        assertTrue(s.multiTest() >= 0.95, s.toString());
        assertTrue(s.binaryTest() >= 0.95, s.toString());
        assertTrue(Math.abs(s.permutedMultiTest() - 0.1) < 0.06, s.toString());
        assertTrue(Math.abs(s.permutedBinaryTest() - 0.5) < 0.08, s.toString());
        Path file = s.write(dir);
        java.util.List<String> lines = Files.readAllLines(file);
        assertEquals(12, lines.size());
        assertEquals("multi classification scores:", lines.get(0));
        assertTrue(lines.get(1).matches("-Train: [01]\\.\\d{4}"), lines.get(1));
        assertEquals("permuted bin classification scores:", lines.get(9));
        assertTrue(Files.exists(dir.resolve("analyze_class_score.json")));
    }

    @Test
    void rasterSortsUnitsThatFireTogether(@TempDir Path dir) {
        probelab.util.OutputDir.setCurrent(new probelab.util.OutputDir(dir, true));
        int t = 400, units = 30;
        Random r = new Random(2);
        float[][] x = new float[t][units];
        int[] group = new int[units];
        for (int u = 0; u < units; u++) group[u] = r.nextInt(3);
        for (int i = 0; i < t; i++) for (int u = 0; u < units; u++) {
            x[i][u] = (float) (Math.sin(i / 10.0 + 2.1 * group[u]) * (1 + u % 4) + 0.2 * r.nextGaussian());
        }
        Raster.Result res = Raster.draw(x, Map.of("pickup", new int[] {10, 200}), true, "test raster");
        assertTrue(Files.exists(res.path()));
        int changes = 0;
        for (int k = 1; k < units; k++) if (group[res.order()[k]] != group[res.order()[k - 1]]) changes++;
        assertTrue(changes <= 2, "groups split " + changes + " times in " + java.util.Arrays.toString(res.order()));
    }
}
