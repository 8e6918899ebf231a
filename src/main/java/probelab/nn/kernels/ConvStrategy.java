package probelab.nn.kernels;

import java.nio.FloatBuffer;
import smile.math.blas.Transpose;

/**
 * How one convolution computes its passes. A layer picks one strategy by its shape
 * ({@link Conv#Conv}); they share the activation loops and two passes written here: the
 * patch pass (im2col blocks: dL/dW = colᵀ·dY, and dL/dx by col2im) and the full-convolution
 * pass (dL/dy padded and gathered over input pixels: dL/dx = G·W turned around, and with tap
 * products dL/dW = Xᵀ·G).
 */
abstract class ConvStrategy {
    final Conv c;
    final int patch; // k·k·in
    FloatBuffer wBuf, flipped;
    private float[] biasPlane;

    ConvStrategy(Conv c) {
        this.c = c;
        this.patch = c.k * c.k * c.in;
    }

    /** {@code ys[i] = f(conv(xs[i]) + b)} for every frame. */
    abstract void forward(float[][] xs, float[][] ys);

    /** Loads what the backward pass reads (weights, turned around or not) before the workers start. */
    abstract void prepareBackward(float[][] dxs);

    /** One worker's frames [from, to): dL/dy → dL/d(pre-activation) in place, its share of dW and db into b, dL/dx when asked. */
    abstract void backward(Workers.Buffers b, int from, int to, float[][] xs, float[][] ys, float[][] dys, float[][] dxs, boolean guided);

    /** Adds one worker's dW (as {@link #backward} laid it out) into {@code dWeight}. */
    void addWeightGradient(float[] part, float[] dWeight) {
        for (int i = 0; i < part.length; i++) dWeight[i] += part[i];
    }

    int positions() {
        return c.outH * c.outW;
    }

    // ---- forward by the patch matrix -------------------------------------------------------

