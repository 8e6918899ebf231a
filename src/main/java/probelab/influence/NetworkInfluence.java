package probelab.influence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import probelab.inspect.Attribution;
import probelab.util.Doc;

/**
 * Koh &amp; Liang influence for a DL4J classifier ({@link MultiLayerNetwork} with an output layer)
 * and its training images. The objective is the network's mean loss over the training set plus
 * (damping/2)‖θ‖², so H = ∇²(mean loss) + damping·I (the damping keeps H positive definite where
 * the network's own Hessian is not).
 *
 * <p>Everything runs on a double-precision copy without dropout, which makes the finite
 * differences exact to about 1e-9: Hv = (∇L(θ + εv) − ∇L(θ − εv)) / 2ε, and ∇ℓ_z·s for all
 * training points at once as (ℓ_z(θ + εs) − ℓ_z(θ − εs)) / 2ε — two batched forward passes
 * instead of one backward pass per training point.
 */
public final class NetworkInfluence {
    private NetworkInfluence() {}

    public record Options(
            @Doc("λ added to the Hessian (the loss of a network is rarely convex)") double damping,
            @Doc("training images per Hessian-vector product (0: all; CG keeps one fixed sample, LiSSA draws a fresh one each step)") int hvpBatch,
            @Doc("layers whose parameters count, comma-separated names (empty: all)") String layers,
            @Doc("images per forward or backward pass (memory)") int chunk,
            @Doc("seed of the Hessian samples") long seed,
            @Doc("auto: Hessian-vector products and training dots on a float plain-array twin for networks laid out like cnn() (faster; Hv ~1% off), DL4J otherwise; dl4j: DL4J in double always") String engine) {
        public static final Options DEFAULTS = new Options(0.01, 0, "", 500, 1, "auto");

        public Options {
            probelab.util.Check.nonNegative("damping", damping);
            probelab.util.Check.atLeast("hvpBatch", hvpBatch, 0);
            probelab.util.Check.atLeast("chunk", chunk, 1);
            if (!engine.equals("auto") && !engine.equals("dl4j")) throw new IllegalArgumentException("engine must be auto or dl4j, got '" + engine + "'");
        }
    }

    /**
     * Largest parameter change in the finite differences. Small on purpose, in float too: a ReLU
     * or pooling window that switches inside ±ε adds a jump / 2ε, which swamps Hv at ε ~ 1e-3
     * (measured on a small CNN: 18× the true Hv there, 0.7% off in float at 1e-5).
     */
    static final double STEP = 1e-5;

    public static Model of(MultiLayerNetwork net, INDArray images, int[] labels, Options o) {
        return new Model(net, images, labels, o);
    }

    public static final class Model implements Influence.Model {
        final MultiLayerNetwork net;
        final MultiLayerNetwork twin; // a second copy, so the +ε and −ε passes run on two cores at once
        final INDArray x; // [n, features] double, reshaped per chunk
        final INDArray y; // one-hot [n, classes] double
        final long[] exampleShape;
        final int n, classes, d;
        final INDArray theta;
        final long[][] ranges; // [offset, length] of the parameters that count
        final Options o;
        final SplittableRandom rng;
        final int[] fixedSample;
        final probelab.influence.SmallCnnMirror mirror; // null: DL4J's passes
        final float[][] channelLast; // the images as the twin reads them
        final int[] labels;

