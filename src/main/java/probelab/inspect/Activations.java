package probelab.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import probelab.util.Nd;

/**
 * Every layer's activations for a set of inputs, by layer name: one row per input, the layer's
 * output flattened (its per-example shape kept in {@link #shape}). Inputs go through the
 * network in batches, so memory holds one batch of every layer plus the rows kept; pick
 * {@code layers} to keep only some.
 */
public final class Activations {
    private final Map<String, float[][]> rows = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** The layer names, input side first. */
    public List<String> names() {
        return new ArrayList<>(rows.keySet());
    }

    /** A layer's rows, {@code [n][features]}; {@code acts['dense']} in Groovy. */
    public float[][] getAt(String layer) {
        float[][] r = rows.get(layer);
        if (r == null) throw new IllegalArgumentException("no layer '" + layer + "'; layers: " + String.join(", ", rows.keySet()));
        return r;
    }

    public float[][] get(String layer) {
        return getAt(layer);
    }

    /** A layer's per-example shape (channels, height, width for a convolution). */
    public long[] shape(String layer) {
        getAt(layer);
        return shapes.get(layer).clone();
    }

    /** The layer's rows as [n, ...shape] for convolution maps. */
    public INDArray array(String layer) {
        float[][] r = getAt(layer);
        long[] s = shapes.get(layer);
        long[] full = new long[s.length + 1];
        full[0] = r.length;
        System.arraycopy(s, 0, full, 1, s.length);
        return Nd.matrix(r).reshape(full);
    }

    /** Name of layer i of a multi-layer network: its own name, else index and kind (2_dense). */
    public static String layerName(MultiLayerNetwork net, int i) {
        Layer conf = net.getLayer(i).conf().getLayer();
        String own = conf.getLayerName();
        if (own != null && !own.isEmpty() && !own.matches("layer\\d+")) return own;
        String kind = conf.getClass().getSimpleName().replace("Layer", "").toLowerCase(Locale.ROOT);
        kind = switch (kind) {
            case "convolution" -> "conv";
            case "subsampling" -> "pool";
            case "" -> "layer";
            default -> kind;
        };
        return i + "_" + kind;
    }

    /** Records a multi-layer network's layers for {@code input} ([n, ...]), {@code batch} rows at a time. */
    /** Options of {@link #of(Object, Object, Options)}. */
    public record Options(@probelab.util.Doc("inputs per forward pass") int batch,
                          @probelab.util.Doc("layers to keep (empty: all)") java.util.List<?> layers) {
        public static final Options DEFAULTS = new Options(256, java.util.List.of());

        public Options {
            probelab.util.Check.atLeast("batch", batch, 1);
            layers = java.util.List.copyOf(layers);
        }

        /** The layer names to keep, or null for all. */
        Set<String> keep() {
            return layers.isEmpty() ? null : new java.util.LinkedHashSet<>(layers.stream().map(String::valueOf).toList());
        }
    }

    /**
     * Every layer's activations of a DL4J network (MultiLayerNetwork or ComputationGraph) for
     * inputs given as a dataset, an INDArray or rows.
     */
    public static Activations of(Object net, Object inputs, Options o) {
        if (net instanceof probelab.onnx.OnnxModel m) return of(m, inputs, o);
        if (net instanceof NetworkView.Viewable || net instanceof NetworkView) {
            return NetworkView.of(net).activations(inputs instanceof probelab.data.ImageDataset ds ? ds.rows() : probelab.data.Features.rows(inputs, "activations"), o);
        }
        if (net instanceof probelab.nn.Mlp m) return of(m, probelab.data.Features.rows(inputs, "activations"), o);
        if (net instanceof probelab.active.BayesianCnn c) return of(c, inputs instanceof probelab.data.ImageDataset ds ? ds.rows()
                : probelab.data.Features.rows(inputs, "activations"), o);
        Set<String> keep = o.keep();
        INDArray x = inputs instanceof probelab.data.ImageDataset ds ? ds.images() : inputs instanceof INDArray a ? a
                : probelab.util.Nd.matrix(probelab.data.Features.rows(inputs, "activations"));
        if (net instanceof MultiLayerNetwork m) return of(m, x, o.batch(), keep);
        if (net instanceof ComputationGraph g) return of(g, x, o.batch(), keep);
        throw new IllegalArgumentException("activations: expected a DL4J MultiLayerNetwork or ComputationGraph, an ONNX model (onnx('m.onnx')) "
                + "or a probelab Mlp (agent.network) or BayesianCnn, got "
                + (net == null ? "null" : net.getClass().getSimpleName()));
    }

    /**
     * The named tensors of an ONNX model (every node's output when {@code layers} is empty) for
     * inputs given as a dataset, an INDArray or rows, each input flattened in C order.
     */
    public static Activations of(probelab.onnx.OnnxModel model, Object inputs, Options o) {
        float[][] x = inputs instanceof probelab.data.ImageDataset ds ? ds.rows()
                : inputs instanceof INDArray a ? Nd.rows(a.rank() == 2 ? a : a.reshape(a.size(0), a.length() / a.size(0)))
                : probelab.data.Features.rows(inputs, "activations");
        probelab.onnx.OnnxModel.Outputs out = model.run(x, o.layers().stream().map(String::valueOf).toList(), o.batch());
        Activations a = new Activations();
        out.rows().forEach((name, r) -> {
            a.rows.put(name, r);
            a.shapes.put(name, out.shapes().get(name));
        });
        return a;
    }

