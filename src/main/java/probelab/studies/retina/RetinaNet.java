package probelab.studies.retina;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import probelab.nn.kernels.Conv;
import probelab.util.Doc;

/**
 * The retinal agent's network (seed 003): the Lindsey encoder — convolutions of kernel 7 with
 * ELU, 3 → C stride 2 ("bipolar"), C → B (the bottleneck), B → C ("V1"), optional extra C → C —
 * then flatten → dense → ELU (64) → GRU (64) → heads: two 3-way action choices (turn, move: six
 * logits) and the value. Plain arrays throughout, frames encoded in parallel, the GRU
 * unrolled in time with backpropagation through it for PPO.
 *
 * <p>The GRU is PyTorch's: r = σ(Wᵢᵣx + bᵢᵣ + Wₕᵣh + bₕᵣ), z = σ(Wᵢ𝓏x + bᵢ𝓏 + Wₕ𝓏h + bₕ𝓏),
 * n = tanh(Wᵢₙx + bᵢₙ + r∘(Wₕₙh + bₕₙ)), h' = (1 − z)∘n + z∘h.
 */
public final class RetinaNet implements probelab.rl.ActorCritic, probelab.inspect.NetworkView.Viewable, probelab.nn.TorchWeights.Named {

    public record Options(
            @Doc("frame height") int height,
            @Doc("frame width") int width,
            @Doc("channels C of the bipolar and V1 layers") int channels,
            @Doc("channels B of the retinal bottleneck") int bottleneck,
            @Doc("extra C → C convolutions after V1") int extraLayers,
            @Doc("units of the dense layer") int dense,
            @Doc("units of the GRU") int hidden,
            @Doc("seed of the weights") long seed) {
        public static final Options DEFAULTS = new Options(72, 128, 16, 4, 0, 64, 64, 1);

        public Options {
            probelab.util.Check.atLeast("height", height, 1);
            probelab.util.Check.atLeast("width", width, 1);
            probelab.util.Check.atLeast("channels", channels, 1);
            probelab.util.Check.atLeast("bottleneck", bottleneck, 1);
            probelab.util.Check.atLeast("extraLayers", extraLayers, 0);
            probelab.util.Check.atLeast("dense", dense, 1);
            probelab.util.Check.atLeast("hidden", hidden, 1);
        }
    }

    public static final int OUTPUTS = 7; // 3 turn logits, 3 move logits, value

    public final Options o;
    public final Conv[] convs;
    final int flat, dense, hidden;
    /** The dense layer: a 1×1 convolution of the flattened features, so it runs batched in sgemm too. */
    final Conv fc;
    final float[][] wi, wh, headW; // rows: [in][out]
    final float[] bi, bh, headB;
    private final List<float[]> params = new ArrayList<>();
    private final List<float[]> grads = new ArrayList<>();

    public RetinaNet(Options o) {
        this.o = o;
        SplittableRandom rng = new SplittableRandom(o.seed());
        List<Conv> layers = new ArrayList<>();
        Conv c1 = new Conv(3, o.channels(), 7, 2, o.height(), o.width(), rng);
        Conv c2 = new Conv(o.channels(), o.bottleneck(), 7, 1, c1.outH, c1.outW, rng);
        Conv c3 = new Conv(o.bottleneck(), o.channels(), 7, 1, c2.outH, c2.outW, rng);
        layers.add(c1);
        layers.add(c2);
        layers.add(c3);
        for (int i = 0; i < o.extraLayers(); i++) {
            Conv last = layers.get(layers.size() - 1);
            layers.add(new Conv(o.channels(), o.channels(), 7, 1, last.outH, last.outW, rng));
        }
        convs = layers.toArray(new Conv[0]);
        flat = convs[convs.length - 1].outputSize();
        dense = o.dense();
        hidden = o.hidden();
        fc = new Conv(flat, dense, 1, 1, 1, 1, rng);
        wi = uniform(dense, 3 * hidden, rng, hidden);
        bi = uniformVector(3 * hidden, hidden, rng);
        wh = uniform(hidden, 3 * hidden, rng, hidden);
        bh = uniformVector(3 * hidden, hidden, rng);
        headW = uniform(hidden, OUTPUTS, rng);
        for (float[] row : headW) for (int j = 0; j < OUTPUTS; j++) row[j] *= 0.01f; // a near-uniform first policy
        headB = new float[OUTPUTS];
        for (Conv c : convs) {
            params.add(c.weight);
            params.add(c.bias);
        }
        params.add(fc.weight);
        params.add(fc.bias);
        for (float[] row : wi) params.add(row);
        params.add(bi);
        for (float[] row : wh) params.add(row);
        params.add(bh);
        for (float[] row : headW) params.add(row);
        params.add(headB);
        for (float[] p : params) grads.add(new float[p.length]);
    }

