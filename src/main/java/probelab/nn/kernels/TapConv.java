package probelab.nn.kernels;

import java.nio.FloatBuffer;
import smile.math.blas.Transpose;

/**
 * A narrowing stride-1 layer with k > 1 (the retinal bottleneck, 16 → 4 channels) by tap
 * products: one product X·W_taps gives every input pixel's contribution to every tap
 * ({@code [pixels, k·k·out]}: 196 values a pixel for the bottleneck instead of 784 patch values)
 * and a shifted sum adds them up. dL/dx is the full convolution of dL/dy with the flipped kernel
 * (no scatter-add), and dL/dW = Xᵀ·G over the same padded-dY gather G (taps mirrored). The
 * 72×128 bottleneck's patch matrix (4.6 MB a frame for a 4-column product) was memory-bound.
 */
final class TapConv extends ConvStrategy {
    private FloatBuffer[] tapWeights;

    TapConv(Conv c) {
        super(c);
    }

    /**
     * The forward pass one kernel row at a time: for kernel row ky, Zᵀ = W_rowᵀ·Xᵀ
     * ({@code [k·out][pixels]}, so that each tap's values run along the pixels) and each tap's Z
     * shifted into place is added to the output; then y = f(Σ + b). A kernel row's Z (225 KB a
     * 72×128 frame) stays in cache between its product and its sum; all 49 taps' Z at once
     * (1.6 MB) went to memory and back, and that was most of the layer's time.
     */
    @Override
    void forward(float[][] xs, float[][] ys) {
        int k = c.k, in = c.in, out = c.out, w = c.w, outH = c.outH, outW = c.outW;
        int n = xs.length, plane = c.h * w, rowTaps = k * out;
        int framesPerBlock = Math.max(1, Workers.MAX_COLUMN_VALUES / (plane * Math.max(rowTaps, in)));
        // sums with rows w wide (the last k − 1 columns unused): then every tap's shift is one
        // offset into Z, and a whole plane of it is added in one run
        int run = outH * w - (k - 1), stride = outH * w;
        loadBiasPlane();
        loadTapWeights();
        c.workers.inParallel(n, (b, from, to) -> {
            float[][] sums = new float[Math.min(framesPerBlock, to - from) * out][stride]; // [frame·out + o]
            float[] shifted = new float[run];
            for (int f0 = from; f0 < to; f0 += framesPerBlock) {
                int frames = Math.min(framesPerBlock, to - f0), cols = frames * plane;
                FloatBuffer x = b.col = Workers.grow(b.col, cols * in), z = b.out = Workers.grow(b.out, rowTaps * cols);
                for (int f = 0; f < frames; f++) x.put(f * plane * in, xs[f0 + f], 0, plane * in);
                for (float[] sum : sums) java.util.Arrays.fill(sum, 0f);
                for (int ky = 0; ky < k; ky++) {
                    Workers.gemm(Transpose.TRANSPOSE, Transpose.TRANSPOSE, rowTaps, cols, in, tapWeights[ky], rowTaps, x, in, 0f, z, cols);
                    float[] zf = Scratch.block(rowTaps * cols);
                    z.get(0, zf, 0, rowTaps * cols);
                    // y_o(r, q) += Z_(kx, o)(r + ky, q + kx) for every tap (ky, kx) of this row; the
                    // copy lets the add index both arrays alike, which HotSpot vectorises (5×)
                    for (int f = 0; f < frames; f++) {
                        for (int o = 0; o < out; o++) {
                            float[] sum = sums[f * out + o];
                            for (int kx = 0; kx < k; kx++) {
                                System.arraycopy(zf, (kx * out + o) * cols + f * plane + ky * w + kx, shifted, 0, run);
                                for (int j = 0; j < run; j++) sum[j] += shifted[j];
                            }
                        }
                    }
                }
                for (int f = 0; f < frames; f++) {
                    float[] y = ys[f0 + f];
                    for (int o = 0; o < out; o++) {
                        float[] sum = sums[f * out + o];
                        for (int r = 0; r < outH; r++) for (int q = 0; q < outW; q++) y[(r * outW + q) * out + o] = sum[r * w + q];
                    }
                    activate(y, 0, outH * outW * out);
                }
            }
        });
    }

    /** The weights by kernel row ky, each {@code [in][k·out]}: column {@code kx·out + o} holds tap (ky, kx)'s weights to output o. */
    private void loadTapWeights() {
        int k = c.k, in = c.in, out = c.out, rowTaps = k * out;
        if (tapWeights == null) tapWeights = new FloatBuffer[k];
        float[] t = new float[in * rowTaps];
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) for (int ci = 0; ci < in; ci++) for (int o = 0; o < out; o++)
                t[ci * rowTaps + kx * out + o] = c.weight[((ky * k + kx) * in + ci) * out + o];
            tapWeights[ky] = Workers.grow(tapWeights[ky], t.length);
            tapWeights[ky].put(0, t);
        }
    }

    @Override
    void prepareBackward(float[][] dxs) {
        if (dxs != null) loadFlipped();
    }

    @Override
    void backward(Workers.Buffers b, int from, int to, float[][] xs, float[][] ys, float[][] dys, float[][] dxs, boolean guided) {
        for (int i = from; i < to; i++) preActivation(dys[i], ys[i], 0, positions() * c.out, guided, b.db);
        fullConvolution(b, from, to, xs, dys, dxs, true);
    }

    /** Adds Xᵀ·G ({@code [in][k·k·out]}, G's taps mirrored) into dW's {@code [k·k·in][out]} layout. */
    @Override
    void addWeightGradient(float[] xg, float[] dWeight) {
        int k = c.k, in = c.in, out = c.out, taps = k * k * out;
        for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
            int tap = ky * k + kx, mirrored = (k - 1 - ky) * k + (k - 1 - kx);
            for (int ci = 0; ci < in; ci++) for (int o = 0; o < out; o++) dWeight[(tap * in + ci) * out + o] += xg[ci * taps + mirrored * out + o];
        }
    }
}
