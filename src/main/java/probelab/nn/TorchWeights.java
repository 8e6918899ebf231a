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

    private static float[] vector(Object v, String name) {
        if (v instanceof float[] f) return f;
        double[] d = v instanceof double[] dd ? dd : v instanceof probelab.data.Npy.Array a && a.shape().length == 1 ? a.doubles() : null;
        if (d == null) throw new IllegalArgumentException("'" + name + "' should be a vector, got " + v);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }
}