    /** The Bayesian CNN's layers without dropout: conv1, pool1, conv2, pool2 (channel-last maps), fc1, logits. */
    public static Activations of(probelab.active.BayesianCnn net, float[][] x, Options o) {
        Set<String> keep = o.keep();
        if (keep != null) checkKeep(keep, probelab.active.BayesianCnn.LAYERS);
        Activations a = new Activations();
        Map<String, long[]> shapes = net.layerShapes();
        net.layers(x).forEach((name, rows) -> {
            if (keep != null && !keep.contains(name)) return;
            a.rows.put(name, rows);
            a.shapes.put(name, shapes.get(name));
        });
        return a;
    }

    /** A probelab MLP's layers, named as a rollout names them: hidden1, hidden2, …, output. */
    public static Activations of(probelab.nn.Mlp net, float[][] x, Options o) {
        int layers = net.layers();
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) names.add(l == layers - 1 ? "output" : "hidden" + (l + 1));
        Set<String> keep = o.keep();
        if (keep != null) checkKeep(keep, names);
        if (x.length > 0 && x[0].length != net.inputSize()) {
            throw new IllegalArgumentException("activations: the network takes " + net.inputSize() + " inputs, rows have " + x[0].length);
        }
        Activations a = new Activations();
        probelab.nn.Mlp copy = net.copy(); // its own buffers: the agent's network may be training elsewhere
        for (int l = 0; l < layers; l++) {
            if (keep != null && !keep.contains(names.get(l))) continue;
            a.rows.put(names.get(l), new float[x.length][]);
            a.shapes.put(names.get(l), new long[] {net.sizes()[l + 1]});
        }
        for (int from = 0; from < x.length; from += o.batch()) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while recording activations");
            int m = Math.min(o.batch(), x.length - from);
            copy.forward(Arrays.copyOfRange(x, from, from + m), m);
            List<float[][]> acts = copy.lastActivations();
            for (int l = 0; l < layers; l++) {
                float[][] dst = a.rows.get(names.get(l));
                if (dst != null) System.arraycopy(acts.get(l), 0, dst, from, m);
            }
        }
        return a;
    }

    public static Activations of(MultiLayerNetwork net, INDArray input, int batch, Set<String> keep) {
        Activations a = new Activations();
        int layers = net.getnLayers();
        String[] names = new String[layers];
        for (int i = 0; i < layers; i++) names[i] = layerName(net, i);
        if (keep != null) checkKeep(keep, Arrays.asList(names));
        long n = input.size(0);
        for (long from = 0; from < n; from += batch) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while recording activations");
            long to = Math.min(n, from + batch);
            INDArray x = slice(input, from, to);
            List<INDArray> acts = net.feedForward(x, false);
            for (int i = 0; i < layers; i++) {
                if (keep != null && !keep.contains(names[i])) continue;
                a.put(names[i], acts.get(i + 1), (int) n, (int) from);
            }
        }
        return a;
    }

    /** Records every vertex of a computation graph (single input). */
    public static Activations of(ComputationGraph graph, INDArray input, int batch, Set<String> keep) {
        Activations a = new Activations();
        long n = input.size(0);
        String inputName = graph.getConfiguration().getNetworkInputs().get(0);
        for (long from = 0; from < n; from += batch) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while recording activations");
            long to = Math.min(n, from + batch);
            Map<String, INDArray> acts = graph.feedForward(slice(input, from, to), false);
            if (from == 0 && keep != null) checkKeep(keep, new ArrayList<>(acts.keySet()));
            for (Map.Entry<String, INDArray> e : acts.entrySet()) {
                if (e.getKey().equals(inputName) || (keep != null && !keep.contains(e.getKey()))) continue;
                a.put(e.getKey(), e.getValue(), (int) n, (int) from);
            }
        }
        return a;
    }

    private static void checkKeep(Set<String> keep, List<String> names) {
        for (String k : keep) {
            if (!names.contains(k)) throw new IllegalArgumentException("no layer '" + k + "'; layers: " + String.join(", ", names));
        }
    }

    private static INDArray slice(INDArray input, long from, long to) {
        INDArray[] idx = new INDArray[0];
        org.nd4j.linalg.indexing.INDArrayIndex[] ix = new org.nd4j.linalg.indexing.INDArrayIndex[input.rank()];
        ix[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < ix.length; d++) ix[d] = NDArrayIndex.all();
        return input.get(ix).dup('c');
    }

    /** Activations recorded by a network's own code: rows and per-example shapes by layer, input side first. */
    public static Activations of(Map<String, float[][]> rows, Map<String, long[]> shapes) {
        Activations a = new Activations();
        rows.forEach((name, r) -> {
            a.rows.put(name, r);
            a.shapes.put(name, shapes.getOrDefault(name, new long[] {r.length == 0 ? 0 : r[0].length}).clone());
        });
        return a;
    }

    /** Adds a layer recorded elsewhere (an agent's own network during a rollout). */
    void putRows(String name, float[][] layerRows) {
        rows.put(name, layerRows);
        shapes.put(name, new long[] {layerRows.length == 0 ? 0 : layerRows[0].length});
    }

    private void put(String name, INDArray act, int n, int from) {
        int m = (int) act.size(0);
        long[] s = Arrays.copyOfRange(act.shape(), 1, act.rank());
        int width = (int) (act.length() / m);
        float[][] r = rows.computeIfAbsent(name, k -> new float[n][]);
        shapes.putIfAbsent(name, s);
        float[] flat = Nd.floats(act);
        for (int i = 0; i < m; i++) r[from + i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("activations of " + (rows.isEmpty() ? 0 : rows.values().iterator().next().length) + " inputs:");
        for (String k : rows.keySet()) sb.append("\n  ").append(k).append(' ').append(Arrays.toString(shapes.get(k)));
        return sb.toString();
    }
}
