package probelab.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact input gradients of an ONNX model, which ONNX Runtime does not compute: the graph is
 * run a second time here, on plain arrays, one image at a time, with the backward pass of each
 * operator. The operators are those small vision and dense models are exported with: Conv (any
 * stride, padding, dilation and groups), Relu, LeakyRelu, Sigmoid, Tanh, MaxPool,
 * AveragePool, GlobalAveragePool, BatchNormalization (inference), Gemm, MatMul, Add, Sub, Mul
 * (by a constant), Flatten, Reshape, Identity, Dropout (inference), Softmax, Constant, Pad
 * (constant), Concat, and the shape arithmetic PyTorch exports for {@code x.view(x.size(0), -1)}
 * (Shape, Gather, Unsqueeze). A
 * model with any other operator is refused by name when gradients are first asked for; nothing
 * is approximated.
 */
final class OnnxGradients {
    static final List<String> SUPPORTED = List.of("Conv", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "MaxPool", "AveragePool", "GlobalAveragePool",
            "BatchNormalization", "Gemm", "MatMul", "Add", "Sub", "Mul", "Flatten", "Reshape", "Identity", "Dropout", "Softmax", "Constant",
            "Pad", "Concat", "Shape", "Gather", "Unsqueeze");

    /** A tensor of one image: its shape (batch 1 first) and values, row-major. */
    record T(int[] shape, float[] v) {
        int size() {
            return v.length;
        }
    }

    /** One node with what its operator needs. */
    record Op(String name, String type, List<String> in, String out, Map<String, Attr> attrs) {
        String s(String key, String otherwise) {
            Attr a = attrs.get(key);
            return a == null || a.s() == null ? otherwise : a.s();
        }

        long[] ints(String key, long... otherwise) {
            Attr a = attrs.get(key);
            return a == null || a.ints() == null ? otherwise : a.ints();
        }

        long i(String key, long otherwise) {
            Attr a = attrs.get(key);
            return a == null ? otherwise : a.i();
        }

        float f(String key, float otherwise) {
            Attr a = attrs.get(key);
            return a == null ? otherwise : a.f();
        }
    }

    record Attr(long i, float f, long[] ints, T tensor, String s) {}

    private final List<Op> ops = new ArrayList<>();
    private final Map<String, T> constants = new HashMap<>();
    private final String input, output;
    private final String what;

