package probelab.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What probelab reads of an ONNX model's protobuf, and the one edit it makes: the graph's nodes
 * (name, operator, inputs, outputs), inputs, outputs and initializers; and a copy of the model
 * whose graph lists more outputs, so that ONNX Runtime hands back intermediate tensors. Only the
 * fields named in onnx.proto are read; every length is checked against the bytes left, so a
 * damaged file is refused where it breaks.
 */
final class OnnxGraph {
    /** One node: its name (may be empty), operator, and the tensors it reads and writes. */
    record Node(String name, String op, List<String> inputs, List<String> outputs) {}

    // field numbers of onnx.proto
    private static final int MODEL_GRAPH = 7, GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP = 4, VALUE_NAME = 1, TENSOR_NAME = 8;
    private static final int TENSOR_DATA_LOCATION = 14;

    final List<Node> nodes = new ArrayList<>();
    final List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    final Set<String> initializers = new LinkedHashSet<>();
    /** Whether any weight lives in an external file (loaded by path only). */
    boolean externalData;
    private final byte[] model;
    private int graphKeyAt = -1, graphAt, graphEnd;

    private OnnxGraph(byte[] model) {
        this.model = model;
    }

    /** The serialized model. */
    byte[] bytes() {
        return model;
    }

    /** Reads the graph of a serialized ModelProto; {@code what} names the file in errors. */
    static OnnxGraph parse(byte[] model, String what) {
        OnnxGraph g = new OnnxGraph(model);
        Reader r = new Reader(model, 0, model.length, what);
        while (r.more()) {
            int keyAt = r.pos;
            r.next();
            if (r.field == MODEL_GRAPH && r.wire == 2) {
                Reader graph = r.message();
                g.graphKeyAt = keyAt;
                g.graphAt = graph.pos;
                g.graphEnd = graph.end;
                g.readGraph(graph);
            } else {
                r.skip();
            }
        }
        if (g.graphKeyAt < 0) throw new IllegalArgumentException(what + ": not an ONNX model (no graph found)");
        if (g.nodes.isEmpty()) throw new IllegalArgumentException(what + ": the ONNX graph has no nodes");
        return g;
    }

    private void readGraph(Reader r) {
        while (r.more()) {
            r.next();
            if (r.wire != 2) {
                r.skip();
                continue;
            }
            switch (r.field) {
                case GRAPH_NODE -> nodes.add(readNode(r.message()));
                case GRAPH_INPUT -> inputs.add(readName(r.message()));
                case GRAPH_OUTPUT -> outputs.add(readName(r.message()));
                case GRAPH_INITIALIZER -> readInitializer(r.message());
                default -> r.skip();
            }
        }
    }

    private static Node readNode(Reader r) {
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        String name = "", op = "";
        while (r.more()) {
            r.next();
            switch (r.wire == 2 ? r.field : -1) {
                case NODE_INPUT -> in.add(r.string());
                case NODE_OUTPUT -> out.add(r.string());
                case NODE_NAME -> name = r.string();
                case NODE_OP -> op = r.string();
                default -> r.skip();
            }
        }
        return new Node(name, op, List.copyOf(in), List.copyOf(out));
    }

    /** A ValueInfoProto's name. */
    private static String readName(Reader r) {
        String name = "";
        while (r.more()) {
            r.next();
            if (r.field == VALUE_NAME && r.wire == 2) name = r.string();
            else r.skip();
        }
        return name;
    }

    /** A TensorProto's name, and whether its data lies in an external file. */
    private void readInitializer(Reader r) {
        while (r.more()) {
            r.next();
            if (r.field == TENSOR_NAME && r.wire == 2) initializers.add(r.string());
            else if (r.field == TENSOR_DATA_LOCATION && r.wire == 0) externalData |= r.varint() == 1;
            else r.skip();
        }
    }

    /** The model with {@code extra} appended to its graph's outputs (their types left to ONNX Runtime's inference). */
    byte[] withOutputs(List<String> extra) {
        ByteArrayOutputStream graph = new ByteArrayOutputStream(graphEnd - graphAt + 64 * extra.size());
        graph.write(model, graphAt, graphEnd - graphAt);
        for (String name : extra) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream value = new ByteArrayOutputStream(n.length + 8);
            key(value, VALUE_NAME);
            varint(value, n.length);
            value.write(n, 0, n.length);
            key(graph, GRAPH_OUTPUT);
            varint(graph, value.size());
            graph.write(value.toByteArray(), 0, value.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length + graph.size() - (graphEnd - graphAt) + 8);
        out.write(model, 0, graphKeyAt);
        key(out, MODEL_GRAPH);
        varint(out, graph.size());
        out.write(graph.toByteArray(), 0, graph.size());
        out.write(model, graphEnd, model.length - graphEnd);
        return out.toByteArray();
    }

    private static void key(ByteArrayOutputStream out, int field) {
        varint(out, (long) field << 3 | 2);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A bounded cursor over protobuf bytes. */
    static final class Reader {
        final byte[] bytes;
        final int end;
        final String what;
        int pos;
        /** The field number and wire type of the key {@link #next} read. */
        int field, wire;

        Reader(byte[] bytes, int from, int end, String what) {
            this.bytes = bytes;
            this.pos = from;
            this.end = end;
            this.what = what;
        }

        boolean more() {
            return pos < end;
        }

        /** Reads the next field's key. */
        void next() {
            long key = varint();
            field = (int) (key >>> 3);
            wire = (int) (key & 7);
        }

        /** The length-delimited field just keyed, as a cursor of its own; this one moves past it. */
        Reader message() {
            int len = length();
            Reader sub = new Reader(bytes, pos, pos + len, what);
            pos += len;
            return sub;
        }

        /** Skips the field just keyed. */
        void skip() {
            skip(wire);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw damaged("a number runs past the end of its message");
                byte b = bytes[pos++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            throw damaged("a number longer than 10 bytes");
        }

        int length() {
            long len = varint();
            if (len < 0 || len > end - pos) throw damaged("a field of " + len + " bytes where " + (end - pos) + " are left");
            return (int) len;
        }

        /** A fixed 32-bit field as a float. */
        float fixed32() {
            advance(4);
            return Float.intBitsToFloat((bytes[pos - 4] & 0xff) | (bytes[pos - 3] & 0xff) << 8 | (bytes[pos - 2] & 0xff) << 16 | (bytes[pos - 1] & 0xff) << 24);
        }

        /** The length-delimited field just keyed, as bytes. */
        byte[] bytes() {
            int len = length();
            byte[] b = java.util.Arrays.copyOfRange(bytes, pos, pos + len);
            pos += len;
            return b;
        }

        String string() {
            int len = length();
            String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw damaged("wire type " + wire + " at byte " + pos);
            }
        }

        void advance(int n) {
            if (n > end - pos) throw damaged("a field of " + n + " bytes where " + (end - pos) + " are left");
            pos += n;
        }

        IllegalArgumentException damaged(String why) {
            return new IllegalArgumentException(what + ": not a whole ONNX model (" + why + "); the file may be truncated or not ONNX");
        }
    }
}
