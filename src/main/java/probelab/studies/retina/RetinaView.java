package probelab.studies.retina;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.inspect.Activations;
import probelab.inspect.NetworkView;

/**
 * The retinal agent's network as the analysis toolkit sees it: frames {@code [3, h, w]} in;
 * conv1 … convN (channel-last maps), dense, the GRU's state after one step from zero, and the
 * seven outputs (turn and move logits, the value). Each frame counts as the first of an
 * episode: what the agent does with memory is {@link RetinaAnalysis}'s business.
 */
final class RetinaView implements NetworkView {
    private final RetinaNet net;

    RetinaView(RetinaNet net) {
        this.net = net;
    }

    @Override
    public String describe() {
        return "the retinal agent's network (" + net.o.height() + "×" + net.o.width() + ")";
    }

    @Override
    public int[] inputShape() {
        return new int[] {3, net.o.height(), net.o.width()};
    }

    @Override
    public List<String> layers() {
        List<String> out = new ArrayList<>(convolutions());
        out.addAll(List.of("dense", "gru", "outputs"));
        return out;
    }

    @Override
    public List<String> convolutions() {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < net.convs.length; l++) out.add("conv" + (l + 1));
        return out;
    }

    private Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        for (int l = 0; l < net.convs.length; l++) s.put("conv" + (l + 1), new long[] {net.convs[l].outH, net.convs[l].outW, net.convs[l].out});
        s.put("dense", new long[] {net.dense});
        s.put("gru", new long[] {net.hidden});
        s.put("outputs", new long[] {RetinaNet.OUTPUTS});
        return s;
    }

    @Override
    public Activations activations(float[][] x, Activations.Options o) {
        List<String> keep = o.layers().isEmpty() ? layers() : o.layers().stream().map(String::valueOf).toList();
        for (String k : keep) if (!layers().contains(k)) throw new IllegalArgumentException("no layer '" + k + "'; layers: " + String.join(", ", layers()));
        Map<String, float[][]> rows = new LinkedHashMap<>();
        for (String k : layers()) if (keep.contains(k)) rows.put(k, new float[x.length][]);
        float[] zero = new float[net.hidden];
        // only convolutions asked for (receptive fields): stop after the deepest of them
        int deepest = -1;
        for (String k : keep) deepest = k.startsWith("conv") ? Math.max(deepest, Integer.parseInt(k.substring(4)) - 1) : net.convs.length;
        for (int from = 0; from < x.length; from += o.batch()) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted while recording activations");
            float[][] part = java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + o.batch()));
            RetinaNet.Encoded[] e = deepest < net.convs.length ? net.encodeUpTo(part, deepest) : net.encodeAll(part);
            for (int i = 0; i < part.length; i++) {
                for (int l = 0; l < net.convs.length; l++) if (rows.containsKey("conv" + (l + 1))) rows.get("conv" + (l + 1))[from + i] = e[i].conv(l);
                if (rows.containsKey("dense")) rows.get("dense")[from + i] = e[i].features;
                if (rows.containsKey("gru") || rows.containsKey("outputs")) {
                    float[] h = net.gru(e[i].features, zero).h;
                    if (rows.containsKey("gru")) rows.get("gru")[from + i] = h;
                    if (rows.containsKey("outputs")) rows.get("outputs")[from + i] = net.heads(h);
                }
            }
        }
        return Activations.of(rows, shapes());
    }

    @Override
    public int outputs() {
        return RetinaNet.OUTPUTS;
    }

    @Override
    public double[] output(float[][] x, int k) {
        float[][] out = activations(x, new Activations.Options(64, List.of("outputs"))).get("outputs");
        double[] v = new double[x.length];
        for (int i = 0; i < v.length; i++) v[i] = out[i][k];
        return v;
    }

    @Override
    public float[][] inputGradients(float[][] x, int k, boolean guided) {
        float[] zero = new float[net.hidden];
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = net.inputGradient(x[i], zero, k, guided);
        return out;
    }

    @Override
    public int[] centreUnits(String layer) {
        long[] s = shapes().get(layer);
        if (s == null) throw new IllegalArgumentException("no layer '" + layer + "'; layers: " + String.join(", ", layers()));
        if (s.length == 1) {
            int[] all = new int[(int) s[0]];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        return NetworkView.centreOfChannelLast(s);
    }
}
