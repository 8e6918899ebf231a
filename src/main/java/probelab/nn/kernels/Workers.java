package probelab.nn.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;

/**
 * How a convolution's frames are shared out: one contiguous range of frames per core, each
 * worker with its own direct buffers (sgemm reads and writes them in place, nothing is copied
 * across JNI) and a single-threaded sgemm — OpenBLAS's own threads spin after each call and
 * starve the Java side on a small machine (measured: 313 vs 262 frames/s of PPO training on
 * 2 cores). The patch matrix is built and multiplied in blocks of rows.
 */
final class Workers {
    /**
     * Largest block of the patch matrix (values): 128 KB, so that it is still in cache when sgemm
     * reads it. On a 2-core AMD EPYC (Zen 5) the retinal encoder's three convolutions at 72×128
     * took 0.90 ms a frame forward and backward with 128 KB blocks and 1.17 with 1 MB ones (the
     * tap products: one frame a block instead of four).
     */
    static final int MAX_COLUMN_VALUES = 1 << 15;
    /**
     * Fewest rows in a block, so that long patch rows still make sgemm calls of some size: MNIST
     * conv2's 400 values (81-row blocks were slower), and a dense layer's whole input (16,464
     * values for the retinal agent at 72×128: cache-sized blocks of 2 frames would each read all
     * of W, 4 MB, and add into all of dW again).
     */
    static final int MIN_BLOCK_ROWS = 256;

    /** One worker's buffers and its share of the weight and bias gradients. */
    static final class Buffers {
        FloatBuffer col, dcol, out, dw, dx;
        float[] db;
        /** 0 until the worker's first dW product (which then overwrites rather than adds: zeroing 4 MB cost a pass). */
        float dwBeta;
    }

    interface Work {
        void run(Buffers b, int from, int to);
    }

    /** Calls {@code segment(frame, firstPixel, endPixel, blockRow)} for the pieces of global rows [g0, g0 + rows) of a {@code perFrame}-pixel grid. */
    interface Segment {
        void run(int frame, int p0, int p1, int blockRow);
    }

    final Buffers[] buffers = new Buffers[Runtime.getRuntime().availableProcessors()];

    Workers() {
        for (int i = 0; i < buffers.length; i++) buffers[i] = new Buffers();
    }

    void inParallel(int n, Work work) {
        int workers = Math.min(n, buffers.length);
        Threads.singleThreaded(() -> Threads.forEach(workers, k -> work.run(buffers[k], n * k / workers, n * (k + 1) / workers)));
    }

    /** Patch-matrix rows per block: a block of the matrix stays in cache between its gather and its product. */
    static int blockRows(int rowLength) {
        return Math.max(MIN_BLOCK_ROWS, MAX_COLUMN_VALUES / rowLength);
    }

    static void segments(long g0, int rows, int perFrame, Segment segment) {
        for (long g = g0; g < g0 + rows; ) {
            int frame = (int) (g / perFrame), p0 = (int) (g % perFrame);
            int p1 = (int) Math.min(perFrame, p0 + (g0 + rows - g));
            segment.run(frame, p0, p1, (int) (g - g0));
            g += p1 - p0;
        }
    }

    static void gemm(Transpose ta, Transpose tb, int m, int n, int kk, FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        BLAS.engine.gemm(Layout.ROW_MAJOR, ta, tb, m, n, kk, 1f, a, lda, b, ldb, beta, c, ldc);
    }

    static FloatBuffer grow(FloatBuffer b, int values) {
        if (b != null && b.capacity() >= values) return b;
        return ByteBuffer.allocateDirect(Math.multiplyExact(values, 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