    OnnxGradients(byte[] model, String input, String output, String what) {
        this.input = input;
        this.output = output;
        this.what = what;
        OnnxGraph.Reader r = new OnnxGraph.Reader(model, 0, model.length, what);
        while (r.more()) {
            r.next();
            if (r.field == 7 && r.wire == 2) readGraph(r.message());
            else r.skip();
        }
        List<String> unsupported = ops.stream().map(Op::type).filter(t -> !SUPPORTED.contains(t)).distinct().toList();
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException(what + ": attribution computes exact gradients through " + String.join(", ", SUPPORTED)
                    + "; this model also has " + String.join(", ", unsupported) + ", so it gives activations, predictions and receptive fields only");
        }
        for (Op op : ops) if (op.type().equals("Constant")) constants.put(op.out(), op.attrs().get("value").tensor());
        for (Op op : ops) {
            if (List.of("Conv", "Gemm", "MatMul", "BatchNormalization").contains(op.type())) {
                for (String w : op.in().subList(1, op.in().size())) {
                    if (!w.isEmpty() && !constants.containsKey(w)) {
                        throw new IllegalArgumentException(what + ": attribution needs " + op.type() + " " + op.name() + "'s weights and shapes to be constants, but "
                                + w + " is computed; this model gives activations, predictions and receptive fields only");
                    }
                }
            }
        }
    }

    private void readGraph(OnnxGraph.Reader r) {
        while (r.more()) {
            r.next();
            if (r.wire != 2) {
                r.skip();
            } else if (r.field == 1) {
                ops.add(readNode(r.message()));
            } else if (r.field == 5) {
                String[] name = new String[1];
                T t = readTensor(r.message(), name);
                constants.put(name[0], t);
            } else {
                r.skip();
            }
        }
    }

    private Op readNode(OnnxGraph.Reader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String name = "", op = "";
        Map<String, Attr> attrs = new HashMap<>();
        while (r.more()) {
            r.next();
            switch (r.wire == 2 ? r.field : -1) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> readAttribute(r.message(), attrs);
                default -> r.skip();
            }
        }
        return new Op(name, op, in, out.isEmpty() ? "" : out.get(0), attrs);
    }

    private void readAttribute(OnnxGraph.Reader r, Map<String, Attr> attrs) {
        String name = "";
        long i = 0;
        float f = 0;
        List<Long> ints = null;
        T t = null;
        String str = null;
        while (r.more()) {
            r.next();
            if (r.field == 1 && r.wire == 2) name = r.string();
            else if (r.field == 2 && r.wire == 5) f = r.fixed32();
            else if (r.field == 3 && r.wire == 0) i = r.varint();
            else if (r.field == 5 && r.wire == 2) t = readTensor(r.message(), new String[1]);
            else if (r.field == 4 && r.wire == 2) str = r.string();
            else if (r.field == 8) {
                if (ints == null) ints = new ArrayList<>();
                if (r.wire == 2) {
                    OnnxGraph.Reader p = r.message();
                    while (p.more()) ints.add(p.varint());
                } else {
                    ints.add(r.varint());
                }
            } else r.skip();
        }
        attrs.put(name, new Attr(i, f, ints == null ? null : ints.stream().mapToLong(Long::longValue).toArray(), t, str));
    }

    /** A TensorProto of floats or integers (integers are kept as floats: shapes and axes). */
    private T readTensor(OnnxGraph.Reader r, String[] name) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        byte[] raw = null;
        List<Float> floats = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        while (r.more()) {
            r.next();
            switch (r.field) {
                case 1 -> {
                    if (r.wire == 2) {
                        OnnxGraph.Reader p = r.message();
                        while (p.more()) dims.add(p.varint());
                    } else dims.add(r.varint());
                }
                case 2 -> type = (int) r.varint();
                case 4 -> {
                    if (r.wire == 2) {
                        OnnxGraph.Reader p = r.message();
                        while (p.more()) floats.add(p.fixed32());
                    } else floats.add(r.fixed32());
                }
                case 7 -> {
                    if (r.wire == 2) {
                        OnnxGraph.Reader p = r.message();
                        while (p.more()) longs.add(p.varint());
                    } else longs.add(r.varint());
                }
                case 8 -> name[0] = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> {
                    if (r.varint() == 1) throw new IllegalArgumentException(what + ": attribution reads the weights from the model file; these lie in an external file");
                }
                default -> r.skip();
            }
        }
        int n = 1;
        int[] shape = new int[dims.size()];
        for (int k = 0; k < shape.length; k++) n *= shape[k] = Math.toIntExact(dims.get(k));
        float[] v = new float[n];
        if (raw != null) {
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int width = type == 1 ? 4 : type == 7 ? 8 : type == 6 ? 4 : -1;
            if (width < 0) throw new IllegalArgumentException(what + ": attribution reads float32 and int32/int64 tensors, " + name[0] + " has data type " + type);
            if (raw.length != (long) n * width) throw new IllegalArgumentException(what + ": tensor " + name[0] + " holds " + raw.length + " bytes for " + n + " values");
            for (int k = 0; k < n; k++) v[k] = type == 1 ? b.getFloat() : type == 7 ? b.getLong() : b.getInt();
        } else if (!floats.isEmpty()) {
            for (int k = 0; k < n; k++) v[k] = floats.get(k);
        } else if (!longs.isEmpty()) {
            for (int k = 0; k < n; k++) v[k] = longs.get(k);
        }
        return new T(shape, v);
    }

    /** ∂ output[k] / ∂ input of each image, {@code inputShape} without the batch; {@code guided}: guided backprop at every ReLU. */
    float[][] inputGradients(float[][] x, int[] inputShape, int k, boolean guided) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = gradient(new T(shape, x[i]), k, guided);
        return out;
    }

    /** The output of each image (tests check the forward pass against ONNX Runtime). */
    float[] forward(float[] x, int[] inputShape) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return run(new T(shape, x)).get(output).v();
    }

    private Map<String, T> run(T x) {
        Map<String, T> values = new HashMap<>(constants);
        values.put(input, x);
        for (Op op : ops) if (!op.type().equals("Constant")) values.put(op.out(), Kernels.forward(op, values, what));
        return values;
    }

    private float[] gradient(T x, int k, boolean guided) {
        Map<String, T> values = run(x);
        T y = values.get(output);
        if (k < 0 || k >= y.size()) throw new IllegalArgumentException("output unit must be in 0.." + (y.size() - 1) + ", got " + k);
        Map<String, float[]> grads = new HashMap<>();
        float[] dy = new float[y.size()];
        dy[k] = 1;
        grads.put(output, dy);
        for (int n = ops.size() - 1; n >= 0; n--) {
            Op op = ops.get(n);
            float[] g = grads.remove(op.out());
            if (g == null || op.type().equals("Constant")) continue;
            if (op.type().equals("Shape") || op.type().equals("Gather")) {
                throw new IllegalArgumentException(what + ": " + op.type() + " " + op.name() + " lies on the path to the output; attribution follows it only through shapes");
            }
            Kernels.backward(op, values, g, guided, (name, d) -> {
                if (constants.containsKey(name)) return; // weights: not needed
                float[] have = grads.get(name);
                if (have == null) grads.put(name, d);
                else for (int j = 0; j < d.length; j++) have[j] += d[j];
            });
        }
        float[] dx = grads.get(input);
        return dx == null ? new float[x.size()] : dx;
    }

    @Override
    public String toString() {
        return "OnnxGradients(" + ops.size() + " nodes)";
    }

    static String shape(int[] s) {
        return Arrays.toString(s);
    }
}
