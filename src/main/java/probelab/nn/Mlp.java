package probelab.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import probelab.nn.kernels.RowProducts;

/**
 * A dense feed-forward network on plain {@code float[]} arrays: the fast path for the small
 * networks of reinforcement learning and the relegator. At these sizes (a few hundred units,
 * batches of tens) a tensor library spends more time dispatching an operation than doing it:
 * stock ND4J pays tens of microseconds per op, while a row loop the JIT vectorises does a
 * 50×100·100×100 product in about as long. Rows with zero inputs (one-hot grids, dead ReLUs)
 * are skipped.
 *
 * <p>Each hidden layer is Linear → LayerNorm (optional) → activation; the last is Linear →
 * (LayerNorm when {@code normLast}) → output activation. Two initialisations: Keras'
 * {@code Dense} (Glorot-uniform weights, zero biases; {@link #Mlp(int[], Activation, Activation, long)})
 * and PyTorch's {@code nn.Linear} (weights and biases uniform in ±1/√fan-in, the last layer in
 * ±{@code lastInit} when it is > 0, as TD3's ±0.003; {@link #torch}).
 *
 * <p>Weights of layer {@code l} are stored as rows per input unit, {@code w[l][i][j]}, and
 * activations as rows per example: every inner loop is then {@code y[j] += v * x[j]} over
 * two arrays at the same index, which the JIT turns into SIMD code (flat arrays with two
 * offsets defeat it: it cannot rule out aliasing). {@link #forward} keeps what
 * {@link #backward} needs, so the two are called in pairs.
 *
 * <p>Large batches without LayerNorm (the relegator's full batch of 15,000 events) run their
 * products in sgemm instead, a block of rows at a time so that a block's activations stay in
 * cache from one layer to the next, each core taking a run of blocks ({@link RowProducts}).
 * The two paths round differently in the last bits; which one a batch takes depends only on
 * its size, and the sgemm path's sums on the core count.
 */
public final class Mlp implements Network {
    /** How weights start. */
    public enum Init { GLOROT, TORCH }

    private final int[] sizes;
    private final Activation hidden;
    private final Activation output;
    private final Init init;
    private final boolean layerNorm, normLast;
    final float[][][] w, gw;
    final float[][] b, gb;
    private final float[][] gain, shift, ggain, gshift; // LayerNorm's affine parameters (ones and zeros at the start)
    private float[][][] z, a, norm;
    private float[][] invStd;
    private float[][] input;
    private int rows, capacity;
    private float[][] delta, deltaPrev, wt;
    private final float[][] one = new float[1][];
    private List<float[]> params, grads;
    /** Batches of at least this many rows run their products in sgemm (without LayerNorm). */
    static final int SGEMM_ROWS = 256;
    /** Rows per sgemm block: 512 rows of 40 units are 80 KB a layer. */
    private static final int BLOCK = 512;
    private RowProducts[] team;
    /** The sgemm path's flat rows (row-major, n × width): the input, then z, hidden activations and deltas per layer. */
    private float[] flatIn;
    /** Per layer; each core writes only its own rows of them, whatever layer the others are at. */
    private float[][] flatZ, flatA, flatDelta;
    private int flatCapacity;
    /** Whether the last forward ran in sgemm (its hidden activations are then in flatA, not a). */
    private boolean flatPass;

    /** Keras-style: Glorot-uniform weights, zero biases, no LayerNorm. */
    public Mlp(int[] sizes, Activation hidden, Activation output, long seed) {
        this(sizes, hidden, output, Init.GLOROT, false, false, 0, seed);
    }

    /**
     * PyTorch-style, for continuous control: uniform ±1/√fan-in (the last layer ±{@code lastInit}
     * when > 0), LayerNorm after each hidden layer when {@code layerNorm}, and before the output
     * activation too when {@code normLast} (a branch that feeds another network).
     */
    public static Mlp torch(int[] sizes, boolean layerNorm, boolean normLast, Activation hidden, Activation output, double lastInit, long seed) {
        return new Mlp(sizes, hidden, output, Init.TORCH, layerNorm, normLast, lastInit, seed);
    }

