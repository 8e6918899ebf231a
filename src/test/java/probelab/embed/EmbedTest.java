package probelab.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import probelab.embed.FftRepulsion;
import probelab.embed.Neighbors;
import probelab.embed.Pca;
import probelab.embed.Quality;
import probelab.embed.Tsne;
import probelab.util.Options;

class EmbedTest {

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

    static Tsne.Options opts(Map<String, ?> m) {
        java.util.Map<String, Object> all = new java.util.HashMap<>(m);
        all.put("progress", false);
        return Options.apply(Tsne.Options.DEFAULTS, all, "test");
    }

    @Test
    void neighboursMatchBruteForce() {
        Random r = new Random(3);
        float[][] x = new float[300][7];
        for (float[] row : x) for (int j = 0; j < 7; j++) row[j] = (float) r.nextGaussian();
        Neighbors nn = Neighbors.exact(x, 5);
        for (int i = 0; i < x.length; i += 37) {
            final int q = i;
            Integer[] order = new Integer[x.length];
            for (int j = 0; j < x.length; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(dist(x[q], x[a]), dist(x[q], x[b])));
            for (int k = 0; k < 5; k++) {
                assertEquals(order[k + 1].intValue(), nn.index[i][k], "neighbour " + k + " of row " + i);
                assertEquals(dist(x[i], x[order[k + 1]]), nn.distance[i][k], 1e-3);
            }
        }
        Neighbors approx = Neighbors.hnsw(x, 5);
        int same = 0;
        for (int i = 0; i < x.length; i++) for (int k = 0; k < 5; k++) if (approx.index[i][k] == nn.index[i][k]) same++;
        assertTrue(same > 0.95 * 5 * x.length, "HNSW agrees with exact search on " + same + " of " + 5 * x.length);
        long found = 0;
        for (int i = 0; i < x.length; i++) {
            java.util.Set<Integer> want = new java.util.HashSet<>();
            for (int j : nn.index[i]) want.add(j);
            for (int j : approx.index[i]) if (want.remove(j)) found++;
        }
        double truth = (double) found / (5.0 * x.length);
        // the reported recall, measured on a sample of 1,000 rows, tells the share over all rows
        assertEquals(truth, approx.recall, 0.02, "reported " + approx.recall + ", over all rows " + truth);
        assertEquals(1.0, nn.recall);
    }

    private static double dist(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return s;
    }

    @Test
    void interpolatedRepulsionMatchesExactSums() {
        Random r = new Random(5);
        int n = 1500;
        for (double spread : new double[] {0.5, 2}) {
            double[] y = new double[2 * n];
            for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian() * spread;
            double[] fast = new double[2 * n], exact = new double[2 * n];
            double zFast = new FftRepulsion(3, 50, 2).compute(y, n, 2, fast);
            double zExact = Tsne.exactRepulsion(y, n, 2, exact);
            assertEquals(zExact, zFast, 1e-3 * zExact, "Z at spread " + spread);
            double num = 0, den = 0;
            for (int i = 0; i < y.length; i++) {
                num += (fast[i] - exact[i]) * (fast[i] - exact[i]);
                den += exact[i] * exact[i];
            }
            assertTrue(Math.sqrt(num / den) < 1e-2, "relative error of the repulsive forces " + Math.sqrt(num / den));
        }
    }

    @Test
    void affinitiesHaveThePerplexityAskedFor() {
        float[] d = new float[90];
        Random r = new Random(1);
        for (int i = 0; i < d.length; i++) d[i] = (float) (r.nextDouble() * 20);
        double[] p = new double[90];
        Tsne.Affinities.calibrate(d, Math.log(30), p);
        double h = 0, s = 0;
        for (double v : p) {
            s += v;
            if (v > 0) h -= v * Math.log(v);
        }
        assertEquals(1, s, 1e-9);
        assertEquals(30, Math.exp(h), 1e-3);
    }

    @Test
    void tsneSeparatesClustersAndTheFastGradientsAgreeWithTheExactOne() {
        int n = 2000;
        int[] labels = new int[n];
        float[][] x = clusters(n, 10, 5, 1, labels);
        Tsne.Embedding exact = Tsne.fit(x, opts(Map.of("method", "exact")));
        Tsne.Embedding tree = Tsne.fit(x, opts(Map.of("method", "bh")));
        // one interval per unit with four nodes: the default grid (two intervals of three) costs ~4x the time on
        // this wide embedding; FIt-SNE's (one of three) ends 3% above the exact KL
        Tsne.Embedding grid = Tsne.fit(x, opts(Map.of("method", "fft", "intervalsPerUnit", 1.0, "interpolationPoints", 4)));
        for (Tsne.Embedding e : new Tsne.Embedding[] {exact, tree, grid}) {
            assertTrue(Quality.knnAccuracy(e.getPoints(), labels, 10) >= 0.95, e.toString());
            assertEquals(750, e.getIterations());
            assertEquals(exact.getKl(), e.getKl(), 0.03 * exact.getKl(), "KL exact " + exact.getKl() + ", " + e);
        }
        assertEquals("bh", tree.gradients());
        assertTrue(Quality.trustworthiness(x, tree.getPoints(), 10) > 0.9);
        // Same seed and options, same embedding.
        Tsne.Embedding again = Tsne.fit(x, opts(Map.of("method", "bh")));
        assertArrayEquals(tree.column(0), again.column(0), 1e-9);
    }

