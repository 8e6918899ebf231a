package probelab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.optim.Optimizer;

class MlpTest {

    /** Loss = Σ c·out over a batch; its gradient w.r.t. every parameter against central differences. */
    @Test
    void backwardMatchesFiniteDifferences() {
        Activation[][] cases = {{Activation.TANH, Activation.LINEAR}, {Activation.ELU, Activation.SOFTMAX},
                {Activation.SIGMOID, Activation.SIGMOID}};
        for (Activation[] pair : cases) {
            Activation act = pair[0];
            Mlp net = new Mlp(new int[] {5, 7, 6, 3}, act, pair[1], 3);
            SplittableRandom rng = new SplittableRandom(9);
            float[][] x = new float[4][5];
            float[][] c = new float[4][3];
            for (float[] r : x) for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
            for (float[] r : c) for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
            net.forward(x, 4);
            net.backward(c);
            List<float[]> params = net.parameters(), grads = net.gradients();
            double maxErr = 0;
            for (int k = 0; k < params.size(); k++) {
                float[] p = params.get(k);
                for (int i = 0; i < p.length; i++) {
                    float old = p[i];
                    double h = 1e-2;
                    p[i] = (float) (old + h);
                    double up = loss(net, x, c);
                    p[i] = (float) (old - h);
                    double down = loss(net, x, c);
                    p[i] = old;
                    double numeric = (up - down) / (2 * h);
                    maxErr = Math.max(maxErr, Math.abs(numeric - grads.get(k)[i]) / Math.max(1, Math.abs(numeric)));
                }
            }
            assertTrue(maxErr < 2e-2, act + "/" + pair[1] + ": max relative gradient error " + maxErr);
        }
    }

