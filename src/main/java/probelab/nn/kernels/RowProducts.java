package probelab.nn.kernels;

import java.nio.FloatBuffer;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;

/**
 * Matrix products in OpenBLAS's sgemm for large batches of a dense network: a block of flat
 * rows (row-major in a heap array) is copied into a direct buffer, multiplied, and the result
 * copied back in one piece; weights ({@code float[rows][cols]}, the layout of
 * {@link probelab.nn.Mlp}) are staged once per pass into a numbered slot. Below a few hundred
 * rows the network's own row loops are faster: the copies and the call cost more than the
 * products.
 *
 * <p>A network holds a team of these, one per core ({@link #team}); {@link #inParallel} gives each
 * a contiguous share of the blocks. One instance is not thread-safe. OpenBLAS runs on one thread
 * in each ({@link Threads#singleThreaded}): its own threads spin after each call.
 */
public final class RowProducts {
    private final FloatBuffer[] slots;
    private final int[] slotRows, slotCols;
    private FloatBuffer left, right, result, ones;
    private float[] flat = new float[0];

    /** Work on rows [from, to) of a batch (whole blocks) with one engine of the team. */
    public interface Share {
        void run(RowProducts products, int from, int to);
    }

    /** One engine per core, each with {@code slots} places. */
    public static RowProducts[] team(int slots) {
        RowProducts[] t = new RowProducts[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < t.length; i++) t[i] = new RowProducts(slots);
        return t;
    }

    /** How many of the team share {@code n} rows in blocks of {@code block}: one block each at least. */
    public static int workers(RowProducts[] team, int n, int block) {
        return Math.max(1, Math.min(team.length, (n + block - 1) / block));
    }

    /**
     * Runs {@code share} on {@link #workers} engines in parallel, each on a contiguous run of
     * whole blocks; which rows go to which engine depends only on n and the team's size.
     */
    public static void inParallel(RowProducts[] team, int n, int block, Share share) {
        int workers = workers(team, n, block), blocks = (n + block - 1) / block;
        if (workers == 1) {
            share.run(team[0], 0, n);
            return;
        }
        Threads.singleThreaded(() -> Threads.forEach(workers, k ->
                share.run(team[k], Math.min(n, blocks * k / workers * block), Math.min(n, blocks * (k + 1) / workers * block))));
    }

    /** A product engine with {@code slots} places for staged matrices (weights, biases and their gradients). */
    public RowProducts(int slots) {
        this.slots = new FloatBuffer[slots];
        this.slotRows = new int[slots];
        this.slotCols = new int[slots];
    }

    /** Stages the {@code rows × cols} matrix {@code m} into slot {@code s}. */
    public void load(int s, float[][] m, int rows, int cols) {
        slots[s] = Workers.grow(slots[s], rows * cols);
        slotRows[s] = rows;
        slotCols[s] = cols;
        stage(m, 0, rows, cols, slots[s]);
    }

    /** Stages {@code rows} copies of the row {@code v} into slot {@code s} (a bias, for blocks of up to that many rows). */
    public void load(int s, float[] v, int rows) {
        int n = v.length;
        slots[s] = Workers.grow(slots[s], rows * n);
        slotRows[s] = rows;
        slotCols[s] = n;
        if (flat.length < rows * n) flat = new float[rows * n];
        for (int r = 0; r < rows; r++) System.arraycopy(v, 0, flat, r * n, n);
        slots[s].put(0, flat, 0, rows * n);
    }

    /** Marks slot {@code s} as a {@code rows × cols} matrix whose values the next {@link #backward} with beta 0 overwrites. */
    public void reserve(int s, int rows, int cols) {
        slots[s] = Workers.grow(slots[s], rows * cols);
        slotRows[s] = rows;
        slotCols[s] = cols;
    }

    /** Copies slot {@code s} back into the rows of {@code m}. */
    public void store(int s, float[][] m) {
        unstage(slots[s], m, 0, slotRows[s], slotCols[s]);
    }

