package probelab.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model researchers bring as ONNX (from {@code torch.onnx.export}, tf2onnx, skl2onnx), run by
 * ONNX Runtime. Every tensor a node writes is a layer: {@link #layers()} lists them in graph
 * order, and {@link #run} returns any of them for a batch of inputs. ONNX Runtime hands back
 * only a graph's outputs, so the model is reloaded with the asked-for tensors added to its
 * outputs (one session per set of tensors, kept). A layer is named by its tensor
 * ({@code /conv2/Conv_output_0}) or by its module ({@code conv2}: the last tensor of the nodes
 * PyTorch exported under {@code /conv2/}).
 *
 * <p>Inference only: ONNX Runtime computes no gradients, so attribution is not offered for
 * these models.
 */
public final class OnnxModel implements AutoCloseable {
    /** One tensor a node writes: its name, the node's operator, and the module PyTorch named it under ("" if none). */
    public record Layer(String tensor, String op, String module) {
        @Override
        public String toString() {
            return tensor + " (" + op + (module.isEmpty() ? "" : ", " + module) + ")";
        }
    }

    /** Tensors for a batch of inputs: rows per tensor, and each tensor's per-input shape. */
    public record Outputs(Map<String, float[][]> rows, Map<String, long[]> shapes) {}

    private final Path path;
    private final OnnxGraph graph;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final long[] inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<List<String>, OrtSession> withOutputs = new HashMap<>();

    private OnnxModel(Path path, OnnxGraph graph, OrtSession session) throws OrtException {
        this.path = path;
        this.graph = graph;
        this.session = session;
        if (session.getNumInputs() != 1) {
            throw new IllegalArgumentException(path.getFileName() + ": probelab runs models with one input, this one has "
                    + session.getNumInputs() + ": " + session.getInputNames());
        }
        this.input = session.getInputNames().iterator().next();
        NodeInfo info = session.getInputInfo().get(input);
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(path.getFileName() + ": expected a float32 tensor input, got " + info.getInfo());
        }
        this.inputShape = t.getShape();
        for (OnnxGraph.Node n : graph.nodes) {
            for (String out : n.outputs()) {
                if (!out.isEmpty()) layers.add(new Layer(out, n.op(), module(n.name())));
            }
        }
    }

    /** Loads a model file, refusing a damaged or foreign one with the reason. */
    public static OnnxModel load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the ONNX model " + path + ": " + e.getMessage(), e);
        }
        OnnxGraph graph = OnnxGraph.parse(bytes, path.getFileName().toString());
        try (OrtSession.SessionOptions options = options()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession session = graph.externalData ? env.createSession(path.toString(), options) : env.createSession(bytes, options);
            return new OnnxModel(path, graph, session);
        } catch (OrtException e) {
            throw new IllegalArgumentException(path.getFileName() + ": ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return o;
    }

    /** The module a PyTorch-exported node belongs to: "/conv2/Conv" → "conv2", "/layer1/0/conv1/Conv" → "layer1.0.conv1". */
    static String module(String nodeName) {
        if (!nodeName.startsWith("/")) return "";
        int last = nodeName.lastIndexOf('/');
        return last <= 0 ? "" : nodeName.substring(1, last).replace('/', '.');
    }

    public Path path() {
        return path;
    }

    private OnnxGradients gradients;

    /**
     * ∂ output[k] / ∂ input of each row, exactly, through the graph run on plain arrays (ONNX
     * Runtime computes no gradients); {@code guided}: guided backpropagation at every ReLU.
     * A model with an operator outside {@link OnnxGradients#SUPPORTED} is refused, naming it.
     */
    public synchronized float[][] inputGradients(float[][] rows, int k, boolean guided) {
        if (graph.externalData) throw new IllegalArgumentException(path.getFileName() + ": attribution reads the weights from the model file; these lie in an external file");
        int[] shape = new int[inputShape.length - 1];
        for (int d = 1; d < inputShape.length; d++) {
            if (inputShape[d] <= 0) throw new IllegalArgumentException(path.getFileName() + ": attribution needs a fixed input shape after the batch, got " + Arrays.toString(inputShape));
            shape[d - 1] = (int) inputShape[d];
        }
        for (float[] r : rows) {
            if (r.length != inputSize()) throw new IllegalArgumentException("expected inputs of " + inputSize() + " values " + Arrays.toString(shape) + ", got " + r.length);
        }
        if (gradients == null) gradients = new OnnxGradients(graph.bytes(), input, graph.outputs.get(0), path.getFileName().toString());
        return gradients.inputGradients(rows, shape, k, guided);
    }

    /** The first output computed on plain arrays, as {@link #inputGradients} sees the model (tests compare it with ONNX Runtime's). */
    synchronized float[] plainForward(float[] row) {
        if (gradients == null) gradients = new OnnxGradients(graph.bytes(), input, graph.outputs.get(0), path.getFileName().toString());
        int[] shape = new int[inputShape.length - 1];
        for (int d = 1; d < inputShape.length; d++) shape[d - 1] = (int) inputShape[d];
        return gradients.forward(row, shape);
    }

    /** Every tensor the graph's nodes write, in graph order. */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    /** The input's name and its shape (-1 where the exporter left the size open, as the batch). */
    public String inputName() {
        return input;
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    /** Values per input: the product of the input's dimensions after the batch. */
    public int inputSize() {
        long s = 1;
        for (int d = 1; d < inputShape.length; d++) {
            if (inputShape[d] < 0) throw new IllegalArgumentException(path.getFileName() + ": the input's dimension " + d
                    + " is not fixed (" + Arrays.toString(inputShape) + "); export the model with only the batch dynamic");
            s *= inputShape[d];
        }
        return Math.toIntExact(s);
    }

    /** The model's own outputs' names. */
    public List<String> outputNames() {
        return List.copyOf(graph.outputs);
    }

    /** Resolves a layer by tensor name, else by module (the module's last tensor). */
    public String tensor(String layer) {
        for (Layer l : layers) if (l.tensor().equals(layer)) return layer;
        String found = null;
        for (Layer l : layers) if (l.module().equals(layer)) found = l.tensor();
        if (found != null) return found;
        List<String> modules = layers.stream().map(Layer::module).filter(m -> !m.isEmpty()).distinct().toList();
        throw new IllegalArgumentException("no layer '" + layer + "' in " + path.getFileName() + "; tensors: "
                + String.join(", ", layers.stream().map(Layer::tensor).limit(30).toList()) + (layers.size() > 30 ? ", …" : "")
                + (modules.isEmpty() ? "" : "; modules: " + String.join(", ", modules.stream().limit(30).toList())));
    }

    /**
     * The named layers' values for {@code rows} (each the input's values for one example, C
     * order), {@code batch} rows per run. Keys are the names as asked for; layers empty: every
     * layer. Ctrl-C stops between batches.
     */
    public Outputs run(float[][] rows, List<String> names, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        List<String> asked = names.isEmpty() ? layers.stream().map(Layer::tensor).toList() : List.copyOf(names);
        Map<String, String> tensorOf = new LinkedHashMap<>();
        for (String a : asked) tensorOf.put(a, tensor(a));
        List<String> tensors = tensorOf.values().stream().distinct().toList();
        int size = inputSize(), n = rows.length;
        for (int i = 0; i < n; i++) {
            if (rows[i].length != size) {
                throw new IllegalArgumentException(path.getFileName() + ": input " + i + " has " + rows[i].length + " values; the model takes "
                        + size + " (" + input + " " + Arrays.toString(inputShape) + ")");
            }
        }
        OrtSession s = sessionFor(tensors);
        Map<String, float[][]> out = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String t : tensors) out.put(t, new float[n][]);
        long[] shape = inputShape.clone();
        for (int from = 0; from < n; from += batch) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while running " + path.getFileName());
            int m = Math.min(batch, n - from);
            FloatBuffer buf = FloatBuffer.allocate(m * size);
            for (int i = 0; i < m; i++) buf.put(rows[from + i]);
            buf.flip();
            shape[0] = m;
            try (OnnxTensor x = OnnxTensor.createTensor(env, buf, shape);
                 OrtSession.Result result = s.run(Map.of(input, x), new java.util.LinkedHashSet<>(tensors))) {
                for (String t : tensors) {
                    OnnxValue v = result.get(t).orElseThrow();
                    if (!(v instanceof OnnxTensor tensor) || tensor.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
                        throw new IllegalArgumentException("layer '" + t + "' is not a float tensor (" + v.getInfo() + ")");
                    }
                    long[] ts = tensor.getInfo().getShape();
                    if (ts.length == 0 || ts[0] != m) {
                        throw new IllegalArgumentException("layer '" + t + "' has shape " + Arrays.toString(ts) + ", not one row per input");
                    }
                    shapes.putIfAbsent(t, Arrays.copyOfRange(ts, 1, ts.length));
                    FloatBuffer fb = tensor.getFloatBuffer();
                    int width = fb.remaining() / m;
                    float[][] dst = out.get(t);
                    for (int i = 0; i < m; i++) {
                        dst[from + i] = new float[width];
                        fb.get(dst[from + i]);
                    }
                }
            } catch (OrtException e) {
                throw new IllegalStateException(path.getFileName() + ": ONNX Runtime failed: " + e.getMessage(), e);
            }
        }
        Map<String, float[][]> byName = new LinkedHashMap<>();
        Map<String, long[]> shapeByName = new LinkedHashMap<>();
        tensorOf.forEach((a, t) -> {
            byName.put(a, out.get(t));
            shapeByName.put(a, shapes.getOrDefault(t, new long[0]));
        });
        return new Outputs(byName, shapeByName);
    }

    /** The model's first output for {@code rows} (logits or probabilities, as exported). */
    public float[][] predict(float[][] rows) {
        return run(rows, List.of(graph.outputs.get(0)), 256).rows().values().iterator().next();
    }

    private OrtSession sessionFor(List<String> tensors) {
        List<String> extra = tensors.stream().filter(t -> !graph.outputs.contains(t)).sorted().toList();
        if (extra.isEmpty()) return session;
        return withOutputs.computeIfAbsent(extra, e -> {
            if (graph.externalData) {
                throw new IllegalArgumentException(path.getFileName() + " keeps its weights in external files; intermediate layers need them "
                        + "inside the model (torch.onnx.export without external data)");
            }
            try (OrtSession.SessionOptions options = options()) {
                return env.createSession(graph.withOutputs(e), options);
            } catch (OrtException ex) {
                throw new IllegalStateException(path.getFileName() + ": ONNX Runtime refused the model with outputs " + e + ": " + ex.getMessage(), ex);
            }
        });
    }

    @Override
    public void close() {
        try {
            for (OrtSession s : withOutputs.values()) s.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ONNX model %s: input %s %s, %d layers, outputs %s", path.getFileName(), input,
                Arrays.toString(inputShape), layers.size(), graph.outputs);
    }
}
