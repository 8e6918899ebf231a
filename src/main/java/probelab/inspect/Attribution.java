package probelab.inspect;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import probelab.util.Doc;
import probelab.util.Nd;

/**
 * Input attribution of one output unit of a DL4J network, with Captum's names and meanings:
 * {@code Saliency} (|∂y/∂x|), {@code GuidedBackprop} (gradients through ReLUs that pass only
 * positive signals both ways) and {@code IntegratedGradients} ((x − x₀) ⊙ the mean gradient on
 * the straight path from the baseline x₀ to x, Gauss-Legendre quadrature as Captum's default).
 *
 * <p>The gradient comes from DL4J's own backward pass: a copy of the network whose output layer
 * scores Σ w·y (w one-hot on the target unit, y the unit's logit or its activation) hands back
 * ∂(w·y)/∂x. Dropout is switched off in the copy; BatchNorm layers would use batch statistics
 * in that pass, so networks with them are refused.
 */
public final class Attribution {
    public enum Method { SALIENCY, GUIDED_BACKPROP, INTEGRATED_GRADIENTS }

    public record Options(
            @Doc("saliency, guidedBackprop or integratedGradients") String method,
            @Doc("output unit (class, action) to explain") int target,
            @Doc("what of the unit: logit (before the output activation) or output (after it)") String output,
            @Doc("integration steps (integratedGradients)") int steps,
            @Doc("baseline value of every input (integratedGradients)") double baseline,
            @Doc("saliency: absolute values, as Captum's default") boolean abs) {
        public static final Options DEFAULTS = new Options("saliency", 0, "logit", 50, 0, true);

        public Options {
            if (!java.util.List.of("saliency", "guidedBackprop", "integratedGradients").contains(method)) {
                throw new IllegalArgumentException("method must be saliency, guidedBackprop or integratedGradients, got '" + method + "'");
            }
            if (!output.equals("logit") && !output.equals("output")) throw new IllegalArgumentException("output must be logit or output, got '" + output + "'");
            probelab.util.Check.atLeast("target", target, 0);
            probelab.util.Check.atLeast("steps", steps, 1);
            probelab.util.Check.finite("baseline", baseline);
        }
    }

    /** One attribution map: same shape as one input example. */
    public static final class Result {
        public final INDArray values;
        public final INDArray input;
        public final Options options;
        /** For integrated gradients: f(x) − f(baseline), which the attributions should sum to. */
        public final double delta;

        Result(INDArray values, INDArray input, Options options, double delta) {
            this.values = values;
            this.input = input;
            this.options = options;
            this.delta = delta;
        }

        public double sum() {
            return values.sumNumber().doubleValue();
        }

        /** Attribution summed over channels, {@code [h][w]}, for a heat map. */
        public double[][] heat() {
            INDArray v = values.rank() == 4 ? values.sum(0, 1) : values.rank() == 3 ? values.sum(0) : values.reshape(1, values.length());
            return v.castTo(DataType.DOUBLE).toDoubleMatrix();
        }