    /** Copies the row in slot {@code s} back into {@code v}. */
    public void store(int s, float[] v) {
        slots[s].get(0, v, 0, v.length);
    }

    /** Adds slot {@code s} into the rows of {@code m} (another engine's share of a gradient). */
    public void addTo(int s, float[][] m) {
        int cols = slotCols[s];
        if (flat.length < cols) flat = new float[cols];
        for (int r = 0; r < slotRows[s]; r++) {
            slots[s].get(r * cols, flat, 0, cols);
            float[] row = m[r];
            for (int j = 0; j < cols; j++) row[j] += flat[j];
        }
    }

    /**
     * y[yAt …] = x[xAt …] · S + 1·bᵀ for {@code m} flat rows, with S the {@code k × n} matrix in
     * slot {@code s} and b the row in slot {@code bias} (staged with {@link #load(int, float[], int)}).
     * The product adds onto copies of b (beta 1): one buffer copy costs less than adding b row
     * by row in Java.
     */
    public void times(float[] x, int xAt, int m, int s, int bias, float[] y, int yAt) {
        int k = slotRows[s], n = slotCols[s];
        left = Workers.grow(left, m * k);
        result = Workers.grow(result, m * n);
        left.put(0, x, xAt, m * k);
        result.put(0, slots[bias], 0, m * n);
        Threads.singleThreaded(() -> BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, m, n, k,
                1f, left, k, slots[s], n, 1f, result, n));
        result.get(0, y, yAt, m * n);
    }

    /**
     * One layer's backward products over {@code m} flat rows: G ← beta·G + xᵀ·d and
     * c ← beta·c + dᵀ·1 (the weight and bias gradients summed over blocks of rows, beta 0 for
     * the first; G the {@code k × n} matrix in slot {@code g}, c the row in slot {@code gBias})
     * and, when {@code below} is not null, below = d · Wᵀ (W the {@code k × n} matrix in slot
     * {@code w}). The deltas are copied in once for all three.
     */
    public void backward(float[] x, int xAt, int m, float[] d, int dAt, int w, int g, int gBias, float beta, float[] below, int belowAt) {
        int k = slotRows[g], n = slotCols[g];
        left = Workers.grow(left, m * k);
        right = Workers.grow(right, m * n);
        if (ones == null || ones.capacity() < m) {
            ones = Workers.grow(null, m);
            for (int i = 0; i < ones.capacity(); i++) ones.put(i, 1f);
        }
        left.put(0, x, xAt, m * k);
        right.put(0, d, dAt, m * n);
        Threads.singleThreaded(() -> {
            BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, k, n, m,
                    1f, left, k, right, n, beta, slots[g], n);
            BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 1, n, m,
                    1f, ones, m, right, n, beta, slots[gBias], n);
        });
        if (below == null) return;
        result = Workers.grow(result, m * k);
        Threads.singleThreaded(() -> BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, m, k, n,
                1f, right, n, slots[w], n, 0f, result, k));
        result.get(0, below, belowAt, m * k);
    }

    /** below = d · Wᵀ over {@code m} flat rows, W the {@code k × n} matrix in slot {@code w}. */
    public void timesTransposed(float[] d, int dAt, int m, int w, float[] below, int belowAt) {
        int k = slotRows[w], n = slotCols[w];
        right = Workers.grow(right, m * n);
        result = Workers.grow(result, m * k);
        right.put(0, d, dAt, m * n);
        Threads.singleThreaded(() -> BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, m, k, n,
                1f, right, n, slots[w], n, 0f, result, k));
        result.get(0, below, belowAt, m * k);
    }

    private static void stage(float[][] rows, int r0, int m, int cols, FloatBuffer to) {
        for (int r = 0; r < m; r++) to.put(r * cols, rows[r0 + r], 0, cols);
    }

    private static void unstage(FloatBuffer from, float[][] rows, int r0, int m, int cols) {
        for (int r = 0; r < m; r++) from.get(r * cols, rows[r0 + r], 0, cols);
    }
}