    /** Y = col · W block by block; {@code planar}: col built transposed (one-channel stride-1 inputs). */
    void patchForward(float[][] xs, float[][] ys, boolean planar) {
        int n = xs.length, P = positions(), rowsPerBlock = Workers.blockRows(patch), out = c.out;
        loadBiasPlane();
        loadWeights();
        c.workers.inParallel(n, (b, from, to) -> {
            for (long g0 = (long) from * P; g0 < (long) to * P; g0 += rowsPerBlock) {
                int rows = (int) Math.min(rowsPerBlock, (long) to * P - g0);
                FloatBuffer col = b.col = Workers.grow(b.col, rows * patch), y = b.out = Workers.grow(b.out, rows * out);
                if (planar) {
                    Im2col.gatherPlanar(c, xs, g0, rows, col);
                    Workers.gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, rows, out, patch, col, rows, wBuf, out, 0f, y, out);
                } else {
                    Workers.segments(g0, rows, P, (i, p0, p1, row) -> Im2col.gather(c.k, xs[i], c.w, c.in, c.outW, c.stride, p0, p1, col, row));
                    Workers.gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, out, patch, col, patch, wBuf, out, 0f, y, out);
                }
                Workers.segments(g0, rows, P, (i, p0, p1, row) -> {
                    float[] yi = ys[i];
                    y.get(row * out, yi, p0 * out, (p1 - p0) * out);
                    activate(yi, p0 * out, p1 * out);
                });
            }
        });
    }

    // ---- backward by the patch matrix ------------------------------------------------------

    /**
     * dL/dW += colᵀ·dY block by block ({@code planarWeights}: col transposed), and with
     * {@code col2im} dL/dx: dcol = dY·Wᵀ added back into dx.
     */
    void patchBackward(Workers.Buffers b, int from, int to, float[][] xs, float[][] ys, float[][] dys, float[][] dxs, boolean guided,
                       boolean planarWeights, boolean col2im) {
        int P = positions(), rowsPerBlock = Workers.blockRows(patch), out = c.out;
        if (col2im) for (int i = from; i < to; i++) java.util.Arrays.fill(dxs[i], 0f);
        for (long g0 = (long) from * P; g0 < (long) to * P; g0 += rowsPerBlock) {
            int rows = (int) Math.min(rowsPerBlock, (long) to * P - g0);
            FloatBuffer col = b.col = Workers.grow(b.col, rows * patch), dy = b.out = Workers.grow(b.out, rows * out);
            Workers.segments(g0, rows, P, (i, p0, p1, row) -> {
                preActivation(dys[i], ys[i], p0 * out, p1 * out, guided, b.db);
                if (!planarWeights) Im2col.gather(c.k, xs[i], c.w, c.in, c.outW, c.stride, p0, p1, col, row);
                dy.put(row * out, dys[i], p0 * out, (p1 - p0) * out);
            });
            if (planarWeights) {
                Im2col.gatherPlanar(c, xs, g0, rows, col);
                Workers.gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, patch, out, rows, col, rows, dy, out, b.dwBeta, b.dw, out);
                b.dwBeta = 1f;
                continue;
            }
            Workers.gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, patch, out, rows, col, patch, dy, out, b.dwBeta, b.dw, out);
            b.dwBeta = 1f;
            if (!col2im) continue;
            FloatBuffer dc = b.dcol = Workers.grow(b.dcol, rows * patch);
            Workers.gemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, rows, patch, out, dy, out, wBuf, out, 0f, dc, patch);
            Workers.segments(g0, rows, P, (i, p0, p1, row) -> Im2col.col2im(c, dc, row, p0, p1, dxs[i]));
        }
    }

    // ---- the full convolution of dL/dy ------------------------------------------------------

    /**
     * G = pad(dy) gathered over input pixels: dx = G · flipped W (no scatter-add; for k = 1,
     * G·Wᵀ), and with {@code tapWeights} dW (taps mirrored) = Xᵀ · G.
     */
    void fullConvolution(Workers.Buffers b, int from, int to, float[][] xs, float[][] dys, float[][] dxs, boolean tapWeights) {
        int k = c.k, in = c.in, out = c.out, plane = c.h * c.w, padLength = k * k * out;
        int inputRows = Workers.blockRows(padLength), padW = c.outW + 2 * (k - 1);
        float[][] padded = new float[1][];
        int[] paddedFrame = {-1};
        for (long g0 = (long) from * plane; g0 < (long) to * plane; g0 += inputRows) {
            int rows = (int) Math.min(inputRows, (long) to * plane - g0);
            FloatBuffer pc = b.dcol = Workers.grow(b.dcol, rows * padLength), dx = b.dx = Workers.grow(b.dx, rows * in);
            FloatBuffer x = tapWeights ? (b.col = Workers.grow(b.col, rows * in)) : null;
            Workers.segments(g0, rows, plane, (i, p0, p1, row) -> {
                if (paddedFrame[0] != i) {
                    padded[0] = Im2col.pad(c, dys[i]);
                    paddedFrame[0] = i;
                }
                Im2col.gather(k, padded[0], padW, out, c.w, 1, p0, p1, pc, row);
                if (x != null) x.put(row * in, xs[i], p0 * in, (p1 - p0) * in);
            });
            if (tapWeights) {
                Workers.gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, in, padLength, rows, x, in, pc, padLength, b.dwBeta, b.dw, padLength);
                b.dwBeta = 1f;
            }
            if (dxs == null) continue;
            if (k == 1) Workers.gemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, rows, in, out, pc, out, wBuf, out, 0f, dx, in);
            else Workers.gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, in, padLength, pc, padLength, flipped, in, 0f, dx, in);
            Workers.segments(g0, rows, plane, (i, p0, p1, row) -> dx.get(row * in, dxs[i], p0 * in, (p1 - p0) * in));
        }
    }

    // ---- weights as the products read them -------------------------------------------------

    void loadWeights() {
        wBuf = Workers.grow(wBuf, c.weight.length);
        wBuf.put(0, c.weight, 0, c.weight.length);
    }

    /**
     * The weights turned around for the backward pass of the input: {@code [k·k·out][in]}, row
     * {@code (ky·k + kx)·out + o} holding W at the mirrored tap {@code (k−1−ky, k−1−kx)}.
     */
    void loadFlipped() {
        int k = c.k, in = c.in, out = c.out;
        float[] weight = c.weight;
        flipped = Workers.grow(flipped, weight.length);
        float[] f = new float[weight.length];
        for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) for (int o = 0; o < out; o++) for (int ci = 0; ci < in; ci++)
            f[((ky * k + kx) * out + o) * in + ci] = weight[(((k - 1 - ky) * k + (k - 1 - kx)) * in + ci) * out + o];
        flipped.put(0, f);
    }

    // ---- activation loops --------------------------------------------------------------------

    /** The bias repeated for every output pixel of a frame (channel-last), refreshed at each forward call. */
    void loadBiasPlane() {
        if (biasPlane == null) biasPlane = new float[c.outputSize()];
        for (int p = 0; p < biasPlane.length; p += c.out) System.arraycopy(c.bias, 0, biasPlane, p, c.out);
    }

    /**
     * y = f(y + b) over values [from, to) of one frame. The bias is read from a copy laid out
     * like y, so that both arrays are indexed alike: HotSpot does not vectorise a loop over two
     * arrays at different offsets (it cannot rule out that they are the same array), and ELU in
     * arithmetic only ({@link Elementwise#elu}) then runs 13× faster.
     */
    void activate(float[] y, int from, int to) {
        float[] b = biasPlane;
        switch (c.activation) {
            case LINEAR -> { for (int j = from; j < to; j++) y[j] += b[j]; }
            case RELU -> { for (int j = from; j < to; j++) y[j] = Math.max(y[j] + b[j], 0f); }
            case ELU -> { for (int j = from; j < to; j++) y[j] = Elementwise.elu(y[j] + b[j]); }
            default -> throw new IllegalStateException("unsupported activation " + c.activation);
        }
    }

    /**
     * dL/dy → dL/d(pre-activation) in place over values [from, to) of one frame (whole pixels;
     * f' read off y), summed per channel into {@code db}; with {@code guided}, negative
     * gradients stop first. In arithmetic only, every array at the same index, so that the loops
     * vectorise: a test of y's sign was mispredicted about half the time on conv outputs (5.6 vs
     * 0.9 ms per 100 MNIST frames of 24×24×16).
     */
    void preActivation(float[] d, float[] y, int from, int to, boolean guided, float[] db) {
        if (guided) for (int j = from; j < to; j++) d[j] = Math.max(d[j], 0f);
        switch (c.activation) {
            case LINEAR -> { }
            case RELU -> { for (int j = from; j < to; j++) d[j] *= Elementwise.reluMask(y[j]); }
            case ELU -> { for (int j = from; j < to; j++) d[j] *= Math.min(y[j], 0f) + 1f; } // ELU' = y + 1 below zero, 1 above
            default -> throw new IllegalStateException("unsupported activation " + c.activation);
        }
        sumChannels(d, from, to, db);
    }

    /**
     * db[o] += Σ over the pixels of values [from, to) (whole pixels) of channel o: a row of
     * pixels at a time copied out and added at the same index into a row-long sum, folded into
     * channels at the end (a per-channel add runs at two offsets, scalar).
     */
    private void sumChannels(float[] d, int from, int to, float[] db) {
        int out = c.out, rowLength = c.outW * out;
        float[][] s = Scratch.rows(rowLength);
        float[] sum = s[0], t = s[1];
        java.util.Arrays.fill(sum, 0, rowLength, 0f);
        for (int a = from; a < to; a += rowLength) {
            int len = Math.min(rowLength, to - a);
            System.arraycopy(d, a, t, 0, len);
            for (int j = 0; j < len; j++) sum[j] += t[j];
        }
        for (int q = 0; q < c.outW; q++) for (int o = 0; o < out; o++) db[o] += sum[q * out + o];
    }
}
