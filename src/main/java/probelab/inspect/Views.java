package probelab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import probelab.util.Nd;

/** The {@link NetworkView}s of the networks the core knows: DL4J, probelab's Mlp and Bayesian CNN, ONNX models. */
final class Views {
    private Views() {}

    /** The index of each channel's centre unit in a channel-last map {@code [h, w, c]} (probelab's convolutions). */
    static int[] centreChannelLast(long[] hwc) {
        int h = (int) hwc[0], w = (int) hwc[1], c = (int) hwc[2], at = ((h - 1) / 2 * w + (w - 1) / 2) * c;
        int[] out = new int[c];
        for (int ch = 0; ch < c; ch++) out[ch] = at + ch;
        return out;
    }

    /** The same for a channel-first map {@code [c, h, w]} (DL4J, ONNX); every unit of a vector layer. */
    static int[] centreChannelFirst(long[] shape) {
        if (shape.length == 1) return all((int) shape[0]);
        if (shape.length != 3) throw new IllegalArgumentException("a receptive field needs a map [c, h, w] or a vector, the layer has shape " + java.util.Arrays.toString(shape));
        int c = (int) shape[0], h = (int) shape[1], w = (int) shape[2], at = (h - 1) / 2 * w + (w - 1) / 2;
        int[] out = new int[c];
        for (int ch = 0; ch < c; ch++) out[ch] = ch * h * w + at;
        return out;
    }

    /** Column {@code k} of some outputs, one value per row. */
    static double[] unit(float[][] outputs, int k) {
        double[] v = new double[outputs.length];
        for (int i = 0; i < v.length; i++) v[i] = outputs[i][k];
        return v;
    }

    static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    static IllegalArgumentException badLayer(String layer, List<String> names) {
        return new IllegalArgumentException("no layer '" + layer + "'; layers: " + String.join(", ", names));
    }

    /**
     * A DL4J multi-layer network of vector inputs; a convolutional one records no image size, so
     * attribution and receptive fields take its own paths ({@link Attribution#example}, the crops).
     */
    static final class Dl4j implements NetworkView {
        final MultiLayerNetwork net;
        /** Copies scoring the logits, plain and guided: made once, a copy of the network each. */
        private MultiLayerNetwork plain, guided;

        Dl4j(MultiLayerNetwork net) {
            this.net = net;
        }

        @Override
        public String describe() {
            return "a DL4J network of " + net.getnLayers() + " layers";
        }

        @Override
        public int[] inputShape() {
            if (net.getLayer(0).conf().getLayer() instanceof ConvolutionLayer) {
                throw new IllegalStateException("a DL4J convolutional network does not record its image size; give activations and attribution "
                        + "its images as an INDArray [n, c, h, w]");
            }
            return new int[] {(int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getLayer(0).conf().getLayer()).getNIn()};
        }

        private synchronized MultiLayerNetwork scorer(boolean guidedRelu) {
            if (guidedRelu) return guided != null ? guided : (guided = Attribution.scorer(net, "logit", true));
            return plain != null ? plain : (plain = Attribution.scorer(net, "logit", false));
        }

