package probelab.active;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import probelab.nn.Activation;
import probelab.nn.kernels.Conv;
import probelab.nn.kernels.MaxPool;
import probelab.optim.Optimizer;

/**
 * The seed notebook's CNN and its MC-dropout estimator: Conv(32, 3×3) ReLU → MaxPool 2 →
 * Conv(64, 3×3) ReLU → Dense 64 ReLU on every position (a 1×1 convolution, as Keras' Dense on
 * a 3-D tensor is) → Flatten → Dropout 0.5 → Dense 10 softmax. Glorot-uniform weights and zero
 * biases (Keras' defaults); Adam with the notebook's inverse-time decay, lr = 10⁻³ / (1 + 10⁻³·step);
 * mean cross-entropy over shuffled minibatches, from fresh weights on every {@link #fit}.
 *
 * <p>Plain arrays on {@link Conv} (im2col + sgemm), as {@link BayesianCnn}. Dropout sits only
 * before the last layer, so MC passes share everything below it: the features are computed once
 * per image, and every pass's mask is folded into a copy of the last layer's weights, so all
 * passes of a chunk of images are one product.
 */
public final class SeedCnn implements Estimator.Stochastic {
    private static final double LR = 1e-3, DECAY = 1e-3, DROPOUT = 0.5;
    private final int height, width, classes, epochs, batch, minSteps;
    private final long seed;
    private final Conv conv1, conv2, conv3, out;
    private final MaxPool pool;
    private final List<float[]> params, grads;
    private boolean fitted;
    private int fits;

    public SeedCnn(int height, int width, int classes, int epochs, int batch, long seed) {
        this(height, width, classes, epochs, batch, 0, seed);
    }

    /**
     * @param minSteps at least this many gradient steps per fit: with 20 labels an epoch is
     *                 one step, and a few epochs leave the network untrained
     */
    public SeedCnn(int height, int width, int classes, int epochs, int batch, int minSteps, long seed) {
        if (epochs < 1 || batch < 1 || minSteps < 0 || classes < 2) {
            throw new IllegalArgumentException("expected epochs ≥ 1, batch ≥ 1, minSteps ≥ 0 and classes ≥ 2, got epochs " + epochs
                    + ", batch " + batch + ", minSteps " + minSteps + ", classes " + classes);
        }
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.epochs = epochs;
        this.batch = batch;
        this.minSteps = minSteps;
        this.seed = seed;
        SplittableRandom rng = new SplittableRandom(seed);
        conv1 = new Conv(1, 32, 3, 1, height, width, Activation.RELU, rng);
        pool = new MaxPool(32, 2, conv1.outH, conv1.outW);
        conv2 = new Conv(32, 64, 3, 1, pool.outH, pool.outW, Activation.RELU, rng);
        conv3 = new Conv(64, 64, 1, 1, conv2.outH, conv2.outW, Activation.RELU, rng);
        out = new Conv(conv3.outputSize(), classes, 1, 1, 1, 1, Activation.LINEAR, rng);
        params = List.of(conv1.weight, conv1.bias, conv2.weight, conv2.bias, conv3.weight, conv3.bias, out.weight, out.bias);
        grads = params.stream().map(p -> new float[p.length]).toList();
    }

    /** Keras' Glorot-uniform weights, ±√(6 / (fan-in + fan-out)) over the kernel's taps, and zero biases. */
    private static void glorot(Conv c, int k, int in, int outChannels, SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / (k * k * in + k * k * outChannels));
        for (int i = 0; i < c.weight.length; i++) c.weight[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
        Arrays.fill(c.bias, 0f);
    }

    private int features() {
        return conv3.outputSize();
    }

    /** Everything below the dropout: the flattened features of each image, and what the backward pass needs. */
    private static final class Pass {
        float[][] x, c1, p1, c2, f;
    }

    private Pass below(float[][] x) {
        Pass s = new Pass();
        int n = x.length;
        s.x = x;
        s.c1 = new float[n][conv1.outputSize()];
        conv1.forward(x, s.c1);
        s.p1 = new float[n][pool.outputSize()];
        probelab.nn.kernels.Threads.forEach(n, i -> pool.forward(s.c1[i], s.p1[i]));
        s.c2 = new float[n][conv2.outputSize()];
        conv2.forward(s.p1, s.c2);
        s.f = new float[n][features()];
        conv3.forward(s.c2, s.f);
        return s;
    }

