package probelab.embed;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Barnes–Hut repulsion against the exact O(n²) sums, on embeddings shaped like real ones. */
class BarnesHutTest {
    static final double THETA = Tsne.Options.DEFAULTS.theta();

    /** A 2-D mixture: 10 clusters of unequal size over a span of tens, as t-SNE leaves them. */
    static double[] clustered(int n, long seed) {
        Random r = new Random(seed);
        double[][] centre = new double[10][2];
        for (double[] c : centre) {
            c[0] = r.nextGaussian() * 25;
            c[1] = r.nextGaussian() * 25;
        }
        double[] y = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int c = Math.min(9, (int) Math.floor(10 * Math.pow(r.nextDouble(), 1.5)));
            y[2 * i] = centre[c][0] + r.nextGaussian() * 3;
            y[2 * i + 1] = centre[c][1] + r.nextGaussian() * 3;
        }
        return y;
    }

    static double relativeError(double[] approx, double[] exact) {
        double num = 0, den = 0;
        for (int i = 0; i < exact.length; i++) {
            num += (approx[i] - exact[i]) * (approx[i] - exact[i]);
            den += exact[i] * exact[i];
        }
        return Math.sqrt(num / den);
    }

    @Test
    void forcesAndZWithinOnePercentOfTheExactSums() {
        assertEquals(0.7, THETA, "the default this test holds to");
        for (int n : new int[] {500, 5000}) {
            for (double scale : new double[] {1e-3, 1, 4}) { // early exaggeration's tiny cloud, a typical and a wide embedding
                double[] y = clustered(n, n);
                for (int i = 0; i < y.length; i++) y[i] *= scale;
                double[] bh = new double[2 * n], exact = new double[2 * n];
                double zBh = new BarnesHut(THETA).compute(y, n, 2, bh);
                double zExact = Tsne.exactRepulsion(y, n, 2, exact);
                String at = n + " points at scale " + scale;
                assertEquals(zExact, zBh, 1e-2 * zExact, "Z, " + at);
                double err = relativeError(bh, exact);
                assertTrue(err < 1e-2, "relative L2 error of the repulsive forces " + err + ", " + at);
            }
        }
    }

    @Test
    void oneDimensionalEmbeddingsToo() {
        int n = 3000;
        Random r = new Random(3);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = r.nextGaussian() * 20 + (i % 3) * 50;
        double[] bh = new double[n], exact = new double[n];
        double zBh = new BarnesHut(THETA).compute(y, n, 1, bh);
        double zExact = Tsne.exactRepulsion(y, n, 1, exact);
        assertEquals(zExact, zBh, 1e-2 * zExact);
        assertTrue(relativeError(bh, exact) < 1e-2, "relative error " + relativeError(bh, exact));
    }

    @Test
    void identicalPointsAndSmallInputsAreSummedExactly() {
        // 20 points, every one of them in a leaf: the sums are the exact ones.
        double[] y = clustered(20, 7);
        double[] bh = new double[40], exact = new double[40];
        assertEquals(Tsne.exactRepulsion(y, 20, 2, exact), new BarnesHut(THETA).compute(y, 20, 2, bh), 1e-12);
        assertArrayEquals(exact, bh, 1e-12);
        // 100 copies of one point: no split can separate them, the depth cap ends the tree.
        double[] same = new double[200];
        java.util.Arrays.fill(same, 3.0);
        double z = new BarnesHut(THETA).compute(same, 100, 2, new double[200]);
        assertEquals(100 * 99, z, 1e-9);
    }

    @Test
    void thetaAboveWhereACellCouldStandForItsOwnPointIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BarnesHut(0.9));
        assertTrue(e.getMessage().contains("theta must be in (0, 0.7]"), e.getMessage());
    }
}
