package probelab.active;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The seed CNN's forward pass on plain arrays, for scoring large pools: DL4J spends about
 * 2 ms an image on this network here, mostly per-op overhead. Each convolution is an
 * im2col followed by the row-layout product {@code nn.Mlp} uses (one row per output pixel,
 * {@code y[j] += v · w[j]} over output channels, which the JIT vectorises). Images run in
 * parallel. The weights are a snapshot of the DL4J network's, taken after each fit.
 */
final class SeedCnnForward {
    private final int h, w, classes;
    private final float[][] w1, w2, w3, wOut; // [k][out] rows
    private final float[] b1, b2, b3, bOut;
    private final int c1, c2, c3;

    SeedCnnForward(MultiLayerNetwork net, int h, int w, int classes) {
        this.h = h;
        this.w = w;
        this.classes = classes;
        w1 = convRows(net.getLayer(0).getParam("W"));
        b1 = net.getLayer(0).getParam("b").castTo(DataType.FLOAT).toFloatVector();
        w2 = convRows(net.getLayer(2).getParam("W"));
        b2 = net.getLayer(2).getParam("b").castTo(DataType.FLOAT).toFloatVector();
        w3 = convRows(net.getLayer(3).getParam("W"));
        b3 = net.getLayer(3).getParam("b").castTo(DataType.FLOAT).toFloatVector();
        wOut = net.getLayer(4).getParam("W").castTo(DataType.FLOAT).toFloatMatrix();
        bOut = net.getLayer(4).getParam("b").castTo(DataType.FLOAT).toFloatVector();
        c1 = b1.length;
        c2 = b2.length;
        c3 = b3.length;
    }

    /** DL4J's [out, in, kh, kw] as rows k = (in, ky, kx) of out-channel weights. */
    private static float[][] convRows(INDArray wArr) {
        long[] s = wArr.shape();
        int out = (int) s[0], in = (int) s[1], kh = (int) s[2], kw = (int) s[3];
        float[] flat = wArr.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[][] rows = new float[in * kh * kw][out];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < in * kh * kw; k++) rows[k][o] = flat[o * in * kh * kw + k];
        }
        return rows;
    }

    /** Features entering the output layer, in DL4J's flatten order (channel, row, column). */
    float[] features(float[] image) {
        // conv 3×3, 1 → c1, ReLU; channel-last rows per pixel
        int h1 = h - 2, w1w = w - 2;
        float[][] a1 = conv(image, 1, h, w, w1, b1, 3, h1, w1w, true);
        // max pool 2×2 stride 2
        int hp = h1 / 2, wp = w1w / 2;
        float[][] p = new float[hp * wp][c1];
        for (int y = 0; y < hp; y++) {
            for (int x = 0; x < wp; x++) {
                float[] out = p[y * wp + x];
                float[] a = a1[2 * y * w1w + 2 * x], b = a1[2 * y * w1w + 2 * x + 1];
                float[] c = a1[(2 * y + 1) * w1w + 2 * x], d = a1[(2 * y + 1) * w1w + 2 * x + 1];
                for (int k = 0; k < c1; k++) out[k] = Math.max(Math.max(a[k], b[k]), Math.max(c[k], d[k]));
            }
        }
        // conv 3×3, c1 → c2, ReLU
        int h2 = hp - 2, w2w = wp - 2;
        float[][] a2 = convRowsIn(p, c1, hp, wp, w2, b2, 3, h2, w2w);
        // 1×1 conv, c2 → c3, ReLU: a dense layer per pixel
        float[] f = new float[c3 * h2 * w2w];
        float[] acc = new float[c3];
        for (int px = 0; px < a2.length; px++) {
            System.arraycopy(b3, 0, acc, 0, c3);
            float[] in = a2[px];
            for (int i = 0; i < c2; i++) {
                float v = in[i];
                if (v == 0f) continue;
                float[] wr = w3[i];
                for (int j = 0; j < c3; j++) acc[j] += v * wr[j];
            }
            for (int j = 0; j < c3; j++) f[j * a2.length + px] = Math.max(0f, acc[j]);
        }
        return f;
    }

    /** A convolution of a single-channel plane (the input image). */
    private static float[][] conv(float[] plane, int cin, int hh, int ww, float[][] wr, float[] b, int k, int oh, int ow,
                                  boolean relu) {
        float[][] out = new float[oh * ow][];
        float[] patch = new float[cin * k * k];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int q = 0;
                for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) patch[q++] = plane[(y + ky) * ww + x + kx];
                out[y * ow + x] = dense(patch, wr, b, relu);
            }
        }
        return out;
    }

    /** A convolution of channel-last pixel rows; the patch order (channel, ky, kx) matches DL4J's weights. */
    private static float[][] convRowsIn(float[][] in, int cin, int hh, int ww, float[][] wr, float[] b, int k, int oh, int ow) {
        float[][] out = new float[oh * ow][];
        float[] patch = new float[cin * k * k];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < cin; c++) {
                    int base = c * k * k;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) patch[base + ky * k + kx] = in[(y + ky) * ww + x + kx][c];
                    }
                }
                out[y * ow + x] = dense(patch, wr, b, true);
            }
        }
        return out;
    }

    private static float[] dense(float[] x, float[][] wr, float[] b, boolean relu) {
        float[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (v == 0f) continue;
            float[] r = wr[i];
            for (int j = 0; j < y.length; j++) y[j] += v * r[j];
        }
        if (relu) for (int j = 0; j < y.length; j++) if (y[j] < 0) y[j] = 0;
        return y;
    }

    private double[] softmaxOut(float[] f, long maskSeed, boolean dropout) {
        double[] z = new double[classes];
        for (int c = 0; c < classes; c++) z[c] = bOut[c];
        if (!dropout) {
            for (int j = 0; j < f.length; j++) {
                float v = f[j];
                if (v == 0f) continue;
                float[] r = wOut[j];
                for (int c = 0; c < classes; c++) z[c] += v * r[c];
            }
        } else {
            SplittableRandom rng = new SplittableRandom(maskSeed);
            long bits = 0;
            for (int j = 0; j < f.length; j++) {
                if ((j & 63) == 0) bits = rng.nextLong();
                boolean keep = ((bits >>> (j & 63)) & 1L) != 0;
                float v = f[j];
                if (!keep || v == 0f) continue;
                float[] r = wOut[j];
                for (int c = 0; c < classes; c++) z[c] += 2 * v * r[c]; // inverted dropout: kept units doubled
            }
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : z) max = Math.max(max, v);
        for (int c = 0; c < classes; c++) sum += z[c] = Math.exp(z[c] - max);
        for (int c = 0; c < classes; c++) z[c] /= sum;
        return z;
    }

    double[][] predict(float[][] x) {
        double[][] out = new double[x.length][];
        IntStream.range(0, x.length).parallel().forEach(i -> out[i] = softmaxOut(features(x[i]), 0, false));
        return out;
    }

    /**
     * {@code passes} MC-dropout passes: one feature computation per image, a fresh mask per pass
     * shared by every image (consistent MC dropout: BatchBALD's joint entropy needs one weight
     * sample per pass across the pool).
     */
    double[][][] sample(float[][] x, int passes, long seed) {
        double[][][] out = new double[passes][x.length][];
        IntStream.range(0, x.length).parallel().forEach(i -> {
            float[] f = features(x[i]);
            for (int t = 0; t < passes; t++) out[t][i] = softmaxOut(f, seed * 1_000_003L + t, true);
        });
        return out;
    }
}