        Model(MultiLayerNetwork source, INDArray images, int[] labels, Options o) {
            if (images.size(0) != labels.length) {
                throw new IllegalArgumentException("influence: " + images.size(0) + " images but " + labels.length + " labels");
            }
            if (o.damping() < 0) throw new IllegalArgumentException("damping must be ≥ 0, got " + o.damping());
            if (o.hvpBatch() < 0) throw new IllegalArgumentException("hvpBatch must be ≥ 0, got " + o.hvpBatch());
            if (o.chunk() < 1) throw new IllegalArgumentException("chunk must be ≥ 1, got " + o.chunk());
            if (!o.engine().equals("auto") && !o.engine().equals("dl4j")) throw new IllegalArgumentException("engine must be auto or dl4j, got '" + o.engine() + "'");
            this.net = Attribution.lossCopy(source.convertDataType(DataType.DOUBLE));
            this.twin = net.clone();
            this.o = o;
            this.n = labels.length;
            this.exampleShape = Arrays.copyOfRange(images.shape(), 1, images.rank());
            this.x = images.reshape('c', n, images.length() / n).castTo(DataType.DOUBLE);
            this.classes = (int) net.getOutputLayer().getParam("W").size(1);
            this.y = Nd4j.zeros(DataType.DOUBLE, n, classes);
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is outside 0.." + (classes - 1));
                y.putScalar(i, labels[i], 1);
            }
            this.theta = net.params().dup();
            this.ranges = ranges(net, o.layers());
            long total = 0;
            for (long[] r : ranges) total += r[1];
            this.d = Math.toIntExact(total);
            this.rng = new SplittableRandom(o.seed());
            this.fixedSample = o.hvpBatch() == 0 || o.hvpBatch() >= n ? null : sample(new SplittableRandom(o.seed()), o.hvpBatch());
            this.labels = labels.clone();
            this.mirror = o.engine().equals("auto") && exampleShape.length == 3
                    ? probelab.influence.SmallCnnMirror.of(net, (int) exampleShape[0], (int) exampleShape[1], (int) exampleShape[2]) : null;
            if (mirror != null) {
                float[] all = probelab.util.Nd.floats(images.castTo(DataType.FLOAT));
                int size = all.length / n;
                channelLast = new float[n][];
                for (int i = 0; i < n; i++) channelLast[i] = mirror.channelLast(Arrays.copyOfRange(all, i * size, (i + 1) * size));
            } else {
                channelLast = null;
            }
        }

