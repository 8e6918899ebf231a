package probelab.active;

import java.util.List;
import java.util.SplittableRandom;
import probelab.nn.Activation;
import probelab.nn.TorchWeights;
import probelab.nn.kernels.Conv;
import probelab.nn.kernels.MaxPool;
import probelab.optim.Optimizer;
import probelab.util.Doc;

/**
 * The BatchBALD paper's MNIST network (Kirsch et al. 2019, its "BayesianNet"), for the paper's
 * protocol: conv 5×5 32 → dropout2d → max-pool 2 → ReLU → conv 5×5 64 → dropout2d → max-pool 2
 * → ReLU → dense 128 → dropout → ReLU → dense 10 → softmax, dropout also at prediction time for
 * MC-dropout sampling. Unlike {@link SeedCnn} (dropout only before its last layer), every block
 * is stochastic, which is where BALD's epistemic signal comes from.
 *
 * <p>Plain arrays on {@link Conv} (im2col + sgemm; its dense layers are 1×1 convolutions). ReLU
 * sits in the convolution and the channel mask after the pooling: both commute with a max-pool
 * and with a positive per-channel scale, so this is the paper's order. Trained from scratch on
 * each {@link #fit} with Adam on the mean cross-entropy.
 */
public final class BayesianCnn implements probelab.nn.TorchWeights.Named, Estimator.Stochastic {

    public record Options(
            @Doc("passes over the labelled set per fit") int epochs,
            @Doc("at least this many minibatch steps per fit (small labelled sets)") int minSteps,
            @Doc("minibatch size") int batch,
            @Doc("Adam's learning rate") double lr,
            @Doc("dropout probability of every block") double dropout,
            @Doc("seed of the weights, minibatches and training masks") long seed,
            @Doc("a NaN or infinite loss or gradient: stop with an error naming the step (the weights the last finite ones) or warn (skip such steps)") String onNonFinite) {
        public static final Options DEFAULTS = new Options(50, 500, 64, 1e-3, 0.5, 1, "stop");

        public Options {
            probelab.util.Check.atLeast("epochs", epochs, 1);
            probelab.util.Check.atLeast("minSteps", minSteps, 0);
            probelab.util.Check.atLeast("batch", batch, 1);
            probelab.util.Check.positive("lr", lr);
            probelab.util.Check.rate("dropout", dropout);
            Optimizer.OnNonFinite.of(onNonFinite);
        }

        /** The same with other training lengths and seed (an experiment's per-seed estimator). */
        public Options with(int epochs, int minSteps, long seed) {
            return new Options(epochs, minSteps, batch, lr, dropout, seed, onNonFinite);
        }
    }

    private final int height, width, classes;
    private final Options o;
    private final Conv conv1, conv2, fc1, fc2;
    private final MaxPool pool1, pool2;
    private final List<float[]> params, grads;
    private int fits;

    /** A network shaped for a dataset's images (one channel, as the paper's MNIST) and classes. */
    public static BayesianCnn forImages(probelab.data.ImageDataset like, Options o) {
        if (like.getChannels() != 1) {
            throw new IllegalArgumentException("bayesianCnn takes one-channel images (as the paper's MNIST), got " + like.getChannels() + " channels");
        }
        return new BayesianCnn(like.getHeight(), like.getWidth(), like.getClassNames().length, o);
    }

    public BayesianCnn(int height, int width, int classes, Options o) {
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.o = o;
        SplittableRandom rng = new SplittableRandom(o.seed());
        conv1 = new Conv(1, 32, 5, 1, height, width, Activation.RELU, rng);
        pool1 = new MaxPool(32, 2, conv1.outH, conv1.outW);
        conv2 = new Conv(32, 64, 5, 1, pool1.outH, pool1.outW, Activation.RELU, rng);
        pool2 = new MaxPool(64, 2, conv2.outH, conv2.outW);
        fc1 = new Conv(pool2.outputSize(), 128, 1, 1, 1, 1, Activation.RELU, rng);
        fc2 = new Conv(128, classes, 1, 1, 1, 1, Activation.LINEAR, rng);
        params = List.of(conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc1.weight, fc1.bias, fc2.weight, fc2.bias);
        grads = params.stream().map(p -> new float[p.length]).toList();
    }

    /** Everything a forward pass keeps for the backward pass; masks hold 0 or 1/(1 − p) per channel or unit. */
    private static final class Pass {
        float[][] x, c1, q1, p1, c2, q2, p2, f1, g1, logits;
        float[][] m1, m2, m3;
    }

