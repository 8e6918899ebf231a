package probelab.inspect;

import java.util.List;

/**
 * What the analysis toolkit needs of a network, whatever made it: a DL4J network, probelab's
 * own ({@code Mlp}, {@code BayesianCnn}, the retinal agent's {@code RetinaNet}) or an ONNX
 * model. Activations, attribution and receptive fields are written once against this view.
 * An example is one row of floats in the layout {@link #inputShape()} names ({@code [c, h, w]},
 * channel-major, for images; {@code [n]} for vectors).
 */
public interface NetworkView {

    /** A network that knows its own view (one in a study, which the core cannot name). */
    interface Viewable {
        NetworkView view();
    }

    /** The view of {@code net}, or an error naming what is accepted. */
    static NetworkView of(Object net) {
        if (net instanceof NetworkView v) return v;
        if (net instanceof Viewable v) return v.view();
        if (net instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork m) return new Views.Dl4j(m);
        if (net instanceof probelab.nn.Mlp m) return new Views.OfMlp(m);
        if (net instanceof probelab.active.BayesianCnn c) return new Views.OfBayesianCnn(c);
        if (net instanceof probelab.onnx.OnnxModel m) return new Views.Onnx(m);
        throw new IllegalArgumentException("expected a network: a DL4J MultiLayerNetwork, an ONNX model (onnx('m.onnx')), a probelab Mlp "
                + "(agent.network), a BayesianCnn or a RetinaNet (agent.net); got " + (net == null ? "null" : net.getClass().getSimpleName()));
    }

    /** What it is, for messages. */
    String describe();

    /** One example's layout: {@code [c, h, w]} for images, {@code [n]} for vectors. */
    int[] inputShape();

    /** The layers {@link #activations} can record, input side first. */
    List<String> layers();

    /** The named layers' activations (every layer when {@code o.layers()} is empty) of the rows {@code x}. */
    Activations activations(float[][] x, Activations.Options o);

    /** How many output units attribution can explain. */
    int outputs();

    /** Output unit {@code k} (its logit, before any softmax) of each row. */
    double[] output(float[][] x, int k);

    /**
     * ∂(output unit {@code k})/∂x for each row, in the input's layout. {@code guided}: guided
     * backpropagation (negative gradients stop at each ReLU-like activation). A network that
     * cannot give gradients throws, saying why.
     */
    float[][] inputGradients(float[][] x, int k, boolean guided);

    /**
     * For each channel of a convolution layer (or unit of a dense one), the index in that layer's
     * row of the unit at the centre of the map: what a spike-triggered average weights the noise by.
     */
    int[] centreUnits(String layer);

    /** The convolution layers, input side first: {@code layer: 1} of receptive fields is the first. */
    List<String> convolutions();

    /** Each channel's centre unit in a channel-last map {@code [h, w, c]}, as probelab's convolutions lay them out. */
    static int[] centreOfChannelLast(long[] hwc) {
        return Views.centreChannelLast(hwc);
    }

    /** Total values of one example. */
    default int inputSize() {
        int n = 1;
        for (int d : inputShape()) n *= d;
        return n;
    }
}
