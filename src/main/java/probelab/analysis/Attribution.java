package probelab.analysis;

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
    }

    /** One attribution map: same shape as one input example. */
    public static final class Map2 {
        public final INDArray values;
        public final INDArray input;
        public final Options options;
        /** For integrated gradients: f(x) − f(baseline), which the attributions should sum to. */
        public final double delta;

        Map2(INDArray values, INDArray input, Options options, double delta) {
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
    public static Map2 attribute(MultiLayerNetwork net, INDArray x, Options o) {
        Method m = method(o.method());
        INDArray one = x.rank() == net.getLayer(0).getParam("W").rank() && x.size(0) != 1 ? x : x;
        INDArray batch = x.size(0) == 1 ? x.castTo(DataType.FLOAT) : x.reshape(prepend(x.shape())).castTo(DataType.FLOAT);
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
                if (o.abs()) values = Nd4jAbs(values);
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
        return new Map2(values.reshape(Arrays.copyOfRange(batch.shape(), 1, batch.shape().length)), batch, o, delta);
    }

    private static INDArray Nd4jAbs(INDArray a) {
        return org.nd4j.linalg.ops.transforms.Transforms.abs(a, true);
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
    static MultiLayerNetwork scorer(MultiLayerNetwork net, String output, boolean guided) {
        MultiLayerNetwork copy = net.clone();
        for (Layer l : copy.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = l.conf().getLayer();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization) {
                throw new IllegalArgumentException("attribution of networks with BatchNormalization is not supported: DL4J's backward pass uses batch statistics");
            }
            conf.setIDropout(null);
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
