package probelab.embed;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import probelab.util.Nd;

/**
 * The k nearest neighbours of every row (itself excluded), by squared Euclidean distance.
 * Exact search multiplies blocks of rows against all rows with BLAS and keeps the k best per
 * row in a small heap; for very large inputs an HNSW graph (hnswlib-core) answers
 * approximately.
 */
public final class Neighbors {
    /** Neighbour indices, {@code [n][k]}, nearest first. */
    public final int[][] index;
    /** Squared distances matching {@link #index}. */
    public final float[][] distance;
    /** "exact" or "hnsw". */
    public final String method;
    /**
     * The share of the true k nearest neighbours found: 1 for exact search; for HNSW measured
     * against exact search on {@link #RECALL_SAMPLE} rows drawn with a fixed seed.
     */
    public final double recall;

    private Neighbors(int[][] index, float[][] distance, String method, double recall) {
        this.index = index;
        this.distance = distance;
        this.method = method;
        this.recall = recall;
    }

    /** Rows whose HNSW neighbours are checked against exact search (about 1/1000 of the graph's build time at 1M points). */
    public static final int RECALL_SAMPLE = 1000;

    public int k() {
        return index.length == 0 ? 0 : index[0].length;
    }

    /** Exact below this many rows when the method is "auto": BLAS brute force beats HNSW's build here. */
    public static final int EXACT_LIMIT = 150_000;

    public static Neighbors of(float[][] x, int k, String method) {
        int n = x.length;
        if (k < 1 || k >= n) throw new IllegalArgumentException("k must be in 1.." + (n - 1) + " for " + n + " points, got " + k);
        return switch (method) {
            case "auto" -> n <= EXACT_LIMIT ? exact(x, k) : hnsw(x, k);
            case "exact" -> exact(x, k);
            case "hnsw" -> hnsw(x, k);
            default -> throw new IllegalArgumentException("neighbors must be auto, exact or hnsw, got '" + method + "'");
        };
    }

    /** Brute force: ‖a−b‖² = ‖a‖² + ‖b‖² − 2a·b, one BLAS product per block of rows. */
    public static Neighbors exact(float[][] x, int k) {
        return exact(x, null, k);
    }

