package probelab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of dense layers for continuous control, PyTorch-style: each hidden layer is
 * Linear → LayerNorm (optional) → activation; the last is Linear → output activation. Like
 * {@link Mlp} it runs on one {@code float[]} per row (the layout HotSpot vectorises), and its
 * backward pass also returns the gradient with respect to the input, which actor-critic
 * methods need (∂Q/∂a through the critic).
 *
 * <p>Initialisation as PyTorch's {@code nn.Linear}: weights and biases uniform in
 * ±1/√fan_in, except the last layer, uniform in ±{@code lastInit} when it is > 0 (TD3's
 * ±0.003).
 */
public final class DenseNet {
    private final int[] sizes;
    private final boolean layerNorm;
    private final boolean normLast;
    private final Activation hidden, output;
    private final float[][][] w; // w[l][i][j]: input i → unit j
    private final float[][] b, gain, shift;
    private final float[][][] gw;
    private final float[][] gb, ggain, gshift;
    // caches of the last forward pass, per layer and row
    private float[][][] in, z, norm, act;
    private float[][] invStd;
    private int rows;

    public DenseNet(int[] sizes, boolean layerNorm, Activation hidden, Activation output, double lastInit, long seed) {
        this(sizes, layerNorm, false, hidden, output, lastInit, seed);
    }

    /** @param normLast LayerNorm before the output activation too (a branch that feeds another network) */
    public DenseNet(int[] sizes, boolean layerNorm, boolean normLast, Activation hidden, Activation output, double lastInit, long seed) {
        if (sizes.length < 2) throw new IllegalArgumentException("need at least input and output sizes");
        this.sizes = sizes.clone();
        this.layerNorm = layerNorm;
        this.normLast = normLast;
        this.hidden = hidden;
        this.output = output;
        int layers = sizes.length - 1;
        SplittableRandom rng = new SplittableRandom(seed);
        w = new float[layers][][];
        b = new float[layers][];
        gain = new float[layers][];
        shift = new float[layers][];
        gw = new float[layers][][];
        gb = new float[layers][];
        ggain = new float[layers][];
        gshift = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int nin = sizes[l], nout = sizes[l + 1];
            double bound = l == layers - 1 && lastInit > 0 ? lastInit : 1 / Math.sqrt(nin);
            w[l] = new float[nin][nout];
            gw[l] = new float[nin][nout];
            for (float[] row : w[l]) for (int j = 0; j < nout; j++) row[j] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            b[l] = new float[nout];
            gb[l] = new float[nout];
            for (int j = 0; j < nout; j++) b[l][j] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            gain[l] = new float[nout];
            java.util.Arrays.fill(gain[l], 1f);
            shift[l] = new float[nout];
            ggain[l] = new float[nout];
            gshift[l] = new float[nout];
        }
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    private int layers() {
        return sizes.length - 1;
    }

    private boolean normed(int l) {
        return layerNorm && (l < layers() - 1 || normLast);
    }

    private void ensure(int n) {
        if (in != null && in[0].length >= n) return;
        int layers = layers();
        in = new float[layers][n][];
        z = new float[layers][n][];
        norm = new float[layers][n][];
        act = new float[layers][n][];
        invStd = new float[layers][n];
        for (int l = 0; l < layers; l++) for (int r = 0; r < n; r++) {
            z[l][r] = new float[sizes[l + 1]];
            norm[l][r] = new float[sizes[l + 1]];
            act[l][r] = new float[sizes[l + 1]];
        }
    }

