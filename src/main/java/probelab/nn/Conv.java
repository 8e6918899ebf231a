package probelab.nn;

import java.util.SplittableRandom;

/**
 * A convolution with no padding, a stride and an ELU, on plain arrays in channel-last layout
 * ({@code x[(row·width + col)·channels + c]}). Weights are rows {@code w[(ky·k + kx)·in + c]}
 * of {@code out} values, so both passes are {@code y[o] += v · w[j][o]} loops over output
 * channels, which HotSpot vectorises (as in {@link Mlp}).
 */
public final class Conv {
    public final int in, out, k, stride, h, w, outH, outW;
    public final float[][] weight; // [k·k·in][out]
    public final float[] bias;

    public Conv(int in, int out, int k, int stride, int h, int w, SplittableRandom rng) {
        if (h < k || w < k) throw new IllegalArgumentException("a " + k + "×" + k + " convolution needs at least " + k + "×" + k + " input, got " + h + "×" + w);
        this.in = in;
        this.out = out;
        this.k = k;
        this.stride = stride;
        this.h = h;
        this.w = w;
        this.outH = (h - k) / stride + 1;
        this.outW = (w - k) / stride + 1;
        this.weight = new float[k * k * in][out];
        this.bias = new float[out];
        double bound = Math.sqrt(1.0 / (k * k * in)); // PyTorch's default (Kaiming uniform, a = √5)
        for (float[] row : weight) for (int o = 0; o < out; o++) row[o] = (float) ((2 * rng.nextDouble() - 1) * bound);
        for (int o = 0; o < out; o++) bias[o] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }

    public int inputSize() {
        return h * w * in;
    }

    public int outputSize() {
        return outH * outW * out;
    }

    /** y = ELU(conv(x) + b); also returns nothing else: the backward pass recovers ELU' from y. */
    public void forward(float[] x, float[] y) {
        for (int r = 0; r < outH; r++) {
            for (int c = 0; c < outW; c++) {
                int yo = (r * outW + c) * out;
                System.arraycopy(bias, 0, y, yo, out);
                for (int ky = 0; ky < k; ky++) {
                    int rowBase = ((r * stride + ky) * w + c * stride) * in;
                    for (int kx = 0; kx < k; kx++) {
                        int xo = rowBase + kx * in, wo = (ky * k + kx) * in;
                        for (int ci = 0; ci < in; ci++) {
                            float v = x[xo + ci];
                            if (v == 0f) continue;
                            float[] wr = weight[wo + ci];
                            for (int o = 0; o < out; o++) y[yo + o] += v * wr[o];
                        }
                    }
                }
                for (int o = 0; o < out; o++) {
                    float a = y[yo + o];
                    y[yo + o] = a > 0 ? a : (float) Math.expm1(a);
                }
            }
        }
    }

    /**
     * Given dL/dy (overwritten with dL/d(pre-activation)), accumulates dL/dW and dL/db, and
     * writes dL/dx into {@code dx} when it is not null.
     */
    public void backward(float[] x, float[] y, float[] dy, float[][] dWeight, float[] dBias, float[] dx) {
        backward(x, y, dy, dWeight, dBias, dx, false);
    }

    /** With {@code guided}, negative gradients stop at the activation (guided backpropagation). */
    public void backward(float[] x, float[] y, float[] dy, float[][] dWeight, float[] dBias, float[] dx, boolean guided) {
        if (guided) for (int i = 0; i < dy.length; i++) if (dy[i] < 0) dy[i] = 0;
        for (int i = 0; i < dy.length; i++) if (y[i] <= 0) dy[i] *= y[i] + 1; // ELU' = y + 1 below zero
        if (dx != null) java.util.Arrays.fill(dx, 0f);
        for (int r = 0; r < outH; r++) {
            for (int c = 0; c < outW; c++) {
                int yo = (r * outW + c) * out;
                for (int o = 0; o < out; o++) dBias[o] += dy[yo + o];
                for (int ky = 0; ky < k; ky++) {
                    int rowBase = ((r * stride + ky) * w + c * stride) * in;
                    for (int kx = 0; kx < k; kx++) {
                        int xo = rowBase + kx * in, wo = (ky * k + kx) * in;
                        for (int ci = 0; ci < in; ci++) {
                            float v = x[xo + ci];
                            float[] gw = dWeight[wo + ci];
                            for (int o = 0; o < out; o++) gw[o] += v * dy[yo + o];
                            if (dx != null) {
                                float[] wr = weight[wo + ci];
                                float s = 0;
                                for (int o = 0; o < out; o++) s += wr[o] * dy[yo + o];
                                dx[xo + ci] += s;
                            }
                        }
                    }
                }
            }
        }
    }
}