    private static float[][] uniform(int in, int out, SplittableRandom rng) {
        return uniform(in, out, rng, in);
    }

    private static float[][] uniform(int in, int out, SplittableRandom rng, int fanIn) {
        double bound = Math.sqrt(1.0 / fanIn);
        float[][] m = new float[in][out];
        for (float[] row : m) for (int j = 0; j < out; j++) row[j] = (float) ((2 * rng.nextDouble() - 1) * bound);
        return m;
    }

    private static float[] uniformVector(int n, int fanIn, SplittableRandom rng) {
        double bound = Math.sqrt(1.0 / fanIn);
        float[] v = new float[n];
        for (int j = 0; j < n; j++) v[j] = (float) ((2 * rng.nextDouble() - 1) * bound);
        return v;
    }

    public List<float[]> parameters() {
        return params;
    }

    public List<float[]> gradients() {
        return grads;
    }

    /**
     * The weights under the names of the PyTorch twin ({@code Net} of {@code scripts/peers/retina_ppo_torch.py}):
     * {@code enc.0/2/4.weight} {@code [out, in, 7, 7]} (and {@code enc.6}, … for extra layers), {@code fc.0.weight}
     * over PyTorch's channel-first flattening, {@code gru.weight_ih/weight_hh/bias_ih/bias_hh} (gates r, z, n, as
     * {@code GRUCell}), {@code head.weight} {@code [7, hidden]}, and the biases.
     */
    @Override
    public Map<String, probelab.data.Npy.Array> torchWeights() {
        Map<String, probelab.data.Npy.Array> out = new LinkedHashMap<>();
        for (int l = 0; l < convs.length; l++) {
            out.put("enc." + 2 * l + ".weight", probelab.nn.TorchWeights.conv(convs[l]));
            out.put("enc." + 2 * l + ".bias", probelab.nn.TorchWeights.vector(convs[l].bias));
        }
        Conv last = convs[convs.length - 1];
        out.put("fc.0.weight", probelab.nn.TorchWeights.dense(fc, last.outH, last.outW, last.out));
        out.put("fc.0.bias", probelab.nn.TorchWeights.vector(fc.bias));
        out.put("gru.weight_ih", probelab.nn.TorchWeights.linear(wi));
        out.put("gru.weight_hh", probelab.nn.TorchWeights.linear(wh));
        out.put("gru.bias_ih", probelab.nn.TorchWeights.vector(bi));
        out.put("gru.bias_hh", probelab.nn.TorchWeights.vector(bh));
        out.put("head.weight", probelab.nn.TorchWeights.linear(headW));
        out.put("head.bias", probelab.nn.TorchWeights.vector(headB));
        return out;
    }

    /** Sets every weight from the twin's state_dict; every tensor must be there with its shape, else nothing is set. */
    @Override
    public void setTorchWeights(Map<String, ?> arrays) {
        probelab.nn.TorchWeights.check(arrays, torchWeights(), "the retinal network");
        java.util.function.Function<String, probelab.data.Npy.Array> a = k -> (probelab.data.Npy.Array) arrays.get(k);
        for (int l = 0; l < convs.length; l++) {
            probelab.nn.TorchWeights.setConv(convs[l], a.apply("enc." + 2 * l + ".weight"));
            probelab.nn.TorchWeights.setVector(convs[l].bias, a.apply("enc." + 2 * l + ".bias"));
        }
        Conv last = convs[convs.length - 1];
        probelab.nn.TorchWeights.setDense(fc, last.outH, last.outW, last.out, a.apply("fc.0.weight"));
        probelab.nn.TorchWeights.setVector(fc.bias, a.apply("fc.0.bias"));
        probelab.nn.TorchWeights.setLinear(wi, a.apply("gru.weight_ih"));
        probelab.nn.TorchWeights.setLinear(wh, a.apply("gru.weight_hh"));
        probelab.nn.TorchWeights.setVector(bi, a.apply("gru.bias_ih"));
        probelab.nn.TorchWeights.setVector(bh, a.apply("gru.bias_hh"));
        probelab.nn.TorchWeights.setLinear(headW, a.apply("head.weight"));
        probelab.nn.TorchWeights.setVector(headB, a.apply("head.bias"));
    }

