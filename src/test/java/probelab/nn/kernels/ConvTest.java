package probelab.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched im2col/sgemm convolution against the textbook loops, across block and frame boundaries. */
class ConvTest {
    /** Pre-activation by direct summation, channel-last. */
    static double[] naive(Conv c, float[] x) {
        double[] y = new double[c.outputSize()];
        for (int r = 0; r < c.outH; r++) for (int q = 0; q < c.outW; q++) for (int o = 0; o < c.out; o++) {
            double s = c.bias[o];
            for (int ky = 0; ky < c.k; ky++) for (int kx = 0; kx < c.k; kx++) for (int ci = 0; ci < c.in; ci++)
                s += x[((r * c.stride + ky) * c.w + q * c.stride + kx) * c.in + ci] * c.weight[((ky * c.k + kx) * c.in + ci) * c.out + o];
            y[(r * c.outW + q) * c.out + o] = s;
        }
        return y;
    }

    static float elu(double a) {
        return (float) (a > 0 ? a : Math.expm1(a));
    }

    @Test
    void stridedLayerMatchesDirectSummationAcrossChunks() {
        check(new Conv(3, 16, 7, 2, 36, 64, new SplittableRandom(4))); // input gradient by col2im
    }

    @Test
    void narrowingLayerMatchesDirectSummationAcrossChunks() {
        check(new Conv(16, 4, 7, 1, 15, 29, new SplittableRandom(5))); // tap products; input gradient by the full convolution
    }

    @Test
    void fullSizeBottleneckMatchesDirectSummation() {
        check(new Conv(16, 4, 7, 1, 33, 61, new SplittableRandom(6))); // 72×128's bottleneck: tap products larger than a block per frame
    }

    @Test
    void wideningLayerMatchesDirectSummation() {
        check(new Conv(4, 16, 7, 1, 27, 55, new SplittableRandom(7))); // 72×128's V1: input gradient by the taps' adjoint
    }

    @Test
    void denseLayerMatchesDirectSummation() {
        check(new Conv(300, 20, 1, 1, 1, 1, new SplittableRandom(8))); // a 1×1 layer: input gradient through Wᵀ
    }

    /** Each shape gets the strategy its comments above say, including a one-channel planar input. */
    @Test
    void shapesPickTheirStrategies() {
        assertEquals("PatchConv", new Conv(3, 16, 7, 2, 36, 64, new SplittableRandom(1)).strategy());
        assertEquals("TapConv", new Conv(16, 4, 7, 1, 15, 29, new SplittableRandom(1)).strategy());
        assertEquals("PatchConv", new Conv(4, 16, 7, 1, 27, 55, new SplittableRandom(1)).strategy());
        assertEquals("NarrowingDense", new Conv(300, 20, 1, 1, 1, 1, new SplittableRandom(1)).strategy());
        assertEquals("PlanarConv", new Conv(1, 8, 5, 1, 28, 28, new SplittableRandom(1)).strategy());
    }