    /** A dropout mask of {@code units}: 0 or 1/(1 − p) each. */
    private float[] mask(int units, SplittableRandom rng) {
        float[] m = new float[units];
        float keep = (float) (1 / (1 - o.dropout()));
        for (int u = 0; u < units; u++) m[u] = rng.nextDouble() < o.dropout() ? 0f : keep;
        return m;
    }

    /** One mask per image (training dropout). */
    private float[][] masks(int n, int units, SplittableRandom rng) {
        float[][] m = new float[n][];
        for (int i = 0; i < n; i++) m[i] = mask(units, rng);
        return m;
    }

    /** The same mask for all {@code n} images (consistent MC dropout: one weight sample per pass). */
    private static float[][] shared(int n, float[] mask) {
        float[][] m = new float[n][];
        java.util.Arrays.fill(m, mask);
        return m;
    }

    /** Pooled maxima of each image. */
    private static void pool(MaxPool pool, float[][] c, float[][] p) {
        probelab.nn.kernels.Threads.forEach(c.length, i -> pool.forward(c[i], p[i]));
    }

    /** Each image's values times its channel mask (channel-last); no mask (null) leaves them as they are. */
    private static float[][] masked(float[][] p, float[][] mask, int channels) {
        if (mask == null) return p;
        float[][] out = new float[p.length][];
        probelab.nn.kernels.Threads.forEach(p.length, i -> {
            float[] pi = p[i], mi = mask[i], oi = out[i] = new float[pi.length];
            for (int j = 0; j < pi.length; j += channels) {
                for (int c = 0; c < channels; c++) oi[j + c] = pi[j + c] * mi[c];
            }
        });
        return out;
    }

    /**
     * The first block up to its mask, which the MC passes share: a channel mask commutes with
     * ReLU and max-pool, so conv1 and pool1 run once per image.
     */
    private Pass first(float[][] x) {
        Pass s = new Pass();
        int n = x.length;
        s.x = x;
        s.c1 = new float[n][conv1.outputSize()];
        conv1.forward(x, s.c1);
        s.q1 = new float[n][pool1.outputSize()];
        pool(pool1, s.c1, s.q1);
        return s;
    }

    /** The rest of the forward pass under the given masks (per image, [n][units]; null: no dropout); {@code shared} is not changed. */
    private Pass rest(Pass shared, float[][] m1, float[][] m2, float[][] m3) {
        Pass s = new Pass();
        s.x = shared.x;
        s.c1 = shared.c1;
        s.q1 = shared.q1;
        int n = s.x.length;
        s.m1 = m1;
        s.m2 = m2;
        s.m3 = m3;
        s.p1 = masked(s.q1, s.m1, 32);
        s.c2 = new float[n][conv2.outputSize()];
        conv2.forward(s.p1, s.c2);
        s.q2 = new float[n][pool2.outputSize()];
        pool(pool2, s.c2, s.q2);
        s.p2 = masked(s.q2, s.m2, 64);
        s.f1 = new float[n][128];
        fc1.forward(s.p2, s.f1);
        s.g1 = masked(s.f1, s.m3, 128);
        s.logits = new float[n][classes];
        fc2.forward(s.g1, s.logits);
        return s;
    }

    /** Accumulates parameter gradients for dL/dlogits (overwritten). */
    private void backward(Pass s, float[][] dLogits) {
        backward(s, dLogits, grads, null, false);
    }

    /**
     * Backpropagates dL/dlogits (overwritten) into the parameter gradients {@code into}, and into
     * {@code dx} (dL/d image, per row) when not null; {@code guided}: negative gradients stop at
     * every ReLU.
     */
    private void backward(Pass s, float[][] dLogits, java.util.List<float[]> into, float[][] dx, boolean guided) {
        int n = s.x.length;
        float[][] dg1 = new float[n][128];
        fc2.backward(s.g1, s.logits, dLogits, into.get(6), into.get(7), dg1, guided);
        for (int i = 0; i < n; i++) for (int u = 0; u < 128; u++) dg1[i][u] *= s.m3[i][u];
        float[][] dp2 = new float[n][pool2.outputSize()];
        fc1.backward(s.p2, s.f1, dg1, into.get(4), into.get(5), dp2, guided);
        float[][] dc2 = unpool(pool2, s.c2, s.q2, dp2, s.m2);
        float[][] dp1 = new float[n][pool1.outputSize()];
        conv2.backward(s.p1, s.c2, dc2, into.get(2), into.get(3), dp1, guided);
        float[][] dc1 = unpool(pool1, s.c1, s.q1, dp1, s.m1);
        conv1.backward(s.x, s.c1, dc1, into.get(0), into.get(1), dx, guided);
    }