    /** The network for activations, attribution and receptive fields ({@code attribution(agent.net, frame, target: 6)}). */
    @Override
    public probelab.inspect.NetworkView view() {
        return new RetinaView(this);
    }

    public int hiddenSize() {
        return hidden;
    }

    public void zeroGradients() {
        for (float[] g : grads) java.util.Arrays.fill(g, 0f);
    }

    /** Everything one frame's encoder pass keeps for the backward pass. */
    public static final class Encoded {
        final float[] input; // channel-last
        final float[][] acts; // output of each convolution
        public final float[] features; // ELU(dense)

        Encoded(float[] input, float[][] acts, float[] features) {
            this.input = input;
            this.acts = acts;
            this.features = features;
        }

        /** Activations of convolution {@code i} (channel-last). */
        public float[] conv(int i) {
            return acts[i];
        }
    }

    /** A frame {@code [3, height, width]} channel-major, as the environment gives it. */
    public Encoded encode(float[] chw) {
        return encodeAll(new float[][] {chw})[0];
    }

    /** Frames encoded together: each convolution is one batched pass over all of them. */
    public Encoded[] encodeAll(float[][] frames) {
        Encoded[] conv = encodeUpTo(frames, convs.length - 1);
        float[][] last = new float[frames.length][], features = new float[frames.length][dense];
        for (int n = 0; n < frames.length; n++) last[n] = conv[n].acts[convs.length - 1];
        fc.forward(last, features);
        Encoded[] out = new Encoded[frames.length];
        for (int n = 0; n < frames.length; n++) out[n] = new Encoded(conv[n].input, conv[n].acts, features[n]);
        return out;
    }

    /** The convolutions up to {@code layer} only (no dense features), all frames together. */
    Encoded[] encodeUpTo(float[][] chw, int layer) {
        int plane = o.height() * o.width(), n = chw.length;
        float[][][] acts = new float[n][convs.length][];
        float[][] x = new float[n][];
        probelab.nn.kernels.Threads.forEach(n, i -> {
            float[] f = chw[i];
            if (f.length != 3 * plane) throw new IllegalArgumentException("expected a frame of 3×" + o.height() + "×" + o.width() + " = " + 3 * plane + " values, got " + f.length);
            float[] hwc = new float[3 * plane];
            for (int p = 0; p < plane; p++) {
                hwc[3 * p] = f[p];
                hwc[3 * p + 1] = f[plane + p];
                hwc[3 * p + 2] = f[2 * plane + p];
            }
            x[i] = hwc;
        });
        float[][] in = x;
        for (int l = 0; l <= layer; l++) {
            float[][] y = new float[n][convs[l].outputSize()];
            convs[l].forward(in, y);
            for (int i = 0; i < n; i++) acts[i][l] = y[i];
            in = y;
        }
        Encoded[] out = new Encoded[n];
        for (int i = 0; i < n; i++) out[i] = new Encoded(x[i], acts[i], null);
        return out;
    }