    @Test
    void planarLayerMatchesDirectSummation() {
        Conv c = new Conv(1, 8, 5, 1, 28, 28, new SplittableRandom(9)); // MNIST's first layer: transposed patches
        check(c);
        // without an input gradient the weight gradient comes from the transposed patches too: the same sums
        SplittableRandom rng = new SplittableRandom(2);
        int n = 7;
        float[][] x = new float[n][c.inputSize()], y = new float[n][c.outputSize()], dy = new float[n][c.outputSize()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) x[i][j] = (float) rng.nextGaussian();
            for (int j = 0; j < dy[i].length; j++) dy[i][j] = (float) rng.nextGaussian();
        }
        float[][] dy2 = new float[n][];
        for (int i = 0; i < n; i++) dy2[i] = dy[i].clone();
        c.forward(x, y);
        float[] withDx = new float[c.weight.length], without = new float[c.weight.length];
        c.backward(x, y, dy, withDx, new float[c.out], new float[n][c.inputSize()], false);
        c.backward(x, y, dy2, without, new float[c.out], null, false);
        for (int i = 0; i < withDx.length; i++) assertEquals(withDx[i], without[i], 1e-4 * (1 + Math.abs(withDx[i])), "dW[" + i + "]");
    }

    static void check(Conv c) {
        SplittableRandom rng = new SplittableRandom(4);
        // every worker's range spans several blocks of patch rows, blocks cross frame boundaries, the last one is short
        int n = Runtime.getRuntime().availableProcessors() * Math.max(2, Conv.MAX_COLUMN_VALUES / (c.outH * c.outW * c.k * c.k * c.in)) + 3;
        float[][] x = new float[n][c.inputSize()], y = new float[n][c.outputSize()], dy = new float[n][c.outputSize()], dx = new float[n][c.inputSize()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) x[i][j] = (float) rng.nextGaussian();
            for (int j = 0; j < dy[i].length; j++) dy[i][j] = (float) rng.nextGaussian();
        }
        float[][] dyCopy = new float[n][];
        for (int i = 0; i < n; i++) dyCopy[i] = dy[i].clone();
        c.forward(x, y);
        float[] dW = new float[c.weight.length], dB = new float[c.out];
        c.backward(x, y, dy, dW, dB, dx, false);

        double[] refW = new double[dW.length], refB = new double[c.out], absB = new double[c.out];
        double worstY = 0, worstDx = 0;
        for (int i : new int[] {0, n - 2, n - 1}) {
            double[] pre = naive(c, x[i]);
            double[] g = new double[pre.length];
            for (int j = 0; j < pre.length; j++) {
                worstY = Math.max(worstY, Math.abs(elu(pre[j]) - y[i][j]));
                g[j] = dyCopy[i][j] * (pre[j] > 0 ? 1 : Math.exp(pre[j]));
            }
            double[] refDx = new double[c.inputSize()];
            for (int r = 0; r < c.outH; r++) for (int q = 0; q < c.outW; q++) for (int o = 0; o < c.out; o++) {
                double go = g[(r * c.outW + q) * c.out + o];
                for (int ky = 0; ky < c.k; ky++) for (int kx = 0; kx < c.k; kx++) for (int ci = 0; ci < c.in; ci++) {
                    int xi = ((r * c.stride + ky) * c.w + q * c.stride + kx) * c.in + ci, wi = ((ky * c.k + kx) * c.in + ci) * c.out + o;
                    refDx[xi] += go * c.weight[wi];
                }
            }
            for (int j = 0; j < refDx.length; j++) worstDx = Math.max(worstDx, Math.abs(refDx[j] - dx[i][j]));
        }
        assertTrue(worstY < 1e-4, "forward differs by " + worstY);
        assertTrue(worstDx < 1e-4, "input gradient differs by " + worstDx);

        // weight and bias gradients summed over every frame
        for (int i = 0; i < n; i++) {
            double[] pre = naive(c, x[i]);
            for (int r = 0; r < c.outH; r++) for (int q = 0; q < c.outW; q++) for (int o = 0; o < c.out; o++) {
                int yi = (r * c.outW + q) * c.out + o;
                double go = dyCopy[i][yi] * (pre[yi] > 0 ? 1 : Math.exp(pre[yi]));
                refB[o] += go;
                absB[o] += Math.abs(go);
                for (int ky = 0; ky < c.k; ky++) for (int kx = 0; kx < c.k; kx++) for (int ci = 0; ci < c.in; ci++)
                    refW[((ky * c.k + kx) * c.in + ci) * c.out + o] += go * x[i][((r * c.stride + ky) * c.w + q * c.stride + kx) * c.in + ci];
            }
        }
        double worstW = 0, scale = 0;
        for (int j = 0; j < dW.length; j++) {
            worstW = Math.max(worstW, Math.abs(refW[j] - dW[j]));
            scale = Math.max(scale, Math.abs(refW[j]));
        }
        assertTrue(worstW < 1e-4 * scale, "weight gradient differs by " + worstW + " (largest " + scale + ")");
        for (int o = 0; o < c.out; o++) assertEquals(refB[o], dB[o], 1e-6 * absB[o], "bias gradient of channel " + o); // float sums of ~10⁴ terms
    }

    @Test
    void guidedBackpropagationStopsNegativeGradients() {
        SplittableRandom rng = new SplittableRandom(9);
        Conv c = new Conv(2, 3, 3, 1, 6, 7, rng);
        float[][] x = new float[1][c.inputSize()], y = new float[1][c.outputSize()], dx = new float[1][c.inputSize()];
        for (int j = 0; j < x[0].length; j++) x[0][j] = (float) rng.nextGaussian();
        c.forward(x, y);
        float[][] dy = {new float[c.outputSize()]};
        for (int j = 0; j < dy[0].length; j++) dy[0][j] = -1;
        c.backward(x, y, dy, new float[c.weight.length], new float[c.out], dx, true);
        for (float v : dx[0]) assertEquals(0f, v);
    }
}