    /** Mean cross-entropy of a minibatch under fresh dropout masks (0 or 2 per feature and image); the gradient is left in grads. */
    double lossAndGradient(float[][] x, int[] y, SplittableRandom rng) {
        for (float[] g : grads) Arrays.fill(g, 0f);
        int n = x.length, d = features();
        Pass s = below(x);
        float[][] mask = new float[n][d], dropped = new float[n][d];
        float keep = (float) (1 / (1 - DROPOUT));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mask[i][j] = rng.nextDouble() < DROPOUT ? 0f : keep;
                dropped[i][j] = s.f[i][j] * mask[i][j];
            }
        }
        float[][] logits = new float[n][classes];
        out.forward(dropped, logits);
        float[][] dLogits = new float[n][classes];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] logP = Activation.logSoftmax(logits[i]);
            loss -= logP[y[i]];
            for (int c = 0; c < classes; c++) dLogits[i][c] = (float) ((Math.exp(logP[c]) - (c == y[i] ? 1 : 0)) / n);
        }
        float[][] dDropped = new float[n][d];
        out.backward(dropped, logits, dLogits, grads.get(6), grads.get(7), dDropped, false);
        float[][] dF = dDropped; // through the mask, in place
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) dF[i][j] *= mask[i][j];
        }
        float[][] dC2 = new float[n][conv2.outputSize()];
        conv3.backward(s.c2, s.f, dF, grads.get(4), grads.get(5), dC2, false);
        float[][] dP1 = new float[n][pool.outputSize()];
        conv2.backward(s.p1, s.c2, dC2, grads.get(2), grads.get(3), dP1, false);
        float[][] dC1 = new float[n][conv1.outputSize()];
        probelab.nn.kernels.Threads.forEach(n, i -> pool.backward(s.c1[i], s.p1[i], dP1[i], dC1[i]));
        conv1.backward(x, s.c1, dC1, grads.get(0), grads.get(1), null, false);
        return loss / n;
    }

    /** Trains from scratch on the labelled set: {@code epochs} passes in shuffled minibatches, at least {@code minSteps} steps. */
    @Override
    public void fit(float[][] x, int[] y) {
        check(x);
        SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + fits++);
        SplittableRandom init = rng.split();
        glorot(conv1, 3, 1, 32, init);
        glorot(conv2, 3, 32, 64, init);
        glorot(conv3, 1, 64, 64, init);
        glorot(out, 1, features(), classes, init);
        Optimizer adam = Optimizer.of(Optimizer.Kind.ADAM, LR);
        int n = x.length, perEpoch = (n + batch - 1) / batch;
        int epochsToRun = Math.max(epochs, (minSteps + perEpoch - 1) / perEpoch);
        long step = 0;
        for (int e = 0; e < epochsToRun && !Thread.currentThread().isInterrupted(); e++) {
            int[] order = probelab.util.Shuffle.permutation(n, rng);
            for (int from = 0; from < n; from += batch) {
                int m = Math.min(batch, n - from);
                float[][] bx = new float[m][];
                int[] by = new int[m];
                for (int i = 0; i < m; i++) {
                    bx[i] = x[order[from + i]];
                    by[i] = y[order[from + i]];
                }
                double loss = lossAndGradient(bx, by, rng);
                adam.setLearningRate(LR / (1 + DECAY * step++));
                adam.step(params, grads, loss); // a NaN or infinite loss or gradient stops with Diverged, the weights untouched
            }
        }
        fitted = true;
    }

    /** Class probabilities without dropout. */
    @Override
    public double[][] predictProba(float[][] x) {
        return passes(x, 1, null);
    }

    /**
     * MC-dropout passes {@code [pass][row][class]}: each pass keeps a random half of the
     * features (doubled, as inverted dropout does), the same half for every image (consistent
     * MC dropout: BatchBALD's joint entropy needs one weight sample per pass across the pool).
     */
    @Override
    public double[][][] sampleProba(float[][] x, int passes, long seedOfPasses) {
        double[][] flat = passes(x, passes, new SplittableRandom(seedOfPasses));
        double[][][] byPass = new double[passes][x.length][];
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < passes; t++) byPass[t][i] = Arrays.copyOfRange(flat[i], t * classes, (t + 1) * classes);
        }
        return byPass;
    }

    /**
     * Softmax outputs of {@code passes} passes per image, side by side in one row. The last
     * layer of every pass, its mask folded into the weights, is one wide layer: the features of
     * a chunk of images meet all passes in one product. No masks (null): one pass, all kept.
     */
    private double[][] passes(float[][] x, int passes, SplittableRandom masks) {
        check(x);
        if (!fitted) throw new IllegalStateException("fit the CNN before predicting");
        int d = features();
        Conv wide = new Conv(d, passes * classes, 1, 1, 1, 1, Activation.LINEAR, new SplittableRandom(0));
        for (int t = 0; t < passes; t++) {
            for (int j = 0; j < d; j++) {
                float scale = masks == null ? 1f : masks.nextDouble() < DROPOUT ? 0f : (float) (1 / (1 - DROPOUT));
                for (int c = 0; c < classes; c++) wide.weight[j * passes * classes + t * classes + c] = out.weight[j * classes + c] * scale;
            }
            System.arraycopy(out.bias, 0, wide.bias, t * classes, classes);
        }
        double[][] result = new double[x.length][];
        for (int from = 0; from < x.length; from += 256) {
            float[][] chunk = Arrays.copyOfRange(x, from, Math.min(x.length, from + 256));
            float[][] logits = new float[chunk.length][passes * classes];
            wide.forward(below(chunk).f, logits);
            for (int i = 0; i < chunk.length; i++) {
                double[] row = new double[passes * classes];
                float[] one = new float[classes];
                for (int t = 0; t < passes; t++) {
                    System.arraycopy(logits[i], t * classes, one, 0, classes);
                    double[] logP = Activation.logSoftmax(one);
                    for (int c = 0; c < classes; c++) row[t * classes + c] = Math.exp(logP[c]);
                }
                result[from + i] = row;
            }
        }
        return result;
    }

    private void check(float[][] x) {
        for (float[] row : x) {
            if (row.length != height * width) {
                throw new IllegalArgumentException("expected images of " + height + "×" + width + " = " + height * width + " values, got " + row.length);
            }
        }
    }

    List<float[]> parameters() {
        return params;
    }

    List<float[]> gradients() {
        return grads;
    }
}