    /**
     * ∂(output {@code k})/∂(frame) for one step from hidden state {@code h}, channel-major like the
     * frame; the hidden state counts as given. {@code guided}: guided backpropagation — negative
     * gradients stop at every activation (ELU here, so the rule is applied to ELU's derivative).
     */
    public float[] inputGradient(float[] chw, float[] h, int k, boolean guided) {
        Encoded e = encode(chw);
        GruStep s = gru(e.features, h);
        float[] dOut = new float[OUTPUTS];
        dOut[k] = 1;
        int H = hidden;
        float[] dh = new float[H];
        for (int i = 0; i < H; i++) for (int j = 0; j < OUTPUTS; j++) dh[i] += headW[i][j] * dOut[j];
        float[] dgi = new float[3 * H];
        for (int j = 0; j < H; j++) {
            float dn = dh[j] * (1 - s.z[j]), dz = dh[j] * (s.hPrev[j] - s.n[j]);
            float dnPre = dn * (1 - s.n[j] * s.n[j]);
            dgi[j] = dnPre * s.ghn[j] * s.r[j] * (1 - s.r[j]);
            dgi[H + j] = dz * s.z[j] * (1 - s.z[j]);
            dgi[2 * H + j] = dnPre;
        }
        float[] d = new float[dense];
        for (int i = 0; i < dense; i++) for (int j = 0; j < 3 * H; j++) d[i] += wi[i][j] * dgi[j];
        float[][] dLast = {new float[flat]};
        fc.backward(new float[][] {e.acts[convs.length - 1]}, new float[][] {e.features}, new float[][] {d}, new float[fc.weight.length], new float[dense], dLast, guided);
        float[] dy = dLast[0];
        for (int l = convs.length - 1; l >= 0; l--) {
            Conv c = convs[l];
            float[][] dx = {new float[c.inputSize()]};
            c.backward(new float[][] {l == 0 ? e.input : e.acts[l - 1]}, new float[][] {e.acts[l]}, new float[][] {dy}, new float[c.weight.length], new float[c.out], dx, guided);
            dy = dx[0];
        }
        int plane = o.height() * o.width();
        float[] out = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            out[p] = dy[3 * p];
            out[plane + p] = dy[3 * p + 1];
            out[2 * plane + p] = dy[3 * p + 2];
        }
        return out;
    }

    /** What one GRU step keeps for the backward pass. */
    static final class GruStep {
        float[] x, hPrev, r, z, n, ghn, h;
    }

    GruStep gru(float[] x, float[] hPrev) {
        int H = hidden;
        float[] gi = bi.clone(), gh = bh.clone();
        for (int i = 0; i < dense; i++) {
            float v = x[i];
            float[] row = wi[i];
            for (int j = 0; j < 3 * H; j++) gi[j] += v * row[j];
        }
        for (int i = 0; i < H; i++) {
            float v = hPrev[i];
            if (v == 0f) continue;
            float[] row = wh[i];
            for (int j = 0; j < 3 * H; j++) gh[j] += v * row[j];
        }
        GruStep s = new GruStep();
        s.x = x;
        s.hPrev = hPrev;
        s.r = new float[H];
        s.z = new float[H];
        s.n = new float[H];
        s.ghn = new float[H];
        s.h = new float[H];
        for (int j = 0; j < H; j++) {
            s.r[j] = sigmoid(gi[j] + gh[j]);
            s.z[j] = sigmoid(gi[H + j] + gh[H + j]);
            s.ghn[j] = gh[2 * H + j];
            s.n[j] = (float) Math.tanh(gi[2 * H + j] + s.r[j] * s.ghn[j]);
            s.h[j] = (1 - s.z[j]) * s.n[j] + s.z[j] * hPrev[j];
        }
        return s;
    }

    float[] heads(float[] h) {
        float[] out = headB.clone();
        for (int i = 0; i < hidden; i++) {
            float v = h[i];
            float[] row = headW[i];
            for (int j = 0; j < OUTPUTS; j++) out[j] += v * row[j];
        }
        return out;
    }

    private static float sigmoid(float a) {
        return (float) (1 / (1 + Math.exp(-a)));
    }

    /** One step for a batch of environments: outputs [E][7] and the next hidden states. */
    public record Act(float[][] outputs, float[][] hidden, Encoded[] encoded) implements probelab.rl.ActorCritic.Act {}

    /** Two heads of three: turn (none, left, right) and move (none, forward, backward); action 3·turn + move. */
    @Override
    public int[] heads() {
        return new int[] {3, 3};
    }

    @Override
    public String checkpointKind() {
        return "ppo-retina";
    }

    @Override
    public Object settings() {
        return o;
    }

    public Act act(float[][] frames, float[][] hiddenStates) {
        Encoded[] enc = encodeAll(frames);
        float[][] out = new float[frames.length][], next = new float[frames.length][];
        for (int e = 0; e < frames.length; e++) {
            GruStep s = gru(enc[e].features, hiddenStates[e]);
            next[e] = s.h;
            out[e] = heads(s.h);
        }
        return new Act(out, next, enc);
    }

    /** A forward pass over a sequence, kept for {@link #backward}. */
    public static final class Sequence implements probelab.rl.ActorCritic.Trace {
        final int steps, envs;
        final Encoded[] encoded; // [t·envs + e]
        final GruStep[][] gru; // [t][e]
        final boolean[][] reset;
        public final float[][][] outputs; // [t][e][7]

        @Override
        public float[][][] outputs() {
            return outputs;
        }

        Sequence(int steps, int envs, Encoded[] encoded, GruStep[][] gru, boolean[][] reset, float[][][] outputs) {
            this.steps = steps;
            this.envs = envs;
            this.encoded = encoded;
            this.gru = gru;
            this.reset = reset;
            this.outputs = outputs;
        }
    }

    /**
     * Runs {@code frames[t][e]} from hidden states {@code h0[e]}; where {@code reset[t][e]} the
     * hidden state is zeroed before step t (a new episode began).
     */
    public Sequence forward(float[][][] frames, float[][] h0, boolean[][] reset) {
        int T = frames.length, E = frames[0].length;
        float[][] flatFrames = new float[T * E][];
        for (int t = 0; t < T; t++) for (int e = 0; e < E; e++) flatFrames[t * E + e] = frames[t][e];
        Encoded[] enc = encodeAll(flatFrames);
        GruStep[][] steps = new GruStep[T][E];
        float[][][] out = new float[T][E][];
        float[] zero = new float[hidden];
        probelab.nn.kernels.Threads.forEach(E, e -> { // environments are independent sequences
            float[] h = h0[e];
            for (int t = 0; t < T; t++) {
                GruStep s = gru(enc[t * E + e].features, reset[t][e] ? zero : h);
                steps[t][e] = s;
                h = s.h;
                out[t][e] = heads(s.h);
            }
        });
        return new Sequence(T, E, enc, steps, reset, out);
    }

    /** The GRU's and heads' gradients of one worker. */
    private final class RecurrentGrads {
        final float[][] headW = new float[hidden][OUTPUTS], wi = new float[dense][3 * hidden], wh = new float[hidden][3 * hidden];
        final float[] headB = new float[OUTPUTS], bi = new float[3 * hidden], bh = new float[3 * hidden];

        void addTo(float[][] m, float[][] target) {
            for (int i = 0; i < m.length; i++) for (int j = 0; j < m[i].length; j++) target[i][j] += m[i][j];
        }

        void addTo(float[] v, float[] target) {
            for (int j = 0; j < v.length; j++) target[j] += v[j];
        }
    }

    /**
     * Accumulates parameter gradients of a loss whose gradient at the outputs is {@code dOut[t][e][7]}:
     * backpropagation through time for each environment's sequence (environments in parallel),
     * then the encoder over all frames at once.
     */
    @Override
    public void backward(probelab.rl.ActorCritic.Trace trace, float[][][] dOut) {
        if (!(trace instanceof Sequence seq)) throw new IllegalArgumentException("a RetinaNet backward pass needs its own forward pass's trace");
        int T = seq.steps, E = seq.envs, workers = Math.min(E, Runtime.getRuntime().availableProcessors());
        float[][] dFeatures = new float[T * E][];
        RecurrentGrads[] part = new RecurrentGrads[workers];
        probelab.nn.kernels.Threads.forEach(workers, k -> {
            RecurrentGrads g = part[k] = new RecurrentGrads();
            for (int e = k; e < E; e += workers) throughTime(seq, dOut, e, g, dFeatures);
        });
        for (RecurrentGrads g : part) {
            g.addTo(g.headW, gradRows(headW));
            g.addTo(g.wi, gradRows(wi));
            g.addTo(g.wh, gradRows(wh));
            g.addTo(g.headB, grads.get(indexOf(headB)));
            g.addTo(g.bi, grads.get(indexOf(bi)));
            g.addTo(g.bh, grads.get(indexOf(bh)));
        }
        encoderBackward(seq.encoded, dFeatures);
    }

    /** Backpropagation through time of environment {@code e}'s sequence; writes its dL/d(features). */
    private void throughTime(Sequence seq, float[][][] dOut, int e, RecurrentGrads g, float[][] dFeatures) {
        int T = seq.steps, E = seq.envs, H = hidden;
        float[][] headGradW = g.headW, wiGrad = g.wi, whGrad = g.wh;
        float[] headGradB = g.headB, biGrad = g.bi, bhGrad = g.bh;
        float[] dhT = new float[H];
        for (int t = T - 1; t >= 0; t--) {
            GruStep s = seq.gru[t][e];
            float[] d = dOut[t][e];
            // heads
            for (int j = 0; j < OUTPUTS; j++) headGradB[j] += d[j];
            for (int i = 0; i < H; i++) {
                float[] gw = headGradW[i], wr = headW[i];
                float hv = s.h[i], acc = 0;
                for (int j = 0; j < OUTPUTS; j++) {
                    gw[j] += hv * d[j];
                    acc += wr[j] * d[j];
                }
                dhT[i] += acc;
            }
            // GRU
            float[] dgi = new float[3 * H], dgh = new float[3 * H];
            float[] dhPrev = new float[H];
            for (int j = 0; j < H; j++) {
                float dn = dhT[j] * (1 - s.z[j]);
                float dz = dhT[j] * (s.hPrev[j] - s.n[j]);
                dhPrev[j] = dhT[j] * s.z[j];
                float dnPre = dn * (1 - s.n[j] * s.n[j]);
                float dr = dnPre * s.ghn[j];
                float dzPre = dz * s.z[j] * (1 - s.z[j]);
                float drPre = dr * s.r[j] * (1 - s.r[j]);
                dgi[j] = drPre;
                dgi[H + j] = dzPre;
                dgi[2 * H + j] = dnPre;
                dgh[j] = drPre;
                dgh[H + j] = dzPre;
                dgh[2 * H + j] = dnPre * s.r[j];
            }
            for (int j = 0; j < 3 * H; j++) {
                biGrad[j] += dgi[j];
                bhGrad[j] += dgh[j];
            }
            float[] dx = new float[dense];
            for (int i = 0; i < dense; i++) {
                float[] gw = wiGrad[i], wr = wi[i];
                float xv = s.x[i], acc = 0;
                for (int j = 0; j < 3 * H; j++) {
                    gw[j] += xv * dgi[j];
                    acc += wr[j] * dgi[j];
                }
                dx[i] = acc;
            }
            for (int i = 0; i < H; i++) {
                float[] gw = whGrad[i], wr = wh[i];
                float hv = s.hPrev[i], acc = 0;
                for (int j = 0; j < 3 * H; j++) {
                    gw[j] += hv * dgh[j];
                    acc += wr[j] * dgh[j];
                }
                dhPrev[i] += acc;
            }
            dFeatures[t * E + e] = dx;
            // into the previous step, unless this step began a new episode
            dhT = seq.reset[t][e] ? new float[H] : dhPrev;
        }
    }

    /** The dense layer, then each convolution, every one over all frames at once. */
    private void encoderBackward(Encoded[] enc, float[][] dFeatures) {
        int n = enc.length, base = encoderOffset(convs.length);
        float[][] last = new float[n][], features = new float[n][], dy = new float[n][flat];
        for (int f = 0; f < n; f++) {
            last[f] = enc[f].acts[convs.length - 1];
            features[f] = enc[f].features;
        }
        fc.backward(last, features, dFeatures, grads.get(base), grads.get(base + 1), dy, false);
        for (int l = convs.length - 1; l >= 0; l--) {
            Conv c = convs[l];
            float[][] x = new float[n][], y = new float[n][];
            for (int f = 0; f < n; f++) {
                x[f] = l == 0 ? enc[f].input : enc[f].acts[l - 1];
                y[f] = enc[f].acts[l];
            }
            float[][] dx = l == 0 ? null : new float[n][c.inputSize()];
            int off = encoderOffset(l);
            c.backward(x, y, dy, grads.get(off), grads.get(off + 1), dx, false);
            dy = dx;
        }
    }

    /** Where layer {@code layer}'s parameters begin: each convolution has two arrays (weights, bias). */
    private static int encoderOffset(int layer) {
        return 2 * layer;
    }

    /** The gradient rows of a weight matrix (its rows are consecutive parameters). */
    private float[][] gradRows(float[][] m) {
        int first = indexOf(m[0]);
        return grads.subList(first, first + m.length).toArray(new float[0][]);
    }

    private int indexOf(float[] p) {
        for (int i = 0; i < params.size(); i++) if (params.get(i) == p) return i;
        throw new IllegalStateException("not a parameter");
    }
}