    @Test
    void autoTakesTheCheapestGradientByTheCostModel() {
        assertEquals("exact", Tsne.Cost.cheapest(300, 0.5, 300L * 300));
        assertEquals("bh", Tsne.Cost.cheapest(20_000, 0.5, 1272L * 1272));
        // early exaggeration's tiny cloud at 20,000 points: the fewest intervals make a small grid
        assertEquals("fft", Tsne.Cost.cheapest(20_000, 0.5, 300L * 300));
        assertEquals("fft", Tsne.Cost.cheapest(1_000_000, 0.5, 3600L * 3600));
        int[] labels = new int[1500];
        Tsne.Embedding e = Tsne.fit(clusters(1500, 10, 5, 2, labels), opts(Map.of()));
        assertEquals(750, e.iterationsBy[Tsne.METHODS.indexOf("bh")] + e.iterationsBy[Tsne.METHODS.indexOf("exact")]
                + e.iterationsBy[Tsne.METHODS.indexOf("fft")], e.toString());
        assertTrue(e.iterationsBy[Tsne.METHODS.indexOf("bh")] > 0, e.toString());
    }

    @Test
    void oneDimensionalTsneOrdersClusters() {
        int n = 1200;
        int[] labels = new int[n];
        float[][] x = clusters(n, 8, 4, 2, labels);
        Tsne.Embedding e = Tsne.fit(x, opts(Map.of("dims", 1, "method", "fft")));
        assertEquals(1, e.dims);
        assertTrue(Quality.knnAccuracy(e.getPoints(), labels, 10) >= 0.95);
        int[] order = e.order();
        int changes = 0;
        for (int i = 1; i < n; i++) if (labels[order[i]] != labels[order[i - 1]]) changes++;
        assertTrue(changes < 20, "sorted by the 1-D embedding, labels change " + changes + " times");
    }

    @Test
    void interruptKeepsTheCurrentEmbedding() {
        int[] labels = new int[500];
        float[][] x = clusters(500, 5, 3, 4, labels);
        Tsne.Options o = opts(Map.of());
        Tsne.Affinities p = Tsne.Affinities.of(Neighbors.exact(x, 90), 30);
        double[] start = Tsne.initial(x, o);
        Thread.currentThread().interrupt();
        try {
            Tsne.Embedding e = Tsne.optimize(p, start.clone(), 500, o, "fft");
            assertTrue(e.isInterrupted());
            assertEquals(0, e.getIterations());
            assertEquals(500, e.getPoints().length);
            assertTrue(Double.isFinite(e.getKl()));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void badOptionsAreRefusedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.apply(Tsne.Options.DEFAULTS, Map.of("perplexty", 30), "tsne"));
        assertTrue(e.getMessage().contains("perplexity"), e.getMessage());
        float[][] tiny = new float[10][2];
        assertThrows(IllegalArgumentException.class, () -> Tsne.fit(tiny, opts(Map.of("perplexity", 30))));
    }

    @Test
    void pcaOfAHandComputedCase() {
        // Points on the line y = 2x plus a small orthogonal wobble: the first component is (1, 2)/√5.
        float[][] x = {{-2, -4}, {-1, -2}, {0, 0}, {1, 2}, {2, 4}, {0.2f, -0.1f}, {-0.2f, 0.1f}};
        Pca p = Pca.fit(x, 2);
        assertEquals(1 / Math.sqrt(5), p.components[0][0], 1e-6);
        assertEquals(2 / Math.sqrt(5), p.components[0][1], 1e-6);
        // Variance along (1,2)/√5: Σ t² / (n−1), t = projections.
        double s = 0;
        for (float[] r : x) {
            double t = (r[0] + 2 * r[1]) / Math.sqrt(5);
            s += t * t;
        }
        assertEquals(s / 6, p.explainedVariance[0], 1e-5);
        double total = 0;
        for (double v : p.spectrum) total += v;
        assertEquals(1, total, 1e-9);
        assertEquals(Math.sqrt(5) * 2, p.scores[4][0], 1e-5);
        float[][] again = p.transform(new float[][] {{1, 2}});
        assertEquals(Math.sqrt(5), again[0][0], 1e-5);
        // Fewer rows than columns goes through the Gram matrix; same first direction.
        float[][] wide = new float[4][6];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 6; j++) wide[i][j] = (float) ((i - 1.5) * (j + 1));
        Pca w = Pca.fit(wide, 1);
        double norm = Math.sqrt(91);
        for (int j = 0; j < 6; j++) assertEquals((j + 1) / norm, w.components[0][j], 1e-5);
        assertEquals(1, w.explainedVarianceRatio[0], 1e-6);
    }
}
