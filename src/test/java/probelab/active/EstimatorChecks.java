package probelab.active;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;



/** Checks every MC-dropout classifier's tests share. */
final class EstimatorChecks {
    private EstimatorChecks() {}

    /** 600 training and 300 test digits from the shuffled MNIST set (fetched on first use). */
    static probelab.data.ImageDataset[] digits600And300() {
        probelab.data.ImageDataset ds = probelab.testing.TestData.mnist().shuffle(1);
        return new probelab.data.ImageDataset[] {ds.subset(0, 600), ds.subset(600, 900)};
    }

    /** Test accuracy of the probabilities, each row checked to sum to 1. */
    static double accuracy(double[][] p, int[] labels) {
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int arg = 0;
            for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][arg]) arg = c;
            if (arg == labels[i]) right++;
            assertEquals(1.0, java.util.Arrays.stream(p[i]).sum(), 1e-4);
        }
        return (double) right / p.length;
    }

    /** MC passes {@code [pass][row][class]} differ from each other and average close to the deterministic {@code p}. */
    static void passesVaryAroundTheMean(double[][][] mc, double[][] p) {
        int rows = mc[0].length, classes = p[0].length;
        double diff = 0, spread = 0;
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < classes; c++) {
                double mean = 0;
                for (double[][] pass : mc) mean += pass[i][c] / mc.length;
                diff += Math.abs(mean - p[i][c]) / (rows * classes);
                spread += Math.abs(mc[0][i][c] - mc[1][i][c]) / (rows * classes);
            }
        }
        assertTrue(spread > 1e-3, "passes differ: " + spread);
        assertTrue(diff < 0.05, "MC mean close to the deterministic output: " + diff);
    }

    /**
     * Consistent MC dropout: an image repeated far along the pool (past any chunk boundary) gets,
     * in each pass, exactly the probabilities of its first copy — one weight draw per pass.
     */
    static void passesAreConsistent(Estimator.Stochastic e, float[][] rows) {
        float[][] pool = new float[600][];
        for (int i = 0; i < pool.length; i++) pool[i] = rows[i % rows.length];
        pool[577] = rows[3];
        double[][][] mc = e.sampleProba(pool, 8, 11);
        for (int t = 0; t < mc.length; t++) assertArrayEquals(mc[t][3], mc[t][577], 1e-6, "pass " + t);
        assertTrue(e.consistentPasses());
    }
}