    /**
     * ∂(logit {@code k})/∂(pixel) of each image without dropout, as {@link #predictProba} sees the
     * network; {@code guided}: guided backpropagation. The network's own gradients are left alone.
     */
    public float[][] inputGradients(float[][] x, int k, boolean guided) {
        check(x);
        if (k < 0 || k >= classes) throw new IllegalArgumentException("output unit must be in 0.." + (classes - 1) + ", got " + k);
        int n = x.length;
        Pass s = rest(first(x), ones(n, 32), ones(n, 64), ones(n, 128));
        float[][] d = new float[n][classes];
        for (float[] row : d) row[k] = 1;
        java.util.List<float[]> scratch = new java.util.ArrayList<>();
        for (float[] g : grads) scratch.add(new float[g.length]);
        float[][] dx = new float[n][height * width];
        backward(s, d, scratch, dx, guided);
        return dx;
    }

    private static float[][] ones(int n, int units) {
        float[] one = new float[units];
        java.util.Arrays.fill(one, 1f);
        float[][] m = new float[n][];
        java.util.Arrays.fill(m, one);
        return m;
    }

    // ---------------------------------------------------------------- PyTorch's names

    /**
     * The weights under the names and layouts of the PyTorch twin ({@code BayesianCnn} of
     * {@code scripts/peers/al_round_torch.py}): {@code conv1.weight} {@code [32, 1, 5, 5]},
     * {@code conv2.weight} {@code [64, 32, 5, 5]}, {@code fc1.weight} {@code [128, 64·h·w]} over
     * PyTorch's channel-first flattening, {@code fc2.weight} {@code [classes, 128]}, and the biases;
     * {@code write(torchWeights(net), 'cnn.npz')} and {@code load_state_dict} take them.
     */
    @Override
    public java.util.Map<String, probelab.data.Npy.Array> torchWeights() {
        java.util.Map<String, probelab.data.Npy.Array> out = new java.util.LinkedHashMap<>();
        out.put("conv1.weight", TorchWeights.conv(conv1));
        out.put("conv1.bias", TorchWeights.vector(conv1.bias));
        out.put("conv2.weight", TorchWeights.conv(conv2));
        out.put("conv2.bias", TorchWeights.vector(conv2.bias));
        out.put("fc1.weight", TorchWeights.dense(fc1, pool2.outH, pool2.outW, 64));
        out.put("fc1.bias", TorchWeights.vector(fc1.bias));
        out.put("fc2.weight", TorchWeights.dense(fc2, 1, 1, 128));
        out.put("fc2.bias", TorchWeights.vector(fc2.bias));
        return out;
    }

    /** Sets the weights from the PyTorch twin's state_dict ({@code read('cnn.npz').arrays()}); every tensor must be there, with its shape. */
    @Override
    public void setTorchWeights(java.util.Map<String, ?> arrays) {
        TorchWeights.check(arrays, torchWeights(), "a Bayesian CNN");
        java.util.function.Function<String, probelab.data.Npy.Array> a = k -> (probelab.data.Npy.Array) arrays.get(k);
        TorchWeights.setConv(conv1, a.apply("conv1.weight"));
        TorchWeights.setVector(conv1.bias, a.apply("conv1.bias"));
        TorchWeights.setConv(conv2, a.apply("conv2.weight"));
        TorchWeights.setVector(conv2.bias, a.apply("conv2.bias"));
        TorchWeights.setDense(fc1, pool2.outH, pool2.outW, 64, a.apply("fc1.weight"));
        TorchWeights.setVector(fc1.bias, a.apply("fc1.bias"));
        TorchWeights.setDense(fc2, 1, 1, 128, a.apply("fc2.weight"));
        TorchWeights.setVector(fc2.bias, a.apply("fc2.bias"));
    }

    /** The images' height and width, and the number of classes. */
    public int[] shape() {
        return new int[] {height, width, classes};
    }

