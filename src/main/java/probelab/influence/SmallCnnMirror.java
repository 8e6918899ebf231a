package probelab.influence;

import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import probelab.nn.Activation;
import probelab.nn.kernels.Conv;
import probelab.nn.kernels.MaxPool;

/**
 * A float, plain-array twin of a {@link Cnn#small} network — conv → max-pool 2 → conv → max-pool 2
 * → dense ReLU → softmax with cross-entropy — on {@link Conv} (im2col + sgemm), for the many
 * batch gradients of influence functions where DL4J's convolution backward is the cost.
 *
 * <p>Parameters come and go as vectors in DL4J's own layout ({@code net.params()}): where each
 * weight sits there is read off the network itself (its parameters set to 0, 1, 2, … and each
 * layer's W and b read back), so no assumption about DL4J's ordering is built in.
 */
public final class SmallCnnMirror {
    private final int channels, height, width, classes, numParams;
    private final Conv conv1, conv2, dense, output;
    private final MaxPool pool1, pool2;
    private final List<float[]> arrays; // conv1 W, b, conv2 W, b, dense W, b, output W, b
    // forward-mode twins: the layers with tangent weights (…T) and the layers without bias (…L), linear
    private final Conv conv1T, conv2T, conv2L, denseT, denseL, outputT, outputL;
    // the first convolution without its ReLU: for Hessian-vector products
    private final Conv conv1L;
    private final int[][] index; // for each array element, its position in DL4J's parameter vector

    /**
     * The twin of {@code net} for images {@code [channels, height, width]}, or null when the
     * network is not laid out like {@link Cnn#small} (then callers keep DL4J's own passes).
     */
    public static SmallCnnMirror of(MultiLayerNetwork net, int channels, int height, int width) {
        var layers = net.getLayerWiseConfigurations().getConfs();
        if (layers.size() != 6) return null;
        if (!(layers.get(0).getLayer() instanceof ConvolutionLayer c1) || !plainConv(c1)) return null;
        if (!(layers.get(1).getLayer() instanceof SubsamplingLayer p1) || !maxPool2(p1)) return null;
        if (!(layers.get(2).getLayer() instanceof ConvolutionLayer c2) || !plainConv(c2) || c2.getKernelSize()[0] != c1.getKernelSize()[0]) return null;
        if (!(layers.get(3).getLayer() instanceof SubsamplingLayer p2) || !maxPool2(p2)) return null;
        if (!(layers.get(4).getLayer() instanceof DenseLayer d) || !(d.getActivationFn() instanceof ActivationReLU) || !d.hasBias()) return null;
        if (!(layers.get(5).getLayer() instanceof OutputLayer o) || !(o.getActivationFn() instanceof ActivationSoftmax)
                || !(o.getLossFn() instanceof LossMCXENT loss) || loss.getWeights() != null || !o.hasBias()) return null;
        for (var l : layers) if (l.getLayer().getIDropout() != null) return null;
        int k = c1.getKernelSize()[0];
        return new SmallCnnMirror(net, channels, height, width, k, (int) c1.getNOut(), (int) c2.getNOut(), (int) d.getNOut(), (int) o.getNOut());
    }