    /**
     * A large batch runs its products in sgemm, a block of rows at a time; a small one in row
     * loops. Over 700 rows (two blocks, the second partial) the two agree on outputs, every
     * layer's activations, all gradients and the input gradient: the thin two-input first layer,
     * a wider one, each element-wise activation, and softmax and linear outputs.
     */
    @Test
    void largeBatchesInSgemmMatchTheRowPath() {
        Activation[][] cases = {{Activation.RELU, Activation.SOFTMAX}, {Activation.TANH, Activation.LINEAR},
                {Activation.ELU, Activation.SIGMOID}, {Activation.SIGMOID, Activation.SOFTMAX}, {Activation.LINEAR, Activation.TANH}};
        int[][] shapes = {{2, 40, 40, 20, 3}, {6, 9, 4}};
        for (int[] shape : shapes) {
            for (Activation[] pair : cases) {
                String what = java.util.Arrays.toString(shape) + " " + pair[0] + "/" + pair[1];
                Mlp big = new Mlp(shape, pair[0], pair[1], 5);
                SplittableRandom init = new SplittableRandom(3);
                for (float[] b : big.parameters()) for (int i = 0; i < b.length; i++) b[i] += (float) (0.1 * init.nextGaussian()); // biases too
                Mlp small = big.copy();
                int n = 700, out = shape[shape.length - 1];
                SplittableRandom rng = new SplittableRandom(11);
                float[][] x = new float[n][shape[0]], c = new float[n][out];
                for (float[] r : x) for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
                for (float[] r : c) for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
                assertTrue(n >= Mlp.SGEMM_ROWS);

                float[][] yBig = copy(big.forward(x, n));
                List<float[][]> actsBig = big.lastActivations();
                float[][] dxBig = big.backwardToInput(c);
                // the row path, in chunks below the sgemm threshold; gradients summed over chunks
                int chunk = 100;
                assertTrue(chunk < Mlp.SGEMM_ROWS);
                List<float[]> gBig = big.gradients(), gSmall = small.gradients();
                double[][] sum = new double[gSmall.size()][];
                for (int k = 0; k < sum.length; k++) sum[k] = new double[gSmall.get(k).length];
                for (int from = 0; from < n; from += chunk) {
                    float[][] xs = java.util.Arrays.copyOfRange(x, from, from + chunk);
                    float[][] ys = small.forward(xs, chunk);
                    List<float[][]> acts = small.lastActivations();
                    for (int r = 0; r < chunk; r++) {
                        assertArrayEquals(ys[r], yBig[from + r], 2e-5f, what + " output row " + (from + r));
                        for (int l = 0; l < acts.size(); l++) {
                            assertArrayEquals(acts.get(l)[r], actsBig.get(l)[from + r], 2e-5f, what + " layer " + l + " row " + (from + r));
                        }
                    }
                    float[][] dx = small.backwardToInput(java.util.Arrays.copyOfRange(c, from, from + chunk));
                    for (int r = 0; r < chunk; r++) assertArrayEquals(dx[r], dxBig[from + r], 2e-5f, what + " input gradient row " + (from + r));
                    for (int k = 0; k < sum.length; k++) for (int i = 0; i < sum[k].length; i++) sum[k][i] += gSmall.get(k)[i];
                }
                for (int k = 0; k < sum.length; k++) {
                    for (int i = 0; i < sum[k].length; i++) {
                        double scale = Math.max(1, Math.abs(sum[k][i]));
                        assertEquals(sum[k][i] / scale, gBig.get(k)[i] / scale, 1e-4, what + " gradient block " + k + " entry " + i);
                    }
                }
            }
        }
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    private static double loss(Mlp net, float[][] x, float[][] c) {
        float[][] out = net.forward(x, x.length);
        double l = 0;
        for (int r = 0; r < x.length; r++) for (int j = 0; j < c[r].length; j++) l += c[r][j] * out[r][j];
        return l;
    }

    @Test
    void reluForwardIsHandComputable() {
        Mlp net = new Mlp(new int[] {2, 2, 1}, Activation.RELU, Activation.LINEAR, 0);
        // w0 = [[1, -1], [2, 1]], b0 = [0, 0.5]; w1 = [[1], [3]], b1 = [-1]
        List<float[]> p = net.parameters();
        p.get(0)[0] = 1; p.get(0)[1] = -1;
        p.get(1)[0] = 2; p.get(1)[1] = 1;
        p.get(2)[0] = 0; p.get(2)[1] = 0.5f;
        p.get(3)[0] = 1; p.get(4)[0] = 3;
        p.get(5)[0] = -1;
        // x = (1, 1): hidden = relu(1+2, -1+1+0.5) = (3, 0.5); out = 3 + 1.5 - 1 = 3.5
        assertEquals(3.5f, net.predict(new float[] {1, 1})[0], 1e-6);
        // x = (1, -1): hidden = relu(1-2, -1-1+0.5) = (0, 0); out = -1
        assertEquals(-1f, net.predict(new float[] {1, -1})[0], 1e-6);
    }

    @Test
    void sgdStepLowersALossAndAdamToo() {
        for (Optimizer.Kind kind : Optimizer.Kind.values()) {
            Mlp net = new Mlp(new int[] {3, 8, 1}, Activation.TANH, Activation.LINEAR, 1);
            Optimizer opt = Optimizer.of(kind, kind == Optimizer.Kind.SGD ? 0.05 : 0.01);
            float[][] x = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}};
            float[] y = {1, -1, 0.5f, 2};
            double first = 0, last = 0;
            for (int it = 0; it < 300; it++) {
                float[][] out = net.forward(x, 4);
                float[][] g = new float[4][1];
                double l = 0;
                for (int r = 0; r < 4; r++) {
                    double d = out[r][0] - y[r];
                    l += d * d / 4;
                    g[r][0] = (float) (2 * d / 4);
                }
                if (it == 0) first = l;
                last = l;
                net.backward(g);
                opt.step(net);
            }
            assertTrue(last < first * 0.05, kind + ": loss " + first + " → " + last);
        }
    }

    /** A LayerNorm network saves and loads with its gains and shifts; a plain one keeps the original layout. */
    @org.junit.jupiter.api.Test
    void layerNormNetworksRoundTripThroughTheirFile() throws Exception {
        for (Mlp net : new Mlp[] {Mlp.torch(new int[] {4, 8, 3}, true, true, Activation.ELU, Activation.TANH, 0.003, 5),
                new Mlp(new int[] {4, 8, 3}, Activation.RELU, Activation.LINEAR, 5)}) {
            net.parameters().get(net.parameters().size() - 1)[0] = 0.25f; // a shift (or bias) away from its start
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            net.write(new java.io.DataOutputStream(bytes));
            Mlp back = Mlp.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
            float[] x = {0.5f, -1f, 2f, 0f};
            org.junit.jupiter.api.Assertions.assertArrayEquals(net.predict(x), back.predict(x));
            org.junit.jupiter.api.Assertions.assertEquals(net.toString(), back.toString());
        }
    }
}