    /** dL/d(conv output) from dL/d(masked pooled values): through the mask, then to each window's maximum. */
    private static float[][] unpool(MaxPool pool, float[][] c, float[][] q, float[][] dp, float[][] mask) {
        float[][] dc = new float[dp.length][pool.inputSize()];
        probelab.nn.kernels.Threads.forEach(dp.length, i -> {
            for (int j = 0; j < dp[i].length; j++) dp[i][j] *= mask[i][j % pool.channels];
            pool.backward(c[i], q[i], dp[i], dc[i]);
        });
        return dc;
    }

    /** Softmax of each row of logits, in double. */
    private static double[][] softmax(float[][] logits) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Activation.logSoftmax(logits[i]);
            for (int c = 0; c < p[i].length; c++) p[i][c] = Math.exp(p[i][c]);
        }
        return p;
    }

    /** Mean cross-entropy of a minibatch with dropout; its gradient is left in {@link #grads}. */
    double lossAndGradient(float[][] x, int[] y, SplittableRandom masks) {
        for (float[] g : grads) java.util.Arrays.fill(g, 0f);
        int n = x.length;
        Pass s = rest(first(x), masks(n, 32, masks), masks(n, 64, masks), masks(n, 128, masks));
        double[][] p = softmax(s.logits);
        float[][] d = new float[x.length][classes];
        double loss = 0;
        for (int i = 0; i < x.length; i++) {
            loss -= Math.log(Math.max(p[i][y[i]], 1e-300));
            for (int c = 0; c < classes; c++) d[i][c] = (float) ((p[i][c] - (c == y[i] ? 1 : 0)) / x.length);
        }
        backward(s, d);
        return loss / x.length;
    }

    /** Trains from scratch: fresh weights (a new draw each fit), Adam, shuffled minibatches. */
    @Override
    public void fit(float[][] x, int[] y) {
        check(x);
        SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + fits++);
        SplittableRandom init = rng.split();
        for (Conv layer : List.of(conv1, conv2, fc1, fc2)) layer.initialise(init); // the layers keep their buffers
        Optimizer adam = Optimizer.of(Optimizer.Kind.ADAM, o.lr()).onNonFinite(Optimizer.OnNonFinite.of(o.onNonFinite()));
        int n = x.length, perEpoch = (n + o.batch() - 1) / o.batch();
        int steps = Math.max(o.epochs() * perEpoch, o.minSteps());
        int[] order = probelab.util.Shuffle.permutation(n, rng);
        for (int step = 0, at = 0; step < steps && !Thread.currentThread().isInterrupted(); step++) {
            if (at >= n) {
                order = probelab.util.Shuffle.permutation(n, rng);
                at = 0;
            }
            int m = Math.min(o.batch(), n - at);
            float[][] bx = new float[m][];
            int[] by = new int[m];
            for (int i = 0; i < m; i++) {
                bx[i] = x[order[at + i]];
                by[i] = y[order[at + i]];
            }
            at += m;
            adam.step(params, grads, lossAndGradient(bx, by, rng));
        }
    }

    @Override
    public double[][] predictProba(float[][] x) {
        check(x);
        double[][] out = new double[x.length][];
        for (int from = 0; from < x.length; from += 512) {
            float[][] chunk = java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + 512));
            double[][] p = softmax(rest(first(chunk), null, null, null).logits);
            System.arraycopy(p, 0, out, from, p.length);
        }
        return out;
    }

    /**
     * MC-dropout passes {@code [pass][row][class]}. Each pass is one draw of the weights: its
     * masks are shared by every image (consistent MC dropout), which BatchBALD's joint entropy
     * across points needs. The first convolution and pooling run once per image for all passes.
     */
    @Override
    public double[][][] sampleProba(float[][] x, int passes, long seed) {
        check(x);
        double[][][] out = new double[passes][x.length][];
        SplittableRandom rng = new SplittableRandom(seed);
        float[][][] drawn = new float[passes][][];
        for (int t = 0; t < passes; t++) drawn[t] = new float[][] {mask(32, rng), mask(64, rng), mask(128, rng)};
        for (int from = 0; from < x.length; from += 256) {
            float[][] chunk = java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + 256));
            int n = chunk.length;
            Pass shared = first(chunk);
            for (int t = 0; t < passes; t++) {
                double[][] p = softmax(rest(shared, shared(n, drawn[t][0]), shared(n, drawn[t][1]), shared(n, drawn[t][2])).logits);
                System.arraycopy(p, 0, out[t], from, p.length);
            }
        }
        return out;
    }

    private void check(float[][] x) {
        for (float[] row : x) {
            if (row.length != height * width) throw new IllegalArgumentException("expected images of " + height + "×" + width + " = " + height * width + " values, got " + row.length);
        }
    }

    /** The layers {@link #layers} returns, input side first. */
    public static final java.util.List<String> LAYERS = java.util.List.of("conv1", "pool1", "conv2", "pool2", "fc1", "logits");

    /**
     * Every layer's values without dropout (as {@link #predictProba} sees them), one row per image,
     * channel-last for the convolution maps ([height, width, channels]), 512 images at a time.
     */
    public java.util.Map<String, float[][]> layers(float[][] x) {
        check(x);
        java.util.Map<String, float[][]> out = new java.util.LinkedHashMap<>();
        for (String l : LAYERS) out.put(l, new float[x.length][]);
        for (int from = 0; from < x.length; from += 512) {
            Pass s = rest(first(java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + 512))), null, null, null);
            float[][][] by = {s.c1, s.q1, s.c2, s.q2, s.f1, s.logits};
            for (int k = 0; k < by.length; k++) System.arraycopy(by[k], 0, out.get(LAYERS.get(k)), from, by[k].length);
        }
        return out;
    }

    /** Each layer's per-image shape, as {@link #layers} lays the values out. */
    public java.util.Map<String, long[]> layerShapes() {
        return java.util.Map.of("conv1", new long[] {conv1.outH, conv1.outW, 32}, "pool1", new long[] {pool1.outH, pool1.outW, 32},
                "conv2", new long[] {conv2.outH, conv2.outW, 64}, "pool2", new long[] {pool2.outH, pool2.outW, 64},
                "fc1", new long[] {128}, "logits", new long[] {classes});
    }

    // ---------------------------------------------------------------- files

    /** Saves the settings, image shape, weights and fit count; a relative path lands in the output folder. NaN weights are refused. */
    public java.nio.file.Path save(String path) {
        return save(path, false);
    }

    /** {@code cnn.save('mnist.model', force: true)}: writes even NaN or infinite weights. */
    public java.nio.file.Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, probelab.nn.ModelFile.SaveOptions.force(opts));
    }

    public java.nio.file.Path save(String path, boolean force) {
        probelab.nn.ModelFile.requireFinite(params, "this Bayesian CNN", force);
        java.nio.file.Path p = probelab.nn.ModelFile.save(probelab.util.OutputDir.current().resolve(path), "bayesianCnn",
                probelab.util.Json.write(probelab.util.Options.toMap(o)), out -> {
                    out.writeInt(height);
                    out.writeInt(width);
                    out.writeInt(classes);
                    out.writeInt(fits);
                    out.writeInt(params.size());
                    for (float[] a : params) {
                        out.writeInt(a.length);
                        for (float v : a) out.writeFloat(v);
                    }
                });
        System.out.println("saved " + p);
        return p;
    }

    /** Loads a Bayesian CNN saved by {@link #save}: its predictions and MC-dropout passes are the saved one's. */
    public static BayesianCnn load(java.nio.file.Path path) {
        return probelab.nn.ModelFile.load(path, "bayesianCnn", "a Bayesian CNN", Options.DEFAULTS, (o, in) -> {
            int h = in.readInt(), w = in.readInt(), c = in.readInt(), fits = in.readInt(), arrays = in.readInt();
            if (h < 1 || w < 1 || h > 4096 || w > 4096 || c < 2 || c > 100_000 || fits < 0) {
                throw new java.io.IOException("its image shape " + h + "×" + w + ", " + c + " classes or fit count " + fits + " is not valid");
            }
            BayesianCnn cnn;
            try {
                cnn = new BayesianCnn(h, w, c, o);
            } catch (IllegalArgumentException e) {
                throw new java.io.IOException("its shape makes no network: " + e.getMessage());
            }
            if (arrays != cnn.params.size()) throw new java.io.IOException("it holds " + arrays + " weight arrays; the network has " + cnn.params.size());
            for (float[] a : cnn.params) { // lengths checked against the network before anything is read into it
                int len = in.readInt();
                if (len != a.length) throw new java.io.IOException("a weight array of " + len + " values where the network has " + a.length);
                for (int i = 0; i < len; i++) a[i] = in.readFloat();
            }
            if (in.available() > 0) throw new java.io.IOException(in.available() + " bytes follow the weights");
            cnn.fits = fits;
            return cnn;
        });
    }

    List<float[]> parameters() {
        return params;
    }

    List<float[]> gradients() {
        return grads;
    }
}