        /** Whether Hessian-vector products and training dots run on the float plain-array twin. */
        public boolean usesTwin() {
            return mirror != null;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public int dimension() {
            return d;
        }

        @Override
        public double[] gradient(float[] image, int label) {
            INDArray xi = Nd4j.createFromArray(image).castTo(DataType.DOUBLE).reshape(prepend(1, exampleShape));
            INDArray yi = Nd4j.zeros(DataType.DOUBLE, 1, classes);
            yi.putScalar(0, label, 1);
            net.setParams(theta);
            return pick(net.calculateGradients(xi, yi, null, null).getFirst().gradient());
        }

        @Override
        public UnaryOperator<double[]> hessian(boolean stochastic) {
            return v -> {
                int[] rows = stochastic && o.hvpBatch() > 0 && o.hvpBatch() < n ? sample(rng, o.hvpBatch()) : fixedSample;
                if (mirror != null) return mirrorHvp(v, rows);
                double eps = step(v);
                double[][] pm = both(() -> meanGradient(net, perturbed(v, eps), rows), () -> meanGradient(twin, perturbed(v, -eps), rows));
                double[] plus = pm[0], minus = pm[1];
                double[] out = new double[d];
                for (int i = 0; i < d; i++) out[i] = (plus[i] - minus[i]) / (2 * eps) + o.damping() * v[i];
                return out;
            };
        }

        /** Hv on the float twin: the same central difference, one pass after the other (each uses both cores). */
        private double[] mirrorHvp(double[] v, int[] rows) {
            int m = rows == null ? n : rows.length;
            float[][] bx = new float[m][];
            int[] by = new int[m];
            for (int i = 0; i < m; i++) {
                int r = rows == null ? i : rows[i];
                bx[i] = channelLast[r];
                by[i] = labels[r];
            }
            double eps = step(v);
            double[] at = theta.toDoubleVector(); // θ and v in plain arrays: through ND4J it cost ~1 ms an Hv
            double[] direction = shifted(new double[at.length], v, 1); // v in the full parameter layout
            double[] hv = pick(mirror.gradientDifference(bx, by, at, direction, eps));
            for (int i = 0; i < d; i++) hv[i] += o.damping() * v[i];
            return hv;
        }

        @Override
        public double[] trainingDots(double[] s) {
            if (mirror != null) { // exact directional derivatives by forward-mode differentiation
                mirror.setParameters(theta.toDoubleVector());
                double[] full = new double[mirror.numParams()];
                int k = 0;
                for (long[] r : ranges) for (long j = r[0]; j < r[0] + r[1]; j++) full[(int) j] = s[k++];
                return mirror.directionalDerivatives(channelLast, labels, full);
            }
            double eps = step(s);
            double[][] pm = both(() -> losses(net, perturbed(s, eps)), () -> losses(twin, perturbed(s, -eps)));
            double[] plus = pm[0], minus = pm[1];
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = (plus[i] - minus[i]) / (2 * eps);
            return out;
        }

        /**
         * The training objective (1/n)·Σ_{i ≠ leaveOut} ℓᵢ + (damping/2)‖θ‖² over the parameters that
         * count, and its gradient into {@code grad}; for refitting to an optimum and leave-one-out checks.
         */
        public double objective(double[] params, double[] grad, int leaveOut) {
            INDArray at = perturbed(params, 1, true);
            int[] rows = leaveOut < 0 ? null : java.util.stream.IntStream.range(0, n).filter(i -> i != leaveOut).toArray();
            double[][] lg = both(() -> losses(net, at), () -> meanGradient(twin, at, rows));
            double[] l = lg[0], g = lg[1];
            double f = 0;
            for (int i = 0; i < n; i++) if (i != leaveOut) f += l[i];
            f /= n;
            double keep = leaveOut < 0 ? 1 : (n - 1.0) / n;
            for (int i = 0; i < d; i++) {
                grad[i] = keep * g[i] + o.damping() * params[i];
                f += o.damping() / 2 * params[i] * params[i];
            }
            return f;
        }

        /** The parameters that count, as a vector. */
        public double[] parameters() {
            return pick(theta);
        }

        /** Moves the network to {@code params} (the parameters that count); the rest stay. */
        public void setParameters(double[] params) {
            theta.assign(perturbed(params, 1, true));
        }

        /** Loss of one example at the current parameters. */
        public double loss(float[] image, int label) {
            INDArray xi = Nd4j.createFromArray(image).castTo(DataType.DOUBLE).reshape(prepend(1, exampleShape));
            INDArray yi = Nd4j.zeros(DataType.DOUBLE, 1, classes);
            yi.putScalar(0, label, 1);
            net.setParams(theta);
            return net.scoreExamples(new DataSet(xi, yi), false).getDouble(0);
        }

        /** ∇ℓ_z for one training point, by the network's backward pass (for checks and small sets). */
        public double[] trainingGradient(int i) {
            net.setParams(theta);
            return pick(net.calculateGradients(rows(new int[] {i}), y.getRow(i, true), null, null).getFirst().gradient());
        }

        /** ∇θ of the mean training loss over {@code rows} (null: all), parameters at {@code params}. */
        double[] meanGradient(MultiLayerNetwork net, INDArray params, int[] rows) {
            net.setParams(params);
            int m = rows == null ? n : rows.length;
            double[] sum = new double[d];
            for (int from = 0; from < m; from += o.chunk()) {
                Influence.checkInterrupted();
                int[] idx = chunk(rows, from, Math.min(m, from + o.chunk()));
                double[] g = pick(net.calculateGradients(rows(idx), y.getRows(idx), null, null).getFirst().gradient());
                for (int i = 0; i < d; i++) sum[i] += g[i];
            }
            for (int i = 0; i < d; i++) sum[i] /= m; // DL4J's gradients are sums over the batch
            return sum;
        }

        /** Loss of every training point, parameters at {@code params}. */
        double[] losses(MultiLayerNetwork net, INDArray params) {
            net.setParams(params);
            double[] out = new double[n];
            for (int from = 0; from < n; from += o.chunk()) {
                Influence.checkInterrupted();
                int[] idx = chunk(null, from, Math.min(n, from + o.chunk()));
                double[] l = net.scoreExamples(new DataSet(rows(idx), y.getRows(idx)), false).toDoubleVector();
                System.arraycopy(l, 0, out, from, l.length);
            }
            return out;
        }

        INDArray rows(int[] idx) {
            return x.getRows(idx).reshape(prepend(idx.length, exampleShape));
        }

        /** θ + eps·v, v spread over the parameters that count. */
        INDArray perturbed(double[] v, double eps) {
            return perturbed(v, eps, false);
        }

        /** θ + eps·v, or with {@code replace} θ with the counted parameters set to eps·v. */
        INDArray perturbed(double[] v, double eps, boolean replace) {
            double[] t = theta.toDoubleVector();
            if (replace) for (long[] r : ranges) Arrays.fill(t, (int) r[0], (int) (r[0] + r[1]), 0);
            return Nd4j.createFromArray(shifted(t, v, eps)).reshape(theta.shape());
        }

        /** {@code full} with eps·v added to the counted parameters (a new array). */
        double[] shifted(double[] full, double[] v, double eps) {
            double[] t = full.clone();
            int k = 0;
            for (long[] r : ranges) for (long j = r[0]; j < r[0] + r[1]; j++) t[(int) j] += eps * v[k++];
            return t;
        }

        double[] pick(INDArray fullGradient) {
            return pick(fullGradient.toDoubleVector());
        }

        double[] pick(double[] g) {
            if (ranges.length == 1 && ranges[0][0] == 0 && ranges[0][1] == g.length) return g;
            double[] out = new double[d];
            int k = 0;
            for (long[] r : ranges) {
                System.arraycopy(g, (int) r[0], out, k, (int) r[1]);
                k += (int) r[1];
            }
            return out;
        }

        int[] sample(SplittableRandom r, int m) {
            int[] perm = probelab.util.Shuffle.permutation(n, r);
            return Arrays.copyOf(perm, m);
        }
    }

