package probelab.nn;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A dense feed-forward network on plain {@code float[]} arrays: the fast path for the small
 * networks of reinforcement learning. At these sizes (a few hundred units, batches of tens)
 * a tensor library spends more time dispatching an operation than doing it: stock ND4J pays
 * tens of microseconds per op, while a row loop the JIT vectorises does a 50×100·100×100
 * product in about as long. Rows with zero inputs (one-hot grids, dead ReLUs) are skipped.
 *
 * <p>Weights of layer {@code l} are stored as rows per input unit, {@code w[l][i][j]}, and
 * activations as rows per example: every inner loop is then {@code y[j] += v * x[j]} over
 * two arrays at the same index, which the JIT turns into SIMD code (flat arrays with two
 * offsets defeat it: it cannot rule out aliasing). Biases start at zero and weights are
 * Glorot-uniform, as Keras' {@code Dense} does. {@link #forward}
 * keeps what {@link #backward} needs, so the two are called in pairs.
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation hidden;
    private final Activation output;
    final float[][][] w, gw;
    final float[][] b, gb;
    private float[][][] z, a;
    private float[][] input;
    private int rows, capacity;
    private float[][] delta, deltaPrev, wt;
    private final float[][] one = new float[1][];
    private List<float[]> params, grads;

    public Mlp(int[] sizes, Activation hidden, Activation output, long seed) {
        if (sizes.length < 2) throw new IllegalArgumentException("an MLP needs at least input and output sizes, got "
                + Arrays.toString(sizes));
        for (int s : sizes) if (s < 1) throw new IllegalArgumentException("layer sizes must be >= 1: " + Arrays.toString(sizes));
        this.sizes = sizes.clone();
        this.hidden = hidden;
        this.output = output;
        int layers = sizes.length - 1;
        w = new float[layers][][];
        gw = new float[layers][][];
        b = new float[layers][];
        gb = new float[layers][];
        z = new float[layers][][];
        a = new float[layers][][];
        int maxWidth = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l], out = sizes[l + 1];
            maxWidth = Math.max(maxWidth, Math.max(in, out));
            w[l] = new float[in][out];
            gw[l] = new float[in][out];
            b[l] = new float[out];
            gb[l] = new float[out];
            double limit = Math.sqrt(6.0 / (in + out));
            for (float[] row : w[l]) for (int j = 0; j < out; j++) row[j] = (float) ((rng.nextDouble() * 2 - 1) * limit);
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

    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < layers(); l++) n += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        return n;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) return;
        capacity = Math.max(n, capacity * 2);
        int maxWidth = wt.length;
        for (int l = 0; l < layers(); l++) {
            z[l] = new float[capacity][sizes[l + 1]];
            a[l] = new float[capacity][sizes[l + 1]];
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
        float[][] in = x;
        for (int l = 0; l < layers(); l++) {
            int nout = sizes[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            for (int r = 0; r < n; r++) {
                dense(in[r], w[l], b[l], z[l][r], sizes[l], nout);
                f.apply(z[l][r], a[l][r], nout);
            }
            in = a[l];
        }
        return a[layers() - 1];
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
        int last = layers() - 1;
        int n = rows;
        for (int r = 0; r < n; r++) {
            System.arraycopy(dOut[r], 0, delta[r], 0, sizes[last + 1]);
            output.backprop(z[last][r], a[last][r], delta[r], sizes[last + 1]);
        }
        for (int l = last; l >= 0; l--) {
            int nin = sizes[l], nout = sizes[l + 1];
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
            if (l == 0) break;
            // delta of the layer below: (delta · Wᵀ) ⊙ f'(z), with Wᵀ laid out so the loop is an axpy
            float[][] W = w[l];
            for (int i = 0; i < nin; i++) {
                float[] wi = W[i];
                for (int j = 0; j < nout; j++) wt[j][i] = wi[j];
            }
            for (int r = 0; r < n; r++) {
                float[] d = delta[r], p = deltaPrev[r];
                Arrays.fill(p, 0, nin, 0f);
                for (int j = 0; j < nout; j++) {
                    float v = d[j];
                    if (v == 0f) continue;
                    float[] t = wt[j];
                    for (int i = 0; i < nin; i++) p[i] += v * t[i];
                }
                hidden.backprop(z[l - 1][r], a[l - 1][r], p, nin);
            }
            float[][] t = delta;
            delta = deltaPrev;
            deltaPrev = t;
        }
    }

    /** Parameter arrays in a fixed order (rows of w0, b0, rows of w1, b1, …); optimisers update them in place. */
    public List<float[]> parameters() {
        if (params != null) return params;
        List<float[]> p = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            p.addAll(Arrays.asList(w[l]));
            p.add(b[l]);
        }
        return params = List.copyOf(p);
    }

    /** Gradient arrays aligned with {@link #parameters()}. */
    public List<float[]> gradients() {
        if (grads != null) return grads;
        List<float[]> g = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            g.addAll(Arrays.asList(gw[l]));
            g.add(gb[l]);
        }
        return grads = List.copyOf(g);
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
            for (int r = 0; r < rows; r++) m[r] = a[l][r].clone();
            out.add(m);
        }
        return out;
    }

    /** A network of the same shape and weights. */
    public Mlp copy() {
        Mlp m = new Mlp(sizes, hidden, output, 0);
        m.copyFrom(this);
        return m;
    }

    /** Takes the weights of a network of the same shape (target-network sync). */
    public void copyFrom(Mlp other) {
        if (!Arrays.equals(sizes, other.sizes)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(sizes) + " vs " + Arrays.toString(other.sizes));
        }
        List<float[]> mine = parameters(), theirs = other.parameters();
        for (int k = 0; k < mine.size(); k++) System.arraycopy(theirs.get(k), 0, mine.get(k), 0, mine.get(k).length);
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeInt(sizes.length);
        for (int s : sizes) out.writeInt(s);
        out.writeUTF(hidden.name());
        out.writeUTF(output.name());
        for (float[] p : parameters()) {
            out.writeInt(p.length);
            for (float v : p) out.writeFloat(v);
        }
    }

    public static Mlp read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 2 || n > 64) throw new IOException("implausible layer count " + n);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] < 1 || sizes[i] > 1 << 24) throw new IOException("implausible layer size " + sizes[i]);
        }
        Mlp m;
        try {
            m = new Mlp(sizes, Activation.valueOf(in.readUTF()), Activation.valueOf(in.readUTF()), 0);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown activation: " + e.getMessage());
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
        return sb.append(String.format(Locale.ROOT, " (%s hidden, %s output, %d parameters)",
                hidden.name().toLowerCase(Locale.ROOT), output.name().toLowerCase(Locale.ROOT), parameterCount())).toString();
    }
}