    /** Forward pass of the first {@code n} rows; returns the internal output rows (valid until the next call). */
    public float[][] forward(float[][] x, int n) {
        ensure(n);
        rows = n;
        float[][] cur = x;
        for (int l = 0; l < layers(); l++) {
            int nin = sizes[l], nout = sizes[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            for (int r = 0; r < n; r++) {
                float[] xi = cur[r], zr = z[l][r];
                if (xi.length != nin) throw new IllegalArgumentException("layer " + l + " expects " + nin + " inputs, got " + xi.length);
                in[l][r] = xi;
                System.arraycopy(b[l], 0, zr, 0, nout);
                for (int i = 0; i < nin; i++) {
                    float v = xi[i];
                    if (v == 0f) continue;
                    float[] wi = w[l][i];
                    for (int j = 0; j < nout; j++) zr[j] += v * wi[j];
                }
                float[] pre = zr;
                if (normed(l)) {
                    double mean = 0, var = 0;
                    for (int j = 0; j < nout; j++) mean += zr[j];
                    mean /= nout;
                    for (int j = 0; j < nout; j++) var += (zr[j] - mean) * (zr[j] - mean);
                    var /= nout;
                    float inv = (float) (1 / Math.sqrt(var + 1e-5));
                    invStd[l][r] = inv;
                    float[] nr = norm[l][r];
                    for (int j = 0; j < nout; j++) nr[j] = (float) ((zr[j] - mean) * inv);
                    pre = new float[nout];
                    for (int j = 0; j < nout; j++) pre[j] = nr[j] * gain[l][j] + shift[l][j];
                }
                f.apply(pre, act[l][r], nout);
                if (pre != zr) System.arraycopy(pre, 0, zr, 0, nout); // keep the activation's input for backward
            }
            cur = act[l];
        }
        return act[layers() - 1];
    }

    public float[] forward(float[] x) {
        return forward(new float[][] {x}, 1)[0];
    }

    /**
     * Backward pass from ∂L/∂output of the last forward's rows; accumulates nothing (gradients
     * are overwritten) and returns ∂L/∂input per row.
     */
    public float[][] backward(float[][] dOut) {
        int n = rows;
        for (int l = 0; l < layers(); l++) {
            for (float[] row : gw[l]) java.util.Arrays.fill(row, 0f);
            java.util.Arrays.fill(gb[l], 0f);
            java.util.Arrays.fill(ggain[l], 0f);
            java.util.Arrays.fill(gshift[l], 0f);
        }
        float[][] d = new float[n][];
        for (int r = 0; r < n; r++) d[r] = dOut[r].clone();
        for (int l = layers() - 1; l >= 0; l--) {
            int nin = sizes[l], nout = sizes[l + 1];
            Activation f = l == layers() - 1 ? output : hidden;
            float[][] dIn = new float[n][nin];
            for (int r = 0; r < n; r++) {
                float[] dz = d[r].clone();
                f.backprop(z[l][r], act[l][r], dz, nout); // dz = dL/d(activation input)
                if (normed(l)) {
                    float[] nr = norm[l][r];
                    double meanD = 0, meanDn = 0;
                    float[] dn = new float[nout];
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
                float[] xi = in[l][r], di = dIn[r];
                for (int j = 0; j < nout; j++) gb[l][j] += dz[j];
                for (int i = 0; i < nin; i++) {
                    float v = xi[i];
                    float[] gwi = gw[l][i], wi = w[l][i];
                    float s = 0;
                    for (int j = 0; j < nout; j++) {
                        gwi[j] += v * dz[j];
                        s += wi[j] * dz[j];
                    }
                    di[i] = s;
                }
            }
            d = dIn;
        }
        return d;
    }

    /** Parameter arrays (weights row by row, biases, LayerNorm gains and shifts), matching {@link #gradients()}. */
    public List<float[]> parameters() {
        return collect(w, b, gain, shift);
    }

    public List<float[]> gradients() {
        return collect(gw, gb, ggain, gshift);
    }

    private List<float[]> collect(float[][][] ws, float[][] bs, float[][] gs, float[][] ss) {
        List<float[]> out = new ArrayList<>();
        for (int l = 0; l < layers(); l++) {
            for (float[] row : ws[l]) out.add(row);
            out.add(bs[l]);
            if (normed(l)) {
                out.add(gs[l]);
                out.add(ss[l]);
            }
        }
        return out;
    }

    /** θ ← τ·θ_source + (1 − τ)·θ (τ = 1 copies). */
    public void softUpdate(DenseNet source, double tau) {
        List<float[]> mine = parameters(), theirs = source.parameters();
        float t = (float) tau, keep = 1 - t;
        for (int k = 0; k < mine.size(); k++) {
            float[] p = mine.get(k), q = theirs.get(k);
            for (int i = 0; i < p.length; i++) p[i] = keep * p[i] + t * q[i];
        }
    }

    public DenseNet copy() {
        DenseNet c = new DenseNet(sizes, layerNorm, normLast, hidden, output, 0, 0);
        c.softUpdate(this, 1);
        return c;
    }
}
