package probelab.studies.reward;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import probelab.active.Estimator;
import probelab.nn.Activation;
import probelab.nn.kernels.Conv;
import probelab.optim.Optimizer;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * The success classifier of VICE: a small CNN on channel-last RGB frames, conv 16 (kernel 4,
 * stride 4) → conv 32 (kernel 3, stride 2) → dense 64 → two logits (failure, success), with
 * dropout on the convolutional features and the dense layer. Dropout stays on at query time
 * for MC estimates of uncertainty ({@link #sampleProba}, one mask per pass shared by all
 * frames).
 *
 * <p>Training is continual ({@link #train}): each call takes more Adam steps on balanced
 * minibatches, half success and half failure, mixed pairwise by mixup (λ ~ Beta(α, α)) so
 * that the output does not saturate on what it has seen. {@link #fit} starts from fresh
 * weights, as the active-learning estimators do.
 */
public final class SuccessClassifier implements Estimator.Stochastic {

    public record Options(
            @Doc("minibatch size (half success, half failure)") int batch,
            @Doc("Adam's learning rate") double lr,
            @Doc("dropout probability of the convolutional features and the dense layer") double dropout,
            @Doc("mixup's α (0: no mixup)") double mixup,
            @Doc("Adam steps of fit()") int fitSteps,
            @Doc("seed of the weights, minibatches, masks and mixing") long seed) {
        public static final Options DEFAULTS = new Options(64, 1e-3, 0.25, 1.0, 300, 1);

        public Options {
            Check.atLeast("batch", batch, 2);
            Check.positive("lr", lr);
            Check.rate("dropout", dropout);
            Check.nonNegative("mixup", mixup);
            Check.atLeast("fitSteps", fitSteps, 1);
        }
    }

    private final int height, width, channels;
    private final Options o;
    private final Conv conv1, conv2, fc1, fc2;
    private final List<float[]> params, grads;
    private final SplittableRandom rng;
    private Optimizer adam;
    private long steps;

    public SuccessClassifier(int height, int width, int channels, Options o) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.o = o;
        this.rng = new SplittableRandom(o.seed());
        SplittableRandom init = rng.split();
        conv1 = new Conv(channels, 16, 4, 4, height, width, Activation.RELU, init);
        conv2 = new Conv(16, 32, 3, 2, conv1.outH, conv1.outW, Activation.RELU, init);
        fc1 = new Conv(conv2.outputSize(), 64, 1, 1, 1, 1, Activation.RELU, init);
        fc2 = new Conv(64, 2, 1, 1, 1, 1, Activation.LINEAR, init);
        params = List.of(conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias);
        grads = params.stream().map(p -> new float[p.length]).toList();
        adam = newAdam();
    }

    private Optimizer newAdam() {
        return Optimizer.of(Optimizer.Kind.ADAM, o.lr()).onNonFinite(Optimizer.OnNonFinite.STOP);
    }

    public Options options() {
        return o;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Adam steps taken since the last fresh start. */
    public long steps() {
        return steps;
    }

    /** A forward pass under masks ({@code [n][units]}, null: no dropout), kept for the backward pass. */
    private record Pass(float[][] x, float[][] c1, float[][] c2, float[][] f1in, float[][] h, float[][] hin, float[][] logits,
                        float[][] m2, float[][] m3) {}

    private Pass forward(float[][] x, float[][] m2, float[][] m3) {
        int n = x.length;
        float[][] c1 = new float[n][conv1.outputSize()], c2 = new float[n][conv2.outputSize()];
        conv1.forward(x, c1);
        conv2.forward(c1, c2);
        float[][] f1in = times(c2, m2);
        float[][] h = new float[n][64];
        fc1.forward(f1in, h);
        float[][] hin = times(h, m3);
        float[][] logits = new float[n][2];
        fc2.forward(hin, logits);
        return new Pass(x, c1, c2, f1in, h, hin, logits, m2, m3);
    }

    private static float[][] times(float[][] a, float[][] m) {
        if (m == null) return a;
        float[][] out = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            float[] ai = a[i], mi = m[i], oi = out[i] = new float[ai.length];
            for (int j = 0; j < ai.length; j++) oi[j] = ai[j] * mi[j];
        }
        return out;
    }

    private float[] mask(int units, SplittableRandom r) {
        float[] m = new float[units];
        float keep = (float) (1 / (1 - o.dropout()));
        for (int u = 0; u < units; u++) m[u] = r.nextDouble() < o.dropout() ? 0f : keep;
        return m;
    }

    /** Backpropagates dL/dlogits (overwritten) into the gradients. */
    private void backward(Pass s, float[][] dLogits) {
        int n = s.x().length;
        float[][] dh = new float[n][64];
        fc2.backward(s.hin(), s.logits(), dLogits, grads.get(6), grads.get(7), dh, false);
        if (s.m3() != null) for (int i = 0; i < n; i++) for (int u = 0; u < 64; u++) dh[i][u] *= s.m3()[i][u];
        float[][] dc2 = new float[n][conv2.outputSize()];
        fc1.backward(s.f1in(), s.h(), dh, grads.get(4), grads.get(5), dc2, false);
        if (s.m2() != null) for (int i = 0; i < n; i++) for (int u = 0; u < dc2[i].length; u++) dc2[i][u] *= s.m2()[i][u];
        float[][] dc1 = new float[n][conv1.outputSize()];
        conv2.backward(s.c1(), s.c2(), dc2, grads.get(2), grads.get(3), dc1, false);
        conv1.backward(s.x(), s.c1(), dc1, grads.get(0), grads.get(1), null, false);
    }

    /**
     * {@code steps} more Adam steps on balanced minibatches of {@code success} and
     * {@code failure} frames, mixed by mixup. Returns the last minibatch's mean cross-entropy.
     */
    public double train(float[][] success, float[][] failure, int steps) {
        if (success.length == 0 || failure.length == 0) {
            throw new IllegalArgumentException("the classifier needs success and failure frames, got " + success.length + " and " + failure.length);
        }
        check(success);
        check(failure);
        double loss = Double.NaN;
        int half = o.batch() / 2;
        for (int step = 0; step < steps && !Thread.currentThread().isInterrupted(); step++) {
            int n = 2 * half;
            float[][] x = new float[n][];
            float[] y = new float[n];
            for (int i = 0; i < half; i++) {
                x[i] = success[rng.nextInt(success.length)];
                y[i] = 1;
                x[half + i] = failure[rng.nextInt(failure.length)];
            }
            if (o.mixup() > 0) mix(x, y);
            loss = step(x, y);
        }
        return loss;
    }

    /** Mixup: each frame blended with a random partner of the batch, its label likewise. */
    private void mix(float[][] x, float[] y) {
        int n = x.length;
        float[][] mixed = new float[n][];
        float[] my = new float[n];
        for (int i = 0; i < n; i++) {
            int j = rng.nextInt(n);
            float lambda = (float) beta(o.mixup(), rng);
            float[] a = x[i], b = x[j], m = mixed[i] = new float[a.length];
            for (int k = 0; k < a.length; k++) m[k] = lambda * a[k] + (1 - lambda) * b[k];
            my[i] = lambda * y[i] + (1 - lambda) * y[j];
        }
        System.arraycopy(mixed, 0, x, 0, n);
        System.arraycopy(my, 0, y, 0, n);
    }

    /** A draw of Beta(α, α) as the ratio of two Gamma(α) draws. */
    static double beta(double alpha, SplittableRandom r) {
        double a = gamma(alpha, r), b = gamma(alpha, r);
        return a + b == 0 ? 0.5 : a / (a + b);
    }

    /** Marsaglia and Tsang's Gamma(α, 1) draw; α < 1 by the boost U^(1/α). */
    private static double gamma(double alpha, SplittableRandom r) {
        if (alpha < 1) return gamma(alpha + 1, r) * Math.pow(r.nextDouble(), 1 / alpha);
        double d = alpha - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z, v;
            do {
                z = gaussian(r);
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u, 1e-300))) * Math.cos(2 * Math.PI * v);
    }

    /** One Adam step on soft labels {@code y} (probability of success); returns the mean cross-entropy. */
    private double step(float[][] x, float[] y) {
        for (float[] g : grads) Arrays.fill(g, 0f);
        int n = x.length;
        float[][] m2 = new float[n][], m3 = new float[n][];
        for (int i = 0; i < n; i++) {
            m2[i] = mask(conv2.outputSize(), rng);
            m3[i] = mask(64, rng);
        }
        Pass s = forward(x, m2, m3);
        float[][] d = new float[n][2];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] p = softmax(s.logits()[i]);
            loss -= y[i] * Math.log(Math.max(p[1], 1e-12)) + (1 - y[i]) * Math.log(Math.max(p[0], 1e-12));
            d[i][0] = (float) ((p[0] - (1 - y[i])) / n);
            d[i][1] = (float) ((p[1] - y[i]) / n);
        }
        backward(s, d);
        adam.step(params, grads, loss / n);
        steps++;
        return loss / n;
    }

    private static double[] softmax(float[] z) {
        double m = Math.max(z[0], z[1]);
        double a = Math.exp(z[0] - m), b = Math.exp(z[1] - m);
        return new double[] {a / (a + b), b / (a + b)};
    }

    /** Fresh weights and Adam state, then {@code fitSteps} balanced steps on labels 1 (success) and 0. */
    @Override
    public void fit(float[][] x, int[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("fit needs a label per frame, got " + x.length + " frames and " + y.length + " labels");
        for (Conv layer : List.of(conv1, conv2, fc1, fc2)) layer.initialise(rng);
        adam = newAdam();
        steps = 0;
        java.util.List<float[]> pos = new java.util.ArrayList<>(), neg = new java.util.ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (y[i] != 0 && y[i] != 1) throw new IllegalArgumentException("labels must be 1 (success) or 0 (failure), got " + y[i] + " at " + i);
            (y[i] == 1 ? pos : neg).add(x[i]);
        }
        train(pos.toArray(float[][]::new), neg.toArray(float[][]::new), o.fitSteps());
    }

    /** P(failure), P(success) of each frame, without dropout. */
    @Override
    public double[][] predictProba(float[][] x) {
        check(x);
        double[][] out = new double[x.length][];
        for (int from = 0; from < x.length; from += 512) {
            float[][] chunk = Arrays.copyOfRange(x, from, Math.min(x.length, from + 512));
            float[][] logits = forward(chunk, null, null).logits();
            for (int i = 0; i < chunk.length; i++) out[from + i] = softmax(logits[i]);
        }
        return out;
    }

    /** P(success) of each frame, without dropout. */
    public double[] success(float[][] x) {
        double[][] p = predictProba(x);
        double[] s = new double[p.length];
        for (int i = 0; i < s.length; i++) s[i] = p[i][1];
        return s;
    }

    @Override
    public double[][][] sampleProba(float[][] x, int passes, long seed) {
        check(x);
        SplittableRandom r = new SplittableRandom(seed);
        double[][][] out = new double[passes][x.length][];
        for (int t = 0; t < passes; t++) {
            float[] a = mask(conv2.outputSize(), r), b = mask(64, r);
            for (int from = 0; from < x.length; from += 512) {
                int n = Math.min(x.length, from + 512) - from;
                float[][] m2 = new float[n][], m3 = new float[n][];
                Arrays.fill(m2, a);
                Arrays.fill(m3, b);
                float[][] logits = forward(Arrays.copyOfRange(x, from, from + n), m2, m3).logits();
                for (int i = 0; i < n; i++) out[t][from + i] = softmax(logits[i]);
            }
        }
        return out;
    }

    private void check(float[][] x) {
        int size = height * width * channels;
        for (float[] row : x) {
            if (row.length != size) throw new IllegalArgumentException("expected frames of " + height + "×" + width + "×" + channels + " = " + size + " values, got " + row.length);
        }
    }

    @Override
    public String toString() {
        return "SuccessClassifier " + height + "×" + width + "×" + channels + " (conv 16 k4 s4 → conv 32 k3 s2 → dense 64 → 2), " + steps + " steps";
    }
}