    private Mlp(int[] sizes, Activation hidden, Activation output, Init init, boolean layerNorm, boolean normLast, double lastInit, long seed) {
        if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs at least input and output sizes, got "
                + Arrays.toString(sizes));
        for (int s : sizes) if (s < 1) throw new IllegalArgumentException("layer sizes must be >= 1: " + Arrays.toString(sizes));
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        this.init = init;
        this.layerNorm = layerNorm;
        this.normLast = normLast;
        int layers = sizes.length - 1;
        w = new float[layers][][];
        gw = new float[layers][][];
        b = new float[layers][];
        gb = new float[layers][];
        gain = new float[layers][];
        shift = new float[layers][];
        ggain = new float[layers][];
        gshift = new float[layers][];
        z = new float[layers][][];
        a = new float[layers][][];
        norm = new float[layers][][];
        invStd = new float[layers][];
        int maxWidth = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l], out = sizes[l + 1];
            maxWidth = Math.max(maxWidth, Math.max(in, out));
            w[l] = new float[in][out];
            gw[l] = new float[in][out];
            b[l] = new float[out];
            gb[l] = new float[out];
            gain[l] = new float[out];
            Arrays.fill(gain[l], 1f);
            shift[l] = new float[out];
            ggain[l] = new float[out];
            gshift[l] = new float[out];
            if (init == Init.GLOROT) {
                double limit = Math.sqrt(6.0 / (in + out));
                for (float[] row : w[l]) for (int j = 0; j < out; j++) row[j] = (float) ((rng.nextDouble() * 2 - 1) * limit);
            } else {
                double bound = l == layers - 1 && lastInit > 0 ? lastInit : 1 / Math.sqrt(in);
                for (float[] row : w[l]) for (int j = 0; j < out; j++) row[j] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                for (int j = 0; j < out; j++) b[l][j] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        wt = new float[maxWidth][maxWidth];
    }

    /** Layer sizes {@code in, hidden…, out}. */
    public static int[] sizes(int in, int[] hidden, int out) {
        int[] s = new int[hidden.length + 2];
        s[0] = in;
        System.arraycopy(hidden, 0, s, 1, hidden.length);
        s[s.length - 1] = out;
        return s;
    }

    /** Outputs for any number of rows, computed in chunks so the buffers stay small; fresh rows. */
    public float[][] predictAll(float[][] x) {
        float[][] out = new float[x.length][];
        int chunk = 8192;
        float[][] part = new float[Math.min(chunk, x.length)][];
        for (int from = 0; from < x.length; from += chunk) {
            int n = Math.min(chunk, x.length - from);
            System.arraycopy(x, from, part, 0, n);
            float[][] o = forward(part, n);
            for (int i = 0; i < n; i++) out[from + i] = o[i].clone();
        }
        return out;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public int layers() {
        return sizes.length - 1;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public Activation hiddenActivation() {
        return hidden;
    }

    public Activation outputActivation() {
        return output;
    }

    boolean normed(int l) {
        return layerNorm && (l < layers() - 1 || normLast);
    }

    @Override
    public long parameterCount() {
        long n = 0;
        for (float[] p : parameters()) n += p.length;
        return n;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) return;
        capacity = Math.max(n, capacity * 2);
        int maxWidth = wt.length;
        for (int l = 0; l < layers(); l++) {
            z[l] = new float[capacity][sizes[l + 1]];
            a[l] = new float[capacity][sizes[l + 1]];
            if (normed(l)) {
                norm[l] = new float[capacity][sizes[l + 1]];
                invStd[l] = new float[capacity];
            }
        }
        delta = new float[capacity][maxWidth];
        deltaPrev = new float[capacity][maxWidth];
    }

    /**
     * Forward pass of the first {@code n} rows of {@code x}. Returns the network's output rows,
     * valid until the next call; {@code x} must not change before {@link #backward}.
     */
    public float[][] forward(float[][] x, int n) {
        if (x.length < n) throw new IllegalArgumentException("expected " + n + " input rows, got " + x.length);
        if (n > 0 && x[0].length != sizes[0]) {
            throw new IllegalArgumentException("expected rows of " + sizes[0] + " inputs, got " + x[0].length);
        }
        ensureCapacity(n);
        rows = n;
        input = x;
        if (sgemm(n)) return forwardBlocks(x, n);
        flatPass = false;
        float[][] in = x;
        for (int l = 0; l < layers(); l++) {
            int nout = sizes[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            for (int r = 0; r < n; r++) {
                dense(in[r], w[l], b[l], z[l][r], sizes[l], nout);
                if (normed(l)) normalise(l, r, nout);
                f.apply(z[l][r], a[l][r], nout);
            }
            in = a[l];
        }
        return a[layers() - 1];
    }

    private boolean sgemm(int n) {
        return !layerNorm && hidden.elementwise() && n >= SGEMM_ROWS;
    }

    // where the sgemm path stages each layer's matrices
    private int weightSlot(int l) { return l; }
    private int weightGradientSlot(int l) { return layers() + l; }
    private int biasSlot(int l) { return 2 * layers() + l; }
    private int biasGradientSlot(int l) { return 3 * layers() + l; }

    /** The forward pass in sgemm on flat rows, a block of rows through every layer at a time, the blocks shared among the cores. */
    private float[][] forwardBlocks(float[][] x, int n) {
        ensureFlat(n);
        int last = layers() - 1;
        RowProducts.inParallel(team, n, BLOCK, (products, from, to) -> {
            for (int l = 0; l <= last; l++) {
                products.load(weightSlot(l), w[l], sizes[l], sizes[l + 1]);
                products.load(biasSlot(l), b[l], Math.min(BLOCK, n));
            }
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int m = Math.min(BLOCK, to - r0);
                for (int r = r0; r < r0 + m; r++) System.arraycopy(x[r], 0, flatIn, r * sizes[0], sizes[0]);
                float[] in = flatIn;
                for (int l = 0; l <= last; l++) {
                    int nout = sizes[l + 1];
                    float[] zl = flatZ[l];
                    products.times(in, r0 * sizes[l], m, weightSlot(l), biasSlot(l), zl, r0 * nout);
                    if (l < last) {
                        hidden.apply(zl, flatA[l], r0 * nout, (r0 + m) * nout);
                        in = flatA[l];
                    } else {
                        for (int r = r0; r < r0 + m; r++) { // the output rows, as the row path leaves them
                            System.arraycopy(zl, r * nout, z[l][r], 0, nout);
                            output.apply(z[l][r], a[l][r], nout);
                        }
                    }
                }
            }
        });
        flatPass = true;
        return a[last];
    }

    /** Room for n flat rows: the input, and each layer's z, (hidden) activations and deltas. */
    private void ensureFlat(int n) {
        if (team == null) team = RowProducts.team(4 * layers());
        if (flatZ != null && flatCapacity >= n) return;
        flatCapacity = Math.max(n, flatCapacity * 2);
        flatIn = new float[flatCapacity * sizes[0]];
        flatZ = new float[layers()][];
        flatA = new float[layers() - 1][];
        flatDelta = new float[layers()][];
        for (int l = 0; l < layers(); l++) {
            flatZ[l] = new float[flatCapacity * sizes[l + 1]];
            flatDelta[l] = new float[flatCapacity * sizes[l + 1]];
            if (l < layers() - 1) flatA[l] = new float[flatCapacity * sizes[l + 1]];
        }

    }

    /** LayerNorm of row r of layer l in place in z: z ← gain·(z − mean)/√(var + 1e-5) + shift, keeping the normalised values. */
    private void normalise(int l, int r, int nout) {
        float[] zr = z[l][r], nr = norm[l][r];
        double mean = 0, var = 0;
        for (int j = 0; j < nout; j++) mean += zr[j];
        mean /= nout;
        for (int j = 0; j < nout; j++) var += (zr[j] - mean) * (zr[j] - mean);
        var /= nout;
        float inv = (float) (1 / Math.sqrt(var + 1e-5));
        invStd[l][r] = inv;
        for (int j = 0; j < nout; j++) nr[j] = (float) ((zr[j] - mean) * inv);
        for (int j = 0; j < nout; j++) zr[j] = nr[j] * gain[l][j] + shift[l][j];
    }

    /** Forward pass of one input row; returns the internal output row (valid until the next call). */
    public float[] forward(float[] x) {
        one[0] = x;
        return forward(one, 1)[0];
    }

    /** The outputs for one input row, as a fresh array. */
    public float[] predict(float[] x) {
        return forward(x).clone();
    }

    /** y = x · W + b, skipping zero inputs (one-hot grids, dead ReLUs). */
    private static void dense(float[] x, float[][] w, float[] b, float[] y, int nin, int nout) {
        System.arraycopy(b, 0, y, 0, nout);
        for (int i = 0; i < nin; i++) {
            float v = x[i];
            if (v == 0f) continue;
            float[] wi = w[i];
            for (int j = 0; j < nout; j++) y[j] += v * wi[j];
        }
    }

    /**
     * Backward pass for the last {@link #forward}: {@code dOut} holds ∂loss/∂output, one row
     * per example. Overwrites the gradients ({@link #gradients()}).
     */
    public void backward(float[][] dOut) {
        backward(dOut, false);
    }

    /** As {@link #backward(float[][])}, and returns ∂loss/∂input per row (∂Q/∂a through a critic). */
    public float[][] backwardToInput(float[][] dOut) {
        return backward(dOut, true);
    }

    private float[][] backward(float[][] dOut, boolean toInput) {
        int last = layers() - 1;
        int n = rows;
        if (flatPass) return backwardBlocks(dOut, toInput);
        for (int r = 0; r < n; r++) {
            System.arraycopy(dOut[r], 0, delta[r], 0, sizes[last + 1]);
            output.backprop(z[last][r], a[last][r], delta[r], sizes[last + 1]);
        }
        float[][] dInput = null;
        for (int l = last; l >= 0; l--) {
            int nin = sizes[l], nout = sizes[l + 1];
            if (normed(l)) normBackward(l, n, nout);
            float[][] in = l == 0 ? input : a[l - 1];
            float[][] gW = gw[l];
            float[] gB = gb[l];
            for (float[] row : gW) Arrays.fill(row, 0f);
            Arrays.fill(gB, 0f);
            for (int r = 0; r < n; r++) {
                float[] d = delta[r], x = in[r];
                for (int j = 0; j < nout; j++) gB[j] += d[j];
                for (int i = 0; i < nin; i++) {
                    float v = x[i];
                    if (v == 0f) continue;
                    float[] g = gW[i];
                    for (int j = 0; j < nout; j++) g[j] += v * d[j];
                }
            }
            if (l == 0 && !toInput) break;
            // delta of the layer below: (delta · Wᵀ) ⊙ f'(z), with Wᵀ laid out so the loop is an axpy
            float[][] W = w[l];
            for (int i = 0; i < nin; i++) {
                float[] wi = W[i];
                for (int j = 0; j < nout; j++) wt[j][i] = wi[j];
            }
            if (l == 0) dInput = new float[n][nin];
            for (int r = 0; r < n; r++) {
                float[] d = delta[r], p = l == 0 ? dInput[r] : deltaPrev[r];
                Arrays.fill(p, 0, nin, 0f);
                for (int j = 0; j < nout; j++) {
                    float v = d[j];
                    if (v == 0f) continue;
                    float[] t = wt[j];
                    for (int i = 0; i < nin; i++) p[i] += v * t[i];
                }
                if (l > 0) hidden.backprop(z[l - 1][r], a[l - 1][r], p, nin);
            }
            if (l == 0) break;
            float[][] t = delta;
            delta = deltaPrev;
            deltaPrev = t;
        }
        return dInput;
    }

    /**
     * The backward pass in sgemm on flat rows, a block of rows through every layer at a time, the
     * blocks shared among the cores as in the forward pass; each core sums its blocks' gradients,
     * then the shares are added in a fixed order.
     */
    private float[][] backwardBlocks(float[][] dOut, boolean toInput) {
        int last = layers() - 1, n = rows, nlast = sizes[last + 1];
        float[][] dInput = toInput ? new float[n][sizes[0]] : null;
        RowProducts.inParallel(team, n, BLOCK, (products, from, to) -> {
            for (int l = 0; l <= last; l++) {
                products.load(weightSlot(l), w[l], sizes[l], sizes[l + 1]);
                products.reserve(weightGradientSlot(l), sizes[l], sizes[l + 1]);
                products.reserve(biasGradientSlot(l), 1, sizes[l + 1]);
            }
            float[] dIn = toInput ? new float[BLOCK * sizes[0]] : null;
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int m = Math.min(BLOCK, to - r0);
                float beta = r0 == from ? 0f : 1f;
                for (int r = r0; r < r0 + m; r++) { // the output activation's backward works on rows (softmax)
                    System.arraycopy(dOut[r], 0, delta[r], 0, nlast);
                    output.backprop(z[last][r], a[last][r], delta[r], nlast);
                    System.arraycopy(delta[r], 0, flatDelta[last], r * nlast, nlast);
                }
                for (int l = last; l >= 0; l--) {
                    int nin = sizes[l], nout = sizes[l + 1];
                    float[] in = l == 0 ? flatIn : flatA[l - 1], d = flatDelta[l];
                    if (l == 0) {
                        products.backward(in, r0 * nin, m, d, r0 * nout, weightSlot(0), weightGradientSlot(0), biasGradientSlot(0), beta, null, 0);
                        if (toInput) {
                            products.timesTransposed(d, r0 * nout, m, weightSlot(0), dIn, 0);
                            for (int r = 0; r < m; r++) System.arraycopy(dIn, r * nin, dInput[r0 + r], 0, nin);
                        }
                        break;
                    }
                    float[] below = flatDelta[l - 1];
                    products.backward(in, r0 * nin, m, d, r0 * nout, weightSlot(l), weightGradientSlot(l), biasGradientSlot(l), beta, below, r0 * nin);
                    hidden.backprop(flatZ[l - 1], flatA[l - 1], below, r0 * nin, (r0 + m) * nin);
                }
            }
        });
        int workers = RowProducts.workers(team, n, BLOCK);
        for (int l = 0; l <= last; l++) {
            team[0].store(weightGradientSlot(l), gw[l]);
            team[0].store(biasGradientSlot(l), gb[l]);
            for (int k = 1; k < workers; k++) {
                team[k].addTo(weightGradientSlot(l), gw[l]);
                team[k].addTo(biasGradientSlot(l), new float[][] {gb[l]});
            }
        }
        return dInput;
    }

    /** LayerNorm's backward for layer l: delta (∂/∂ its output) → ∂/∂ the linear output, and the gain and shift gradients. */
    private void normBackward(int l, int n, int nout) {
        Arrays.fill(ggain[l], 0f);
        Arrays.fill(gshift[l], 0f);
        float[] dn = new float[nout];
        for (int r = 0; r < n; r++) {
            float[] dz = delta[r], nr = norm[l][r];
            double meanD = 0, meanDn = 0;
            for (int j = 0; j < nout; j++) {
                ggain[l][j] += dz[j] * nr[j];
                gshift[l][j] += dz[j];
                dn[j] = dz[j] * gain[l][j];
                meanD += dn[j];
                meanDn += dn[j] * nr[j];
            }
            meanD /= nout;
            meanDn /= nout;
            float inv = invStd[l][r];
            for (int j = 0; j < nout; j++) dz[j] = (float) (inv * (dn[j] - meanD - nr[j] * meanDn));
        }
    }

    /**
     * Parameter arrays in a fixed order (rows of w0, b0, then LayerNorm's gain and shift where
     * it normalises; rows of w1, b1, …); optimisers update them in place.
     */
    @Override
    public List<float[]> parameters() {
        if (params != null) return params;
        return params = collect(w, b, gain, shift);
    }

    /** Gradient arrays aligned with {@link #parameters()}. */
    @Override
    public List<float[]> gradients() {
        if (grads != null) return grads;
        return grads = collect(gw, gb, ggain, gshift);
    }

    private List<float[]> collect(float[][][] ws, float[][] bs, float[][] gs, float[][] ss) {
        List<float[]> out = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            out.addAll(Arrays.asList(ws[l]));
            out.add(bs[l]);
            if (normed(l)) {
                out.add(gs[l]);
                out.add(ss[l]);
            }
        }
        return List.copyOf(out);
    }

    /** Layer {@code l}'s weights as {@code [in][out]}, a copy. */
    public float[][] weights(int l) {
        float[][] m = new float[sizes[l]][];
        for (int i = 0; i < m.length; i++) m[i] = w[l][i].clone();
        return m;
    }

    /** Layer {@code l}'s biases, a copy. */
    public float[] biases(int l) {
        return b[l].clone();
    }

    /** The activations of every layer for the last forward pass (layer → rows × units), copies. */
    public List<float[][]> lastActivations() {
        List<float[][]> out = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            float[][] m = new float[rows][];
            int width = sizes[l + 1];
            for (int r = 0; r < rows; r++) {
                m[r] = flatPass && l < layers() - 1 ? Arrays.copyOfRange(flatA[l], r * width, (r + 1) * width) : a[l][r].clone();
            }
            out.add(m);
        }
        return out;
    }

    /** A network of the same shape and weights. */
    public Mlp copy() {
        Mlp m = new Mlp(sizes, hidden, output, init, layerNorm, normLast, 0, 0);
        m.copyFrom(this);
        return m;
    }

    /** Takes the weights of a network of the same shape (target-network sync). */
    public void copyFrom(Mlp other) {
        if (!Arrays.equals(sizes, other.sizes) || layerNorm != other.layerNorm || normLast != other.normLast) {
            throw new IllegalArgumentException("shapes differ: " + this + " vs " + other);
        }
        List<float[]> mine = parameters(), theirs = other.parameters();
        for (int k = 0; k < mine.size(); k++) System.arraycopy(theirs.get(k), 0, mine.get(k), 0, mine.get(k).length);
    }

    /** θ ← τ·θ_source + (1 − τ)·θ, the soft target update of DDPG and TD3. */
    public void softUpdate(Mlp source, double tau) {
        List<float[]> mine = parameters(), theirs = source.parameters();
        float t = (float) tau, keep = 1 - t;
        for (int k = 0; k < mine.size(); k++) {
            float[] p = mine.get(k), q = theirs.get(k);
            for (int i = 0; i < p.length; i++) p[i] = keep * p[i] + t * q[i];
        }
    }

    /**
     * Writes the shape and the parameters. Networks without LayerNorm keep the original layout
     * (files saved before LayerNorm existed read back); one with it is marked by a negative count.
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(layerNorm ? -sizes.length : sizes.length);
        for (int s : sizes) out.writeInt(s);
        out.writeUTF(hidden.name());
        out.writeUTF(output.name());
        if (layerNorm) {
            out.writeBoolean(normLast);
            out.writeUTF(init.name());
        }
        for (float[] p : parameters()) {
            out.writeInt(p.length);
            for (float v : p) out.writeFloat(v);
        }
    }

    public static Mlp read(DataInputStream in) throws IOException {
        int n = in.readInt();
        boolean norm = n < 0;
        n = Math.abs(n);
        if (n < 2 || n > 64) throw new IOException("implausible layer count " + n);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] < 1 || sizes[i] > 1 << 24) throw new IOException("implausible layer size " + sizes[i]);
        }
        long weights = 0;
        for (int i = 0; i + 1 < n; i++) weights += ((long) sizes[i] + 1) * sizes[i + 1];
        if (weights * 4 > in.available()) { // check before allocating: a crafted header must not cost gigabytes
            throw new IOException("layer sizes " + java.util.Arrays.toString(sizes) + " need " + weights + " weights, more than the file holds");
        }
        Mlp m;
        try {
            Activation h = Activation.valueOf(in.readUTF()), o = Activation.valueOf(in.readUTF());
            if (norm) {
                boolean normLast = in.readBoolean();
                m = new Mlp(sizes, h, o, Init.valueOf(in.readUTF()), true, normLast, 0, 0);
            } else {
                m = new Mlp(sizes, h, o, 0);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown activation or initialisation: " + e.getMessage());
        }
        for (float[] p : m.parameters()) {
            int len = in.readInt();
            if (len != p.length) throw new IOException("parameter block of " + len + " values where " + p.length + " belong");
            for (int k = 0; k < len; k++) p[k] = in.readFloat();
        }
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mlp ");
        for (int i = 0; i < sizes.length; i++) {
            if (i > 0) sb.append(" → ");
            sb.append(sizes[i]);
        }
        return sb.append(String.format(Locale.ROOT, " (%s hidden, %s output%s, %d parameters)",
                hidden.name().toLowerCase(Locale.ROOT), output.name().toLowerCase(Locale.ROOT),
                layerNorm ? ", LayerNorm" : "", parameterCount())).toString();
    }
}