    /** Runs a on another core while b runs here (each network copy is used by one thread at a time). */
    static double[][] both(java.util.function.Supplier<double[]> a, java.util.function.Supplier<double[]> b) {
        java.util.concurrent.CompletableFuture<double[]> first = java.util.concurrent.CompletableFuture.supplyAsync(a);
        double[] second = b.get();
        return new double[][] {first.join(), second};
    }

    /** ε such that the largest parameter change is {@link #STEP}. */
    static double step(double[] v) {
        double max = 0;
        for (double a : v) max = Math.max(max, Math.abs(a));
        return max == 0 ? 1 : STEP / max;
    }

    static int[] chunk(int[] rows, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = rows == null ? from + i : rows[from + i];
        return idx;
    }

    /** Offsets and lengths in {@code params()} of the named layers' parameters (all when names is empty). */
    static long[][] ranges(MultiLayerNetwork net, String names) {
        long total = net.numParams();
        if (names == null || names.isBlank()) return new long[][] {{0, total}};
        List<String> wanted = new ArrayList<>(Arrays.stream(names.split(",")).map(String::trim).toList());
        List<String> known = new ArrayList<>();
        List<long[]> out = new ArrayList<>();
        long offset = 0;
        for (Layer l : net.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            known.add(name);
            if (wanted.remove(name) && l.numParams() > 0) out.add(new long[] {offset, l.numParams()});
            offset += l.numParams();
        }
        if (!wanted.isEmpty()) throw new IllegalArgumentException("layers: no layer named " + wanted + "; the network has " + known);
        if (out.isEmpty()) throw new IllegalArgumentException("layers: " + names + " have no parameters");
        return out.toArray(long[][]::new);
    }

    static long[] prepend(long first, long[] rest) {
        long[] s = new long[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }
}
