package probelab.embed;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * How faithful an embedding is: k-NN preservation, trustworthiness, and k-NN classification
 * accuracy in the embedding. On large inputs each is estimated on a fixed random sample of
 * query points (all points still count as neighbours).
 */
public final class Quality {
    private Quality() {}

    /** Options of {@link #measure}. */
    public record Options(@probelab.util.Doc("class labels, for the k-NN accuracy (optional)") Object labels,
                          @probelab.util.Doc("neighbours k") int k) {
        public static final Options DEFAULTS = new Options(null, 10);

        public Options {
            probelab.util.Check.atLeast("k", k, 1);
        }
    }

    /** k-NN preservation, trustworthiness and (with labels) k-NN accuracy of the embedding {@code y} of {@code x}. */
    public static java.util.Map<String, Double> measure(float[][] x, double[][] y, Options o) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("knn_preservation", knnPreservation(x, y, o.k()));
        m.put("trustworthiness", trustworthiness(x, y, o.k()));
        if (o.labels() != null) m.put("knn_accuracy", knnAccuracy(y, probelab.data.Features.labels(o.labels(), "labels"), o.k()));
        return m;
    }

    /** Query points used by default: all up to this many, else a seeded sample of this size. */
    public static final int SAMPLE = 10_000;

    static int[] sample(int n, int m, long seed) {
        if (m >= n) return null;
        int[] all = IntStream.range(0, n).toArray();
        Random r = new Random(seed);
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, m);
        Arrays.sort(out);
        return out;
    }

    static float[][] toFloat(double[][] y) {
        float[][] out = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            out[i] = new float[y[i].length];
            for (int d = 0; d < y[i].length; d++) out[i][d] = (float) y[i][d];
        }
        return out;
    }

    /** Mean fraction of each point's k nearest neighbours in {@code x} that are also among its k nearest in {@code y}. */
    public static double knnPreservation(float[][] x, double[][] y, int k) {
        check(x.length, y.length);
        int[] rows = sample(x.length, SAMPLE, 7);
        Neighbors hi = Neighbors.exact(x, rows, k), lo = Neighbors.exact(toFloat(y), rows, k);
        double s = 0;
        for (int r = 0; r < hi.index.length; r++) {
            Set<Integer> a = new HashSet<>();
            for (int j : hi.index[r]) a.add(j);
            int c = 0;
            for (int j : lo.index[r]) if (a.contains(j)) c++;
            s += (double) c / k;
        }
        return s / hi.index.length;
    }

    /** Leave-one-out k-NN accuracy of the labels in the embedding (majority vote, ties to the nearest). */
    public static double knnAccuracy(double[][] y, int[] labels, int k) {
        check(y.length, labels.length);
        int[] rows = sample(y.length, SAMPLE, 7);
        Neighbors nn = Neighbors.exact(toFloat(y), rows, k);
        int classes = Arrays.stream(labels).max().orElse(0) + 1;
        int right = 0;
        for (int r = 0; r < nn.index.length; r++) {
            int i = rows == null ? r : rows[r];
            int[] votes = new int[classes];
            int best = labels[nn.index[r][0]];
            for (int j : nn.index[r]) {
                int v = ++votes[labels[j]];
                if (v > votes[best]) best = labels[j];
            }
            if (best == labels[i]) right++;
        }
        return (double) right / nn.index.length;
    }

    /**
     * Trustworthiness (Venna & Kaski): 1 − 2/(m·k·(2n − 3k − 1)) Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k), where Uᵢ
     * are the embedding's k nearest neighbours of i that are not among its k nearest in the
     * input and r their rank in the input; 1 means no false neighbours.
     */
    public static double trustworthiness(float[][] x, double[][] y, int k) {
        int n = x.length;
        check(n, y.length);
        int[] rows = sample(n, Math.min(SAMPLE, 2_000), 11);
        int m = rows == null ? n : rows.length;
        Neighbors lo = Neighbors.exact(toFloat(y), rows, k);
        double[] penalty = new double[m];
        IntStream.range(0, m).parallel().forEach(r -> {
            int i = rows == null ? r : rows[r];
            float[] d = new float[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double t = x[i][c] - x[j][c];
                    s += t * t;
                }
                d[j] = (float) s;
            }
            d[i] = Float.NEGATIVE_INFINITY;
            // Only the k embedding neighbours need an input-space rank: count who comes before each
            // (a stable sort's rank: smaller distances, and equal ones with a lower index; self first).
            double s = 0;
            for (int j : lo.index[r]) {
                int rank = 0;
                for (int l = 0; l < n; l++) if (d[l] < d[j] || (d[l] == d[j] && l < j)) rank++;
                if (rank > k) s += rank - k;
            }
            penalty[r] = s;
        });
        double sum = 0;
        for (double v : penalty) sum += v;
        return 1 - 2.0 / (m * (double) k * (2.0 * n - 3.0 * k - 1)) * sum;
    }

    private static void check(int a, int b) {
        if (a != b) throw new IllegalArgumentException("point counts differ: " + a + " and " + b);
    }
}