        @Override
        public List<String> layers() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < net.getnLayers(); i++) out.add(Activations.layerName(net, i));
            return out;
        }

        @Override
        public Activations activations(float[][] x, Activations.Options o) {
            return Activations.of(net, Nd.matrix(x), o.batch(), o.keep());
        }

        @Override
        public int outputs() {
            return (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getLayer(net.getnLayers() - 1).conf().getLayer()).getNOut();
        }

        @Override
        public double[] output(float[][] x, int k) {
            return unit(Nd.rows(scorer(false).output(Nd.matrix(x), false)), k);
        }

        @Override
        public float[][] inputGradients(float[][] x, int k, boolean guided) {
            INDArray g = Attribution.gradient(scorer(guided), Nd.matrix(x), k);
            return Nd.rows(g.reshape(x.length, g.length() / x.length));
        }

        @Override
        public int[] centreUnits(String layer) {
            if (!layers().contains(layer)) throw badLayer(layer, layers());
            Activations a = activations(new float[1][inputSize()], new Activations.Options(1, List.of(layer)));
            return centreChannelFirst(a.shape(layer));
        }

        @Override
        public List<String> convolutions() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < net.getnLayers(); i++) if (net.getLayer(i).conf().getLayer() instanceof ConvolutionLayer) out.add(Activations.layerName(net, i));
            return out;
        }
    }

    /** probelab's MLP (an agent's network): rows in, hidden1 … output. */
    static final class OfMlp implements NetworkView {
        final probelab.nn.Mlp net;

        OfMlp(probelab.nn.Mlp net) {
            this.net = net;
        }

        @Override
        public String describe() {
            return "an MLP " + java.util.Arrays.toString(net.sizes());
        }

        @Override
        public int[] inputShape() {
            return new int[] {net.inputSize()};
        }

        @Override
        public List<String> layers() {
            List<String> out = new ArrayList<>();
            for (int l = 0; l < net.layers(); l++) out.add(l == net.layers() - 1 ? "output" : "hidden" + (l + 1));
            return out;
        }

        @Override
        public Activations activations(float[][] x, Activations.Options o) {
            return Activations.of(net, x, o);
        }

        @Override
        public int outputs() {
            return net.outputSize();
        }

        @Override
        public double[] output(float[][] x, int k) {
            return unit(net.copy().forward(x, x.length), k);
        }

        @Override
        public float[][] inputGradients(float[][] x, int k, boolean guided) {
            if (guided) throw new IllegalArgumentException("guided backpropagation is offered for convolutional networks; for an MLP use saliency or integratedGradients");
            probelab.nn.Mlp copy = net.copy(); // its own buffers and gradients: the agent's network may be training elsewhere
            copy.forward(x, x.length);
            float[][] d = new float[x.length][net.outputSize()];
            for (float[] row : d) row[k] = 1;
            float[][] dx = copy.backwardToInput(d);
            float[][] out = new float[x.length][];
            for (int i = 0; i < x.length; i++) out[i] = dx[i].clone();
            return out;
        }

        @Override
        public int[] centreUnits(String layer) {
            int l = layers().indexOf(layer);
            if (l < 0) throw badLayer(layer, layers());
            return all(net.sizes()[l + 1]);
        }

        /** A dense network's hidden layers: a receptive field is each unit's. */
        @Override
        public List<String> convolutions() {
            return layers().subList(0, layers().size() - 1);
        }
    }

    /** The Bayesian CNN (MC dropout off): grey images of height × width. */
    static final class OfBayesianCnn implements NetworkView {
        final probelab.active.BayesianCnn net;

        OfBayesianCnn(probelab.active.BayesianCnn net) {
            this.net = net;
        }

        @Override
        public String describe() {
            return "a Bayesian CNN";
        }

        @Override
        public int[] inputShape() {
            int[] s = net.shape();
            return new int[] {1, s[0], s[1]};
        }

        @Override
        public List<String> layers() {
            return probelab.active.BayesianCnn.LAYERS;
        }

        @Override
        public Activations activations(float[][] x, Activations.Options o) {
            return Activations.of(net, x, o);
        }

        @Override
        public int outputs() {
            return net.shape()[2];
        }

        @Override
        public double[] output(float[][] x, int k) {
            return unit(net.layers(x).get("logits"), k);
        }

        @Override
        public float[][] inputGradients(float[][] x, int k, boolean guided) {
            return net.inputGradients(x, k, guided);
        }

        @Override
        public int[] centreUnits(String layer) {
            long[] s = net.layerShapes().get(layer);
            if (s == null) throw badLayer(layer, layers());
            return s.length == 3 ? centreChannelLast(s) : all((int) s[0]);
        }

        @Override
        public List<String> convolutions() {
            return List.of("conv1", "conv2");
        }
    }

    /** A model run by ONNX Runtime; its gradients come from the graph run again on plain arrays. */
    static final class Onnx implements NetworkView {
        final probelab.onnx.OnnxModel model;

        Onnx(probelab.onnx.OnnxModel model) {
            this.model = model;
        }

        @Override
        public String describe() {
            return "the ONNX model " + model.path().getFileName();
        }

        @Override
        public int[] inputShape() {
            long[] s = model.inputShape();
            int[] out = new int[s.length - 1];
            for (int i = 1; i < s.length; i++) out[i - 1] = (int) s[i];
            return out;
        }

        @Override
        public List<String> layers() {
            return model.layers().stream().map(probelab.onnx.OnnxModel.Layer::tensor).toList();
        }

        @Override
        public Activations activations(float[][] x, Activations.Options o) {
            return Activations.of(model, x, o);
        }

        @Override
        public int outputs() {
            return model.predict(new float[1][model.inputSize()])[0].length;
        }

        @Override
        public double[] output(float[][] x, int k) {
            return unit(model.predict(x), k);
        }

        @Override
        public float[][] inputGradients(float[][] x, int k, boolean guided) {
            return model.inputGradients(x, k, guided);
        }

        @Override
        public int[] centreUnits(String layer) {
            Map<String, long[]> shapes = model.run(new float[1][model.inputSize()], List.of(layer), 1).shapes();
            return centreChannelFirst(shapes.get(model.tensor(layer)) != null ? shapes.get(model.tensor(layer)) : shapes.values().iterator().next());
        }

        @Override
        public List<String> convolutions() {
            return model.layers().stream().filter(l -> l.op().equals("Conv")).map(probelab.onnx.OnnxModel.Layer::tensor).toList();
        }
    }
}