        /** The input (grey or RGB) beside the channel-summed attribution (blue − · white 0 · red +, symmetric limits). */
        public BufferedImage image(int scale) {
            double[][] heat = heat();
            int h = heat.length, w = heat[0].length, gap = 4;
            BufferedImage img = new BufferedImage(2 * w * scale + 3 * gap, h * scale + 2 * gap, BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = img.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            INDArray x = input.rank() == 4 ? input.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)) : input.reshape(1, h, w);
            int channels = (int) x.size(0);
            double lo = x.minNumber().doubleValue(), hi = x.maxNumber().doubleValue(), max = 1e-12;
            for (double[] row : heat) for (double v : row) max = Math.max(max, Math.abs(v));
            for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
                float[] c = new float[3];
                for (int k = 0; k < 3; k++) {
                    double v = x.getDouble(channels == 3 ? k : 0, y, xx);
                    c[k] = (float) (hi > lo ? (v - lo) / (hi - lo) : 0);
                }
                g.setColor(new java.awt.Color(c[0], c[1], c[2]));
                g.fillRect(gap + xx * scale, gap + y * scale, scale, scale);
                g.setColor(ReceptiveFields.diverging(heat[y][xx] / max));
                g.fillRect(2 * gap + w * scale + xx * scale, gap + y * scale, scale, scale);
            }
            g.dispose();
            return img;
        }

        /** Writes the side-by-side PNG into the output folder and prints where. */
        public java.nio.file.Path plot() {
            BufferedImage img = image(Math.max(1, 224 / Math.max(heat().length, 1)));
            java.nio.file.Path p = probelab.util.AtomicFiles.write(probelab.util.OutputDir.current().nextFigure(options.method() + " unit " + options.target()),
                    out -> javax.imageio.ImageIO.write(img, "png", out));
            System.out.println(this);
            System.out.println("saved " + p);
            return p;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s of unit %d (%s): sum %.4g%s", options.method(), options.target(), options.output(), sum(),
                    Double.isNaN(delta) ? "" : String.format(Locale.ROOT, ", f(x) − f(baseline) %.4g", delta));
        }
    }

    private Attribution() {}

    static Method method(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "saliency" -> Method.SALIENCY;
            case "guidedbackprop" -> Method.GUIDED_BACKPROP;
            case "integratedgradients", "ig" -> Method.INTEGRATED_GRADIENTS;
            default -> throw new IllegalArgumentException("method must be saliency, guidedBackprop or integratedGradients, got '" + name + "'");
        };
    }

    /** Attribution for one example {@code x} (shaped as the network's input, with or without the batch axis). */
    /**
     * One example as the network takes it: an INDArray as given; a float[] of a square image's
     * pixels shaped [1, c, side, side] for a convolutional first layer, else [1, n].
     */
    public static INDArray example(MultiLayerNetwork net, Object image) {
        if (image instanceof INDArray a) return a;
        if (image instanceof float[] f) {
            if (net.getLayer(0).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c
                    && net.getLayerWiseConfigurations().getInputPreProcess(0) == null) {
                int ch = (int) c.getNIn(), side = (int) Math.round(Math.sqrt(f.length / (double) ch));
                if (ch * side * side != f.length) {
                    throw new IllegalArgumentException("attribution: " + f.length + " pixels are not a square image of " + ch + " channels; pass an INDArray [1, c, h, w]");
                }
                return org.nd4j.linalg.factory.Nd4j.createFromArray(f).reshape(1, ch, side, side);
            }
            return org.nd4j.linalg.factory.Nd4j.createFromArray(f).reshape(1, f.length);
        }
        throw new IllegalArgumentException("attribution: expected an image as an INDArray ([c, h, w] or [1, c, h, w]) or float[], got "
                + (image == null ? "null" : image.getClass().getSimpleName()));
    }

    public static Result attribute(MultiLayerNetwork net, INDArray x, Options o) {
        Method m = method(o.method());
        // One example, with or without its batch axis of 1.
        INDArray batch = (x.size(0) == 1 ? x : x.reshape(prepend(x.shape()))).castTo(DataType.FLOAT);
        MultiLayerNetwork probe = scorer(net, o.output(), m == Method.GUIDED_BACKPROP);
        int outputs = (int) probe.output(batch, false).size(1);
        if (o.target() < 0 || o.target() >= outputs) {
            throw new IllegalArgumentException("target must be in 0.." + (outputs - 1) + " (the network has " + outputs + " outputs), got " + o.target());
        }
        INDArray values;
        double delta = Double.NaN;
        switch (m) {
            case SALIENCY -> {
                values = gradient(probe, batch, o.target());
                if (o.abs()) values = org.nd4j.linalg.ops.transforms.Transforms.abs(values, true);
            }
            case GUIDED_BACKPROP -> values = gradient(probe, batch, o.target());
            default -> {
                INDArray base = Nd4j.valueArrayOf(batch.shape(), o.baseline(), DataType.FLOAT);
                INDArray diff = batch.sub(base);
                double[][] gl = gaussLegendre(o.steps());
                // All path points in one batch: [steps, ...]
                long[] shape = batch.shape().clone();
                shape[0] = o.steps();
                INDArray path = Nd4j.create(DataType.FLOAT, shape);
                for (int s = 0; s < o.steps(); s++) path.get(org.nd4j.linalg.indexing.NDArrayIndex.point(s)).assign(base.add(diff.mul(gl[0][s])).reshape(Arrays.copyOfRange(shape, 1, shape.length)));
                INDArray grads = gradient(probe, path, o.target());
                INDArray weighted = Nd4j.zeros(DataType.FLOAT, batch.shape());
                for (int s = 0; s < o.steps(); s++) {
                    weighted.addi(grads.get(org.nd4j.linalg.indexing.NDArrayIndex.point(s)).reshape(batch.shape()).mul(gl[1][s]));
                }
                values = weighted.muli(diff);
                double fx = probe.output(batch, false).getDouble(0, o.target());
                double fb = probe.output(base, false).getDouble(0, o.target());
                delta = fx - fb;
            }
        }
        return new Result(values.reshape(Arrays.copyOfRange(batch.shape(), 1, batch.shape().length)), batch, o, delta);
    }

    /**
     * Attribution for one example of any network ({@link NetworkView}): DL4J's through its own
     * backward pass (above); probelab's networks through theirs. {@code x}: the example as the
     * view lays it out ({@code [c, h, w]} values, channel-major), or an INDArray of that shape.
     */
    public static Result attribute(NetworkView view, Object x, Options o) {
        if (view instanceof Views.Dl4j d) return attribute(d.net, example(d.net, x), o);
        if (!o.output().equals("logit")) {
            throw new IllegalArgumentException("output: 'output' is offered for DL4J networks; " + view.describe() + " explains its logits (output: 'logit')");
        }
        int size = view.inputSize();
        float[] example = x instanceof INDArray a ? Nd.floats(a) : x instanceof float[] f ? f
                : x instanceof double[] dd ? toFloats(dd) : null;
        if (example == null) throw new IllegalArgumentException("attribution: expected an example as float[] or an INDArray of "
                + java.util.Arrays.toString(view.inputShape()) + ", got " + (x == null ? "null" : x.getClass().getSimpleName()));
        if (example.length != size) throw new IllegalArgumentException("attribution: " + view.describe() + " takes " + size + " values "
                + java.util.Arrays.toString(view.inputShape()) + ", the example has " + example.length);
        int outputs = view.outputs();
        if (o.target() >= outputs) throw new IllegalArgumentException("target must be in 0.." + (outputs - 1) + " (the network has " + outputs + " outputs), got " + o.target());
        float[] values;
        double delta = Double.NaN;
        switch (method(o.method())) {
            case SALIENCY -> {
                values = view.inputGradients(new float[][] {example}, o.target(), false)[0];
                if (o.abs()) for (int i = 0; i < values.length; i++) values[i] = Math.abs(values[i]);
            }
            case GUIDED_BACKPROP -> values = view.inputGradients(new float[][] {example}, o.target(), true)[0];
            default -> {
                double[][] gl = gaussLegendre(o.steps());
                float[][] path = new float[o.steps()][size];
                for (int s = 0; s < o.steps(); s++) for (int i = 0; i < size; i++)
                    path[s][i] = (float) (o.baseline() + gl[0][s] * (example[i] - o.baseline()));
                float[][] grads = view.inputGradients(path, o.target(), false);
                values = new float[size];
                for (int i = 0; i < size; i++) {
                    double acc = 0;
                    for (int s = 0; s < o.steps(); s++) acc += gl[1][s] * grads[s][i];
                    values[i] = (float) (acc * (example[i] - o.baseline()));
                }
                float[] base = new float[size];
                java.util.Arrays.fill(base, (float) o.baseline());
                double[] f = view.output(new float[][] {example, base}, o.target());
                delta = f[0] - f[1];
            }
        }
        int[] shape = view.inputShape();
        long[] s = new long[shape.length], batch = new long[shape.length + 1];
        batch[0] = 1;
        for (int i = 0; i < shape.length; i++) s[i] = batch[i + 1] = shape[i];
        return new Result(Nd4j.createFromArray(values).reshape(s), Nd4j.createFromArray(example).reshape(batch), o, delta);
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Attribution of each frame of {@code frames} ([t, ...]) as one GIF, input beside map. */
    public static java.nio.file.Path gif(MultiLayerNetwork net, INDArray frames, Options o, int delayMs) {
        java.util.List<BufferedImage> images = new java.util.ArrayList<>();
        for (long t = 0; t < frames.size(0); t++) {
            if (Thread.currentThread().isInterrupted()) break;
            Result r = attribute(net, frames.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(t, t + 1)).dup('c'), o);
            images.add(r.image(Math.max(1, 224 / (int) Math.max(1, r.heat().length))));
        }
        if (images.isEmpty()) throw new IllegalStateException("no frames to draw");
        java.nio.file.Path png = probelab.util.OutputDir.current().nextFigure(o.method() + " over " + images.size() + " frames");
        java.nio.file.Path p = probelab.plot.Gif.write(images, png.resolveSibling(png.getFileName().toString().replace(".png", ".gif")), delayMs, 1);
        System.out.println("saved " + p);
        return p;
    }

    private static long[] prepend(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** ∂(target unit)/∂input for every row of {@code x}. */
    static INDArray gradient(MultiLayerNetwork probe, INDArray x, int target) {
        INDArray out = probe.output(x, false);
        INDArray w = Nd4j.zeros(out.dataType(), out.shape());
        w.getColumn(target).assign(1);
        Pair<org.deeplearning4j.nn.gradient.Gradient, INDArray> g = probe.calculateGradients(x, w, null, null);
        return g.getSecond().dup();
    }

    /**
     * A copy of {@code net} that scores the chosen output: no dropout anywhere; the output layer
     * with an identity activation (logit) or its own (output) and a loss equal to Σ w·y, so that
     * DL4J's input gradient is ∂(w·y)/∂x; ReLUs made guided when asked.
     */
    public static MultiLayerNetwork scorer(MultiLayerNetwork net, String output, boolean guided) {
        MultiLayerNetwork copy = lossCopy(net);
        for (Layer l : copy.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            if (guided && conf instanceof BaseLayer b && b.getActivationFn() instanceof ActivationReLU) b.setActivationFn(new GuidedRelu());
            if (guided && conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a && a.getActivationFn() instanceof ActivationReLU) {
                a.setActivationFn(new GuidedRelu());
            }
        }
        if (!(copy.getOutputLayer().conf().getLayer() instanceof BaseOutputLayer out)) {
            throw new IllegalArgumentException("attribution needs an output layer (OutputLayer and the like), got "
                    + copy.getOutputLayer().conf().getLayer().getClass().getSimpleName());
        }
        switch (output) {
            case "logit" -> out.setActivationFn(new ActivationIdentity());
            case "output" -> { }
            default -> throw new IllegalArgumentException("output must be logit or output, got '" + output + "'");
        }
        out.setLossFn(new LinearScore());
        return copy;
    }

    /**
     * A copy of {@code net} for gradients: no dropout anywhere; BatchNormalization refused, since
     * DL4J's backward pass would use batch statistics.
     */
    public static MultiLayerNetwork lossCopy(MultiLayerNetwork net) {
        MultiLayerNetwork copy = net.clone();
        for (Layer l : copy.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                throw new IllegalArgumentException("networks with BatchNormalization are not supported here: DL4J's backward pass uses batch statistics");
            }
            conf.setIDropout(null);
        }
        return copy;
    }

    /** Loss Σ w·y over the output activations y: its gradient hands DL4J the weights w. */
    static final class LinearScore implements ILossFunction {
        @Override
        public double computeScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
            double s = computeScoreArray(labels, preOutput, fn, mask).sumNumber().doubleValue();
            return average ? s / preOutput.size(0) : s;
        }

        @Override
        public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
            return fn.getActivation(preOutput.dup(), false).muli(labels).sum(true, 1);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
            return fn.backprop(preOutput.dup(), labels.dup()).getFirst();
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
            return new Pair<>(computeScore(labels, preOutput, fn, mask, average), computeGradient(labels, preOutput, fn, mask));
        }

        @Override
        public String name() {
            return "linear-score";
        }
    }

    /** ReLU forward; backward passes a gradient only where both the input and the gradient are positive. */
    static final class GuidedRelu extends BaseActivationFunction {
        @Override
        public INDArray getActivation(INDArray in, boolean training) {
            return org.nd4j.linalg.ops.transforms.Transforms.relu(in, false);
        }

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            INDArray pass = in.gt(0).castTo(epsilon.dataType()).muli(epsilon.gt(0).castTo(epsilon.dataType()));
            return new Pair<>(epsilon.mul(pass), null);
        }

        @Override
        public String toString() {
            return "guided-relu";
        }
    }

    /** Gauss-Legendre nodes on [0, 1] and weights summing to 1: {nodes, weights}. */
    static double[][] gaussLegendre(int n) {
        if (n < 1) throw new IllegalArgumentException("steps must be >= 1, got " + n);
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = 0;
                for (int k = 1; k <= n; k++) {
                    double p2 = p1;
                    p1 = p0;
                    p0 = ((2 * k - 1) * z * p1 - (k - 1) * p2) / k;
                }
                dp = n * (z * p0 - p1) / (z * z - 1);
                double dz = p0 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-15) break;
            }
            x[i] = (1 - z) / 2;
            w[i] = 1 / ((1 - z * z) * dp * dp); // (2/((1−z²)p'²)) on [−1,1], halved for [0,1]
        }
        return new double[][] {x, w};
    }
}