    private static boolean plainConv(ConvolutionLayer c) {
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), dil = c.getDilation();
        return k[0] == k[1] && s[0] == 1 && s[1] == 1 && p[0] == 0 && p[1] == 0 && dil[0] == 1 && dil[1] == 1
                && c.getConvolutionMode() != ConvolutionMode.Same && c.getActivationFn() instanceof ActivationReLU && c.hasBias();
    }

    private static boolean maxPool2(SubsamplingLayer p) {
        int[] k = p.getKernelSize(), s = p.getStride(), pad = p.getPadding();
        return p.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX && k[0] == 2 && k[1] == 2 && s[0] == 2 && s[1] == 2
                && pad[0] == 0 && pad[1] == 0 && p.getConvolutionMode() != ConvolutionMode.Same;
    }

    private SmallCnnMirror(MultiLayerNetwork net, int channels, int height, int width, int k, int f1, int f2, int units, int classes) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
        SplittableRandom unused = new SplittableRandom(0); // weights are overwritten by setParameters
        conv1 = new Conv(channels, f1, k, 1, height, width, Activation.RELU, unused);
        pool1 = new MaxPool(f1, 2, conv1.outH, conv1.outW);
        conv2 = new Conv(f1, f2, k, 1, pool1.outH, pool1.outW, Activation.RELU, unused);
        pool2 = new MaxPool(f2, 2, conv2.outH, conv2.outW);
        dense = new Conv(pool2.outputSize(), units, 1, 1, 1, 1, Activation.RELU, unused);
        output = new Conv(units, classes, 1, 1, 1, 1, Activation.LINEAR, unused);
        conv1T = new Conv(channels, f1, k, 1, height, width, Activation.LINEAR, unused);
        conv1L = new Conv(channels, f1, k, 1, height, width, Activation.LINEAR, unused);
        conv2T = new Conv(f1, f2, k, 1, pool1.outH, pool1.outW, Activation.LINEAR, unused);
        conv2L = new Conv(f1, f2, k, 1, pool1.outH, pool1.outW, Activation.LINEAR, unused);
        denseT = new Conv(pool2.outputSize(), units, 1, 1, 1, 1, Activation.LINEAR, unused);
        denseL = new Conv(pool2.outputSize(), units, 1, 1, 1, 1, Activation.LINEAR, unused);
        outputT = new Conv(units, classes, 1, 1, 1, 1, Activation.LINEAR, unused);
        outputL = new Conv(units, classes, 1, 1, 1, 1, Activation.LINEAR, unused);
        arrays = List.of(conv1.weight, conv1.bias, conv2.weight, conv2.bias, dense.weight, dense.bias, output.weight, output.bias);
        numParams = (int) net.numParams();
        if (numParams != arrays.stream().mapToInt(a -> a.length).sum()) {
            throw new IllegalStateException("the mirror has " + arrays.stream().mapToInt(a -> a.length).sum() + " parameters, the network " + numParams);
        }
        index = new int[arrays.size()][];
        INDArray keep = net.params().dup();
        net.setParams(Nd4j.arange(numParams).castTo(keep.dataType()).reshape(keep.shape()));
        index[0] = convIndex(net.getLayer(0).getParam("W"), conv1);
        index[1] = vectorIndex(net.getLayer(0).getParam("b"));
        index[2] = convIndex(net.getLayer(2).getParam("W"), conv2);
        index[3] = vectorIndex(net.getLayer(2).getParam("b"));
        index[4] = denseIndex(net.getLayer(4).getParam("W"));
        index[5] = vectorIndex(net.getLayer(4).getParam("b"));
        index[6] = matrixIndex(net.getLayer(5).getParam("W"));
        index[7] = vectorIndex(net.getLayer(5).getParam("b"));
        net.setParams(keep);
        setParameters(keep.toDoubleVector());
    }

    /** DL4J's conv W is [out, in, ky, kx]; ours is row (ky·k + kx)·in + c, column o. */
    private static int[] convIndex(INDArray w, Conv c) {
        int[] idx = new int[c.weight.length];
        for (int o = 0; o < c.out; o++) for (int ch = 0; ch < c.in; ch++) for (int ky = 0; ky < c.k; ky++) for (int kx = 0; kx < c.k; kx++)
            idx[((ky * c.k + kx) * c.in + ch) * c.out + o] = w.getInt(o, ch, ky, kx);
        return idx;
    }

    /** The dense layer reads DL4J's flattening of [channels, h, w]; ours is channel-last. */
    private int[] denseIndex(INDArray w) {
        int units = (int) w.size(1), c = pool2.channels, h = pool2.outH, wd = pool2.outW;
        int[] idx = new int[dense.weight.length];
        for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < wd; x++) for (int u = 0; u < units; u++)
            idx[((y * wd + x) * c + ch) * units + u] = w.getInt(ch * h * wd + y * wd + x, u);
        return idx;
    }

    private static int[] matrixIndex(INDArray w) {
        int rows = (int) w.size(0), cols = (int) w.size(1);
        int[] idx = new int[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) idx[i * cols + j] = w.getInt(i, j);
        return idx;
    }

    private static int[] vectorIndex(INDArray b) {
        int[] idx = new int[(int) b.length()];
        for (int i = 0; i < idx.length; i++) idx[i] = b.getInt(i);
        return idx;
    }

    public int numParams() {
        return numParams;
    }

    /** Loads a parameter vector in DL4J's layout. */
    public void setParameters(double[] flat) {
        if (flat.length != numParams) throw new IllegalArgumentException("expected " + numParams + " parameters, got " + flat.length);
        for (int a = 0; a < arrays.size(); a++) {
            float[] arr = arrays.get(a);
            int[] idx = index[a];
            for (int i = 0; i < arr.length; i++) arr[i] = (float) flat[idx[i]];
        }
    }

    /** An image in DL4J's [channels, height, width] order, channel-last as the convolutions read it. */
    public float[] channelLast(float[] chw) {
        if (chw.length != channels * height * width) {
            throw new IllegalArgumentException("expected images of " + channels + "×" + height + "×" + width + " values, got " + chw.length);
        }
        if (channels == 1) return chw;
        int plane = height * width;
        float[] out = new float[chw.length];
        for (int c = 0; c < channels; c++) for (int p = 0; p < plane; p++) out[p * channels + c] = chw[c * plane + p];
        return out;
    }

    private static final class Pass {
        float[][] x, c1, p1, c2, p2, h, logits;
    }

    /**
     * Per-layer arrays kept from call to call ({@code [images][values]}, by name): the passes
     * run one after another, and fresh arrays cost their zeroing and the collector's time on
     * every one of LiSSA's hundreds of gradients. Every user overwrites all of an array.
     */
    private final java.util.Map<String, float[][]> buffers = new java.util.HashMap<>();

    private float[][] buffer(String name, int n, int size) {
        float[][] b = buffers.get(name);
        if (b == null || b.length < n || b[0].length != size) buffers.put(name, b = new float[n][size]);
        return b.length == n ? b : java.util.Arrays.copyOf(b, n); // a shorter last chunk reuses the first rows
    }

    private Pass forward(float[][] x) {
        float[][] c1 = buffer("c1", x.length, conv1.outputSize());
        conv1.forward(x, c1);
        return above(x, c1);
    }

    /** The forward pass above the first convolution, from its output {@code c1}. */
    private Pass above(float[][] x, float[][] c1) {
        int n = x.length;
        Pass s = new Pass();
        s.x = x;
        s.c1 = c1;
        s.p1 = buffer("p1", n, pool1.outputSize());
        probelab.nn.kernels.Threads.forEach(n, i -> pool1.forward(s.c1[i], s.p1[i]));
        s.c2 = buffer("c2", n, conv2.outputSize());
        conv2.forward(s.p1, s.c2);
        s.p2 = buffer("p2", n, pool2.outputSize());
        probelab.nn.kernels.Threads.forEach(n, i -> pool2.forward(s.c2[i], s.p2[i]));
        s.h = buffer("h", n, dense.out);
        dense.forward(s.p2, s.h);
        s.logits = buffer("logits", n, classes);
        output.forward(s.h, s.logits);
        return s;
    }

    /** Cross-entropy of each image (channel-last) at the current parameters. */
    public synchronized double[] losses(float[][] x, int[] y) {
        double[] out = new double[x.length];
        for (int from = 0; from < x.length; from += 512) {
            int to = Math.min(x.length, from + 512);
            Pass s = forward(java.util.Arrays.copyOfRange(x, from, to));
            for (int i = from; i < to; i++) out[i] = -Activation.logSoftmax(s.logits[i - from])[y[i]];
        }
        return out;
    }

    /** ∇ of the mean cross-entropy over the images (channel-last), in DL4J's parameter layout. */
    public synchronized double[] meanGradient(float[][] x, int[] y) {
        List<float[]> grads = arrays.stream().map(a -> new float[a.length]).toList();
        for (int from = 0; from < x.length; from += 512) {
            int to = Math.min(x.length, from + 512);
            Pass s = forward(java.util.Arrays.copyOfRange(x, from, to));
            float[][] dc1 = backAbove(s, y, from, x.length, grads, "dc1");
            conv1.backward(s.x, s.c1, dc1, grads.get(0), grads.get(1), null, false);
        }
        return flat(grads);
    }

    /**
     * Backpropagates the mean cross-entropy (over {@code total} images; labels from {@code y[from]})
     * down to dL/d(first convolution's output), accumulating the gradients of every layer above it.
     */
    private float[][] backAbove(Pass s, int[] y, int from, int total, List<float[]> grads, String dc1Name) {
        int m = s.x.length;
        float[][] d = new float[m][];
        for (int i = 0; i < m; i++) {
            double[] lp = Activation.logSoftmax(s.logits[i]);
            d[i] = new float[classes];
            for (int c = 0; c < classes; c++) d[i][c] = (float) ((Math.exp(lp[c]) - (c == y[from + i] ? 1 : 0)) / total);
        }
        float[][] dh = buffer("dh", m, dense.out);
        output.backward(s.h, s.logits, d, grads.get(6), grads.get(7), dh, false);
        float[][] dp2 = buffer("dp2", m, pool2.outputSize());
        dense.backward(s.p2, s.h, dh, grads.get(4), grads.get(5), dp2, false);
        float[][] dc2 = buffer("dc2", m, conv2.outputSize());
        probelab.nn.kernels.Threads.forEach(m, i -> pool2.backward(s.c2[i], s.p2[i], dp2[i], dc2[i]));
        float[][] dp1 = buffer("dp1", m, pool1.outputSize());
        conv2.backward(s.p1, s.c2, dc2, grads.get(2), grads.get(3), dp1, false);
        float[][] dc1 = buffer(dc1Name, m, conv1.outputSize());
        probelab.nn.kernels.Threads.forEach(m, i -> pool1.backward(s.c1[i], s.p1[i], dp1[i], dc1[i]));
        return dc1;
    }

    /** Gradients per array → one vector in DL4J's layout. */
    private double[] flat(List<float[]> grads) {
        double[] flat = new double[numParams];
        for (int a = 0; a < arrays.size(); a++) {
            float[] g = grads.get(a);
            int[] idx = index[a];
            for (int i = 0; i < g.length; i++) flat[idx[i]] = g[i];
        }
        return flat;
    }

    /**
     * (∇L(θ + εs) − ∇L(θ − εs)) / 2ε of the mean cross-entropy over the images, in DL4J's
     * layout: a Hessian-vector product by central differences, the same numbers as two
     * {@link #meanGradient} calls at less cost. The first convolution reads the same images under
     * both parameter sets and its pre-activation is linear in them, A ± εB with A = x∗W + b and
     * B = x∗S_W + S_b, so A and B serve both passes; and its
     * weights enter the difference only through dY₊ − dY₋, so one product of the patches with
     * that difference gives their part.
     */
    public synchronized double[] gradientDifference(float[][] x, int[] y, double[] theta, double[] s, double eps) {
        if (s.length != numParams) throw new IllegalArgumentException("expected " + numParams + " direction entries, got " + s.length);
        int f1 = conv1.out, size1 = conv1.outputSize();
        setParameters(theta);
        System.arraycopy(conv1.weight, 0, conv1L.weight, 0, conv1.weight.length);
        System.arraycopy(conv1.bias, 0, conv1L.bias, 0, f1);
        for (int i = 0; i < conv1T.weight.length; i++) conv1T.weight[i] = (float) s[index[0][i]];
        for (int o = 0; o < f1; o++) conv1T.bias[o] = (float) s[index[1][o]];
        double[] plus = new double[numParams], minus = new double[numParams];
        for (int i = 0; i < numParams; i++) {
            plus[i] = theta[i] + eps * s[i];
            minus[i] = theta[i] - eps * s[i];
        }
        List<float[]> gPlus = arrays.stream().map(a -> new float[a.length]).toList(), gMinus = arrays.stream().map(a -> new float[a.length]).toList();
        float[] dW1 = new float[conv1.weight.length], db1 = new float[f1];
        for (int from = 0; from < x.length; from += 512) {
            int to = Math.min(x.length, from + 512), m = to - from, start = from;
            float[][] xs = java.util.Arrays.copyOfRange(x, from, to);
            float[][] a1 = buffer("a1", m, size1), b1 = buffer("b1", m, size1);
            conv1L.forward(xs, a1);
            conv1T.forward(xs, b1);
            float[][] dPlus = null;
            for (int sign : new int[] {1, -1}) {
                setParameters(sign > 0 ? plus : minus); // the first convolution's arrays are not read below
                float e = (float) (sign * eps);
                float[][] c1 = buffer("c1", m, size1);
                probelab.nn.kernels.Threads.forEach(m, i -> {
                    float[] a = a1[i], b = b1[i], c = c1[i];
                    for (int j = 0; j < size1; j++) c[j] = Math.max(a[j] + e * b[j], 0f);
                });
                Pass pass = above(xs, c1);
                float[][] dc1 = backAbove(pass, y, start, x.length, sign > 0 ? gPlus : gMinus, sign > 0 ? "dc1+" : "dc1-");
                float[][] earlier = dPlus; // null in the + pass; in the − pass dc1 becomes dY₊ − dY₋
                probelab.nn.kernels.Threads.forEach(m, i -> {
                    float[] d = dc1[i], c = c1[i];
                    for (int j = 0; j < size1; j++) d[j] *= probelab.nn.kernels.Elementwise.reluMask(c[j]); // through the ReLU: dL/d(pre-activation)
                    if (earlier != null) for (int j = 0; j < size1; j++) d[j] = earlier[i][j] - d[j];
                });
                dPlus = dc1;
            }
            float[][] diff = buffer("dc1-", m, size1);
            conv1T.backward(xs, diff, diff, dW1, db1, null, false); // linear: patchesᵀ · (dY₊ − dY₋)
        }
        double[] out = new double[numParams];
        for (int a = 2; a < arrays.size(); a++) {
            float[] gp = gPlus.get(a), gm = gMinus.get(a);
            int[] idx = index[a];
            for (int i = 0; i < gp.length; i++) out[idx[i]] = ((double) gp[i] - gm[i]) / (2 * eps);
        }
        for (int i = 0; i < dW1.length; i++) out[index[0][i]] = dW1[i] / (2 * eps);
        for (int i = 0; i < db1.length; i++) out[index[1][i]] = db1[i] / (2 * eps);
        setParameters(theta);
        return out;
    }

    /**
     * d/dε of each image's cross-entropy at θ + εs, exactly (forward-mode differentiation, one
     * pass with tangents beside the values): {@code s} in DL4J's parameter layout. This is
     * ∇ℓ_z·s for every image z at about three forward passes' cost, without the cancellation a
     * difference of float losses would suffer.
     */
    public synchronized double[] directionalDerivatives(float[][] x, int[] y, double[] s) {
        if (s.length != numParams) throw new IllegalArgumentException("expected " + numParams + " direction entries, got " + s.length);
        List<Conv> tangents = List.of(conv1T, conv2T, denseT, outputT);
        List<Conv> values = List.of(conv1, conv2, dense, output);
        for (int l = 0; l < 4; l++) {
            float[] w = tangents.get(l).weight, b = tangents.get(l).bias;
            int[] wi = index[2 * l], bi = index[2 * l + 1];
            for (int i = 0; i < w.length; i++) w[i] = (float) s[wi[i]];
            for (int i = 0; i < b.length; i++) b[i] = (float) s[bi[i]];
        }
        for (Conv[] pair : new Conv[][] {{conv2, conv2L}, {dense, denseL}, {output, outputL}}) {
            System.arraycopy(pair[0].weight, 0, pair[1].weight, 0, pair[0].weight.length);
            java.util.Arrays.fill(pair[1].bias, 0f);
        }
        double[] out = new double[x.length];
        for (int from = 0; from < x.length; from += 512) {
            int to = Math.min(x.length, from + 512), m = to - from;
            Pass v = forward(java.util.Arrays.copyOfRange(x, from, to));
            float[][] c1 = buffer("tc1", m, conv1.outputSize());
            conv1T.forward(v.x, c1);
            reluMask(c1, v.c1);
            float[][] p1 = pooled(pool1, v.c1, v.p1, c1);
            float[][] c2 = sum(linear(conv2T, v.p1, conv2.outputSize()), linear(conv2L, p1, conv2.outputSize()));
            reluMask(c2, v.c2);
            float[][] p2 = pooled(pool2, v.c2, v.p2, c2);
            float[][] h = sum(linear(denseT, v.p2, dense.out), linear(denseL, p2, dense.out));
            reluMask(h, v.h);
            float[][] z = sum(linear(outputT, v.h, classes), linear(outputL, h, classes));
            for (int i = 0; i < m; i++) {
                double[] lp = Activation.logSoftmax(v.logits[i]);
                double d = 0;
                for (int c = 0; c < classes; c++) d += (Math.exp(lp[c]) - (c == y[from + i] ? 1 : 0)) * z[i][c];
                out[from + i] = d;
            }
        }
        return out;
    }

    private static float[][] linear(Conv layer, float[][] in, int size) {
        float[][] out = new float[in.length][size];
        layer.forward(in, out);
        return out;
    }

    private static float[][] sum(float[][] a, float[][] b) {
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) a[i][j] += b[i][j];
        return a;
    }

    /** A tangent through a ReLU: zero where the unit is off. */
    private static void reluMask(float[][] tangent, float[][] value) {
        probelab.nn.kernels.Threads.forEach(tangent.length, i -> {
            float[] t = tangent[i], v = value[i];
            for (int j = 0; j < t.length; j++) t[j] *= probelab.nn.kernels.Elementwise.reluMask(v[j]);
        });
    }

    /** A tangent through max pooling: the tangent of each window's maximum. */
    private static float[][] pooled(MaxPool pool, float[][] value, float[][] pooledValue, float[][] tangent) {
        float[][] out = new float[tangent.length][pool.outputSize()];
        probelab.nn.kernels.Threads.forEach(tangent.length, i -> pool.select(value[i], pooledValue[i], tangent[i], out[i]));
        return out;
    }
}