    /** Exact neighbours of the given rows only (all rows when {@code rows} is null), among all rows. */
    public static Neighbors exact(float[][] x, int[] rows, int k) {
        int n = x.length, d = x[0].length;
        int q = rows == null ? n : rows.length;
        INDArray all = Nd.matrix(x);
        INDArray allT = all.transpose().dup('f');
        float[] sq = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (float v : x[i]) s += v * v;
            sq[i] = (float) s;
        }
        int[][] idx = new int[q][k];
        float[][] dist = new float[q][k];
        INDArray queries = rows == null ? all : all.getRows(rows);
        // Blocks of ~16M floats keep the product matrix at 64 MB whatever n is.
        int block = Math.max(16, Math.min(q, 16_000_000 / n));
        int blocks = (q + block - 1) / block;
        AtomicInteger next = new AtomicInteger();
        int threads = Math.min(blocks, Runtime.getRuntime().availableProcessors());
        probelab.nn.kernels.Threads.forEach(threads, t -> {
            float[] row = new float[n], got = new float[block * n];
            // One product buffer per thread: allocating 64 MB off-heap per block costs 10× the product.
            INDArray buffer = Nd4j.createUninitialized(DataType.FLOAT, block, n);
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                if (Thread.currentThread().isInterrupted()) return;
                int from = b * block, to = Math.min(q, from + block);
                INDArray dots = to - from == block ? buffer : Nd4j.createUninitialized(DataType.FLOAT, to - from, n);
                // A view here sends ND4J down a non-BLAS path ten times slower: copy the block first.
                INDArray rowsBlock = queries.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup('c');
                Nd4j.gemm(rowsBlock, allT, dots, false, false, 1.0, 0.0);
                Nd.floats(dots, got);
                for (int r = from; r < to; r++) {
                    int i = rows == null ? r : rows[r];
                    int off = (r - from) * n;
                    for (int j = 0; j < n; j++) row[j] = Math.max(0f, sq[i] + sq[j] - 2 * got[off + j]);
                    row[i] = Float.POSITIVE_INFINITY;
                    smallest(row, k, idx[r], dist[r]);
                }
            }
        });
        if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted");
        return new Neighbors(idx, dist, "exact", 1.0);
    }

    /** The k smallest of {@code row}, sorted, by a bounded max-heap. */
    static void smallest(float[] row, int k, int[] outIdx, float[] outDist) {
        float[] hd = new float[k];
        int[] hi = new int[k];
        int size = 0;
        for (int j = 0; j < row.length; j++) {
            float v = row[j];
            if (size < k) {
                int c = size++;
                while (c > 0) {
                    int p = (c - 1) >> 1;
                    if (hd[p] >= v) break;
                    hd[c] = hd[p];
                    hi[c] = hi[p];
                    c = p;
                }
                hd[c] = v;
                hi[c] = j;
            } else if (v < hd[0]) {
                siftDown(hd, hi, k, v, j);
            }
        }
        // Pop the heap from the back: largest first.
        for (int end = k - 1; end >= 0; end--) {
            outDist[end] = hd[0];
            outIdx[end] = hi[0];
            float lv = hd[end];
            int li = hi[end];
            siftDown(hd, hi, end, lv, li);
        }
    }

    private static void siftDown(float[] hd, int[] hi, int size, float v, int j) {
        int c = 0;
        while (true) {
            int l = 2 * c + 1;
            if (l >= size) break;
            int r = l + 1;
            int m = (r < size && hd[r] > hd[l]) ? r : l;
            if (hd[m] <= v) break;
            hd[c] = hd[m];
            hi[c] = hi[m];
            c = m;
        }
        if (size > 0) {
            hd[c] = v;
            hi[c] = j;
        }
    }

    private record Row(Integer id, float[] vector) implements Item<Integer, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** Approximate neighbours from an HNSW graph (M 16, ef 200, as hnswlib's usual settings). */
    public static Neighbors hnsw(float[][] x, int k) {
        int n = x.length;
        HnswIndex<Integer, float[], Row, Float> index = HnswIndex
                .newBuilder(x[0].length, DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE, n)
                .withM(16).withEfConstruction(200).withEf(Math.max(200, k + 1)).build();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) rows.add(new Row(i, x[i]));
        try {
            index.addAll(rows, Runtime.getRuntime().availableProcessors(), (done, max) -> {}, 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the neighbour graph");
        }
        int[][] idx = new int[n][k];
        float[][] dist = new float[n][k];
        probelab.nn.kernels.Threads.forEach(n, i -> {
            List<SearchResult<Row, Float>> found = index.findNearest(x[i], k + 1);
            int c = 0;
            for (SearchResult<Row, Float> r : found) {
                if (r.item().id() == i || c == k) continue;
                idx[i][c] = r.item().id();
                float e = r.distance();
                dist[i][c++] = e * e;
            }
            while (c < k) { // a point with fewer than k reachable neighbours: repeat the last one
                idx[i][c] = idx[i][Math.max(0, c - 1)];
                dist[i][c] = dist[i][Math.max(0, c - 1)];
                c++;
            }
        });
        return new Neighbors(idx, dist, "hnsw", recall(x, idx, k));
    }

    /** The share of true neighbours among the approximate ones, on a seeded sample of rows. */
    static double recall(float[][] x, int[][] approx, int k) {
        int n = x.length, q = Math.min(n, RECALL_SAMPLE);
        int[] rows = probelab.util.Shuffle.permutation(n, new java.util.SplittableRandom(17));
        rows = java.util.Arrays.copyOf(rows, q);
        Neighbors truth = exact(x, rows, k);
        long found = 0;
        for (int r = 0; r < q; r++) {
            java.util.Set<Integer> want = new java.util.HashSet<>();
            for (int j : truth.index[r]) want.add(j);
            for (int j : approx[rows[r]]) if (want.remove(j)) found++;
        }
        return (double) found / ((long) q * k);
    }
}
