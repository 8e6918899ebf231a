package probelab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MLP's weights under the names PyTorch gives the same network built as
 * {@code nn.Sequential(Linear, [LayerNorm,] activation, …, Linear[, activation])}: "0.weight"
 * {@code [out, in]}, "0.bias", "1.weight" (a LayerNorm's gain) and so on, every module counted,
 * so that {@code model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()})}
 * takes them. {@link #load} reads such a map back into a network of the same shape.
 */
public final class TorchWeights {
    private TorchWeights() {}

    /** One parameter tensor: its PyTorch name, and where it lives among the network's arrays. */
    private record Slot(String name, int layer, String kind) {}

    private static List<Slot> slots(Mlp net) {
        List<Slot> out = new ArrayList<>();
        int module = 0;
        for (int l = 0; l < net.layers(); l++) {
            out.add(new Slot(module + ".weight", l, "weight"));
            out.add(new Slot(module + ".bias", l, "bias"));
            module++;
            if (net.normed(l)) {
                out.add(new Slot(module + ".weight", l, "gain"));
                out.add(new Slot(module + ".bias", l, "shift"));
                module++;
            }
            boolean last = l == net.layers() - 1;
            if (!last || net.outputActivation() != Activation.LINEAR) module++; // the activation module has no parameters
        }
        return out;
    }

    /** The live arrays of layer l: its weight rows ({@code [in][out]}), bias, and LayerNorm's gain and shift where it has them. */
    private static List<float[]> arraysOf(Mlp net, int l) {
        List<float[]> all = net.parameters();
        int at = 0;
        for (int k = 0; k < l; k++) at += net.sizes()[k] + 1 + (net.normed(k) ? 2 : 0);
        return all.subList(at, at + net.sizes()[l] + 1 + (net.normed(l) ? 2 : 0));
    }

    /** Name → array: weights as {@code float[out][in]}, the rest as {@code float[]}, in the module order. */
    public static Map<String, Object> of(Mlp net) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Slot s : slots(net)) {
            List<float[]> a = arraysOf(net, s.layer());
            int in = net.sizes()[s.layer()], units = net.sizes()[s.layer() + 1];
            switch (s.kind()) {
                case "weight" -> {
                    float[][] wt = new float[units][in];
                    for (int i = 0; i < in; i++) for (int o = 0; o < units; o++) wt[o][i] = a.get(i)[o];
                    out.put(s.name(), wt);
                }
                case "bias" -> out.put(s.name(), a.get(in).clone());
                case "gain" -> out.put(s.name(), a.get(in + 1).clone());
                default -> out.put(s.name(), a.get(in + 2).clone());
            }
        }
        return out;
    }

    /**
     * Sets the network's weights from PyTorch's names (an {@code .npz} of a state_dict, read with
     * {@code read}); every name the network needs must be there, with its shape.
     */
    public static void load(Mlp net, Map<String, ?> arrays) {
        List<Slot> slots = slots(net);
        for (Slot s : slots) {
            if (!arrays.containsKey(s.name())) {
                throw new IllegalArgumentException("no '" + s.name() + "' among " + arrays.keySet() + "; the network " + net + " needs "
                        + slots.stream().map(Slot::name).toList());
            }
        }
        for (Slot s : slots) {
            List<float[]> a = arraysOf(net, s.layer());
            int in = net.sizes()[s.layer()], units = net.sizes()[s.layer() + 1];
            Object given = arrays.get(s.name());
            if (s.kind().equals("weight")) {
                float[][] rows = probelab.data.Features.rowsAsGiven(given, s.name());
                if (rows.length != units || rows[0].length != in) {
                    throw new IllegalArgumentException("'" + s.name() + "' is " + rows.length + "×" + rows[0].length + "; the layer needs "
                            + units + "×" + in + " (out × in)");
                }
                for (int i = 0; i < in; i++) for (int o = 0; o < units; o++) a.get(i)[o] = rows[o][i];
            } else {
                float[] v = vector(given, s.name());
                if (v.length != units) throw new IllegalArgumentException("'" + s.name() + "' has " + v.length + " values; the layer has " + units + " units");
                int k = s.kind().equals("bias") ? in : s.kind().equals("gain") ? in + 1 : in + 2;
                System.arraycopy(v, 0, a.get(k), 0, units);
            }
        }
    }

    /** A network that names its weights as a PyTorch twin does: {@code write(torchWeights(net), 'w.npz')}, {@code setTorchWeights(net, read('w.npz'))}. */
    public interface Named {
        /** Every parameter tensor under the twin's state_dict name, in its layout. */
        Map<String, probelab.data.Npy.Array> torchWeights();

        /** Sets every parameter from a state_dict (every name present with its shape, else nothing is set). */
        void setTorchWeights(Map<String, ?> arrays);
    }

    /** A convolution's weights as PyTorch's {@code Conv2d} holds them, {@code [out, in, k, k]}. */
    public static probelab.data.Npy.Array conv(probelab.nn.kernels.Conv c) {
        return dense(c, c.k, c.k, c.in, true);
    }

    /**
     * A dense layer (a 1×1 {@code Conv} over a flattened channel-last map {@code [h][w][ch]}) as the
     * {@code Linear} after PyTorch's {@code nn.Flatten} of {@code [ch][h][w]}: {@code [out, ch·h·w]};
     * over a plain vector, {@code h = w = 1}.
     */
    public static probelab.data.Npy.Array dense(probelab.nn.kernels.Conv fc, int h, int w, int ch) {
        return dense(fc, h, w, ch, false);
    }

    private static probelab.data.Npy.Array dense(probelab.nn.kernels.Conv c, int h, int w, int ch, boolean conv) {
        double[] v = new double[c.weight.length];
        for (int t = 0; t < v.length; t++) v[t] = c.weight[ours(c, h, w, ch, t)];
        int[] shape = conv ? new int[] {c.out, c.in, c.k, c.k} : new int[] {c.out, ch * h * w};
        return new probelab.data.Npy.Array(shape, "<f8", v);
    }

    /** Sets a convolution's weights from PyTorch's {@code [out, in, k, k]}. */
    public static void setConv(probelab.nn.kernels.Conv c, probelab.data.Npy.Array a) {
        set(c, c.k, c.k, c.in, a);
    }

    /** Sets a dense layer's weights from PyTorch's {@code [out, ch·h·w]} (see {@link #dense}). */
    public static void setDense(probelab.nn.kernels.Conv fc, int h, int w, int ch, probelab.data.Npy.Array a) {
        set(fc, h, w, ch, a);
    }

    private static void set(probelab.nn.kernels.Conv c, int h, int w, int ch, probelab.data.Npy.Array a) {
        double[] v = a.values();
        for (int t = 0; t < v.length; t++) c.weight[ours(c, h, w, ch, t)] = (float) v[t];
    }

    /**
     * Where PyTorch's flat (C-order) weight index {@code t} lives in a {@code Conv}'s
     * {@code [(ky·k + kx)·in + c][out]}: for a k×k convolution, PyTorch's {@code [out][in][ky][kx]};
     * for a 1×1 layer over a channel-last map, PyTorch's {@code [out][c·h·w + y·w + x]}.
     */
    private static int ours(probelab.nn.kernels.Conv c, int h, int w, int ch, int t) {
        int in = c.k > 1 ? c.in : ch * h * w, o = t / (c.k > 1 ? c.in * c.k * c.k : in);
        if (c.k > 1) {
            int k = c.k, kx = t % k, ky = (t / k) % k, ci = (t / (k * k)) % c.in;
            return ((ky * k + kx) * c.in + ci) * c.out + o;
        }
        int j = t % in, hw = h * w, cj = j / hw, y = (j % hw) / w, x = j % w;
        return ((y * w + x) * ch + cj) * c.out + o;
    }

    /** A bias or other vector. */
    public static probelab.data.Npy.Array vector(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) d[i] = v[i];
        return new probelab.data.Npy.Array(new int[] {d.length}, "<f8", d);
    }

    /** Rows {@code [in][out]} as {@code Linear}'s {@code [out, in]}. */
    public static probelab.data.Npy.Array linear(float[][] rows) {
        int in = rows.length, out = rows[0].length;
        double[] d = new double[in * out];
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) d[o * in + i] = rows[i][o];
        return new probelab.data.Npy.Array(new int[] {out, in}, "<f8", d);
    }

    /** Sets rows {@code [in][out]} from {@code Linear}'s {@code [out, in]}. */
    public static void setLinear(float[][] rows, probelab.data.Npy.Array a) {
        int in = rows.length, out = rows[0].length;
        double[] d = a.values();
        for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) rows[i][o] = (float) d[o * in + i];
    }

    /** Sets a vector. */
    public static void setVector(float[] v, probelab.data.Npy.Array a) {
        double[] d = a.values();
        for (int i = 0; i < v.length; i++) v[i] = (float) d[i];
    }

    /**
     * Checks that {@code arrays} holds every name of {@code expected} with its shape, before
     * anything is set: a partial load would leave a network half one thing, half another.
     */
    public static void check(Map<String, ?> arrays, Map<String, probelab.data.Npy.Array> expected, String what) {
        for (Map.Entry<String, probelab.data.Npy.Array> e : expected.entrySet()) {
            Object a = arrays.get(e.getKey());
            if (!(a instanceof probelab.data.Npy.Array arr)) throw new IllegalArgumentException("no array '" + e.getKey() + "' among "
                    + arrays.keySet() + "; " + what + " needs " + expected.keySet());
            if (!java.util.Arrays.equals(arr.shape(), e.getValue().shape())) throw new IllegalArgumentException("'" + e.getKey() + "' is "
                    + java.util.Arrays.toString(arr.shape()) + "; this network needs " + java.util.Arrays.toString(e.getValue().shape()));
        }
    }

    private static float[] vector(Object v, String name) {
        if (v instanceof float[] f) return f;
        double[] d = v instanceof double[] dd ? dd : v instanceof probelab.data.Npy.Array a && a.shape().length == 1 ? a.doubles() : null;
        if (d == null) throw new IllegalArgumentException("'" + name + "' should be a vector, got " + v);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }
}
