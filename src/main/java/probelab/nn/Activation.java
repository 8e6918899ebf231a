package probelab.nn;

/**
 * Nonlinearities, each with its derivative written from its input z and output a. All are
 * element-wise except SOFTMAX, which works on one row (one example) at a time — the network
 * calls these per row.
 */
public enum Activation {
    RELU, TANH, SIGMOID, ELU, LINEAR, SOFTMAX;

    /** Element-wise: everything but SOFTMAX, which needs whole rows. */
    boolean elementwise() {
        return this != SOFTMAX;
    }

    /** {@code a = f(z)} over one row of {@code len} units. */
    void apply(float[] z, float[] a, int len) {
        if (this != SOFTMAX) {
            apply(z, a, 0, len);
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) max = Math.max(max, z[i]);
        double sum = 0;
        for (int i = 0; i < len; i++) {
            a[i] = (float) Math.exp(z[i] - max);
            sum += a[i];
        }
        for (int i = 0; i < len; i++) a[i] /= (float) sum;
    }

    /** {@code a[i] = f(z[i])} for i in [from, to), element-wise activations only (a block of flat rows). */
    void apply(float[] z, float[] a, int from, int to) {
        switch (this) {
            case RELU -> { for (int i = from; i < to; i++) a[i] = Math.max(z[i], 0f); }
            case TANH -> { for (int i = from; i < to; i++) a[i] = (float) Math.tanh(z[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) a[i] = (float) (1 / (1 + Math.exp(-z[i]))); }
            case ELU -> { for (int i = from; i < to; i++) a[i] = probelab.nn.kernels.Elementwise.elu(z[i]); }
            case LINEAR -> System.arraycopy(z, from, a, from, to - from);
            case SOFTMAX -> throw new IllegalStateException("softmax works on whole rows");
        }
    }

    /** {@code d[i] *= f'(z[i])} in place; ReLU's and ELU's without a branch on the sign (mispredicted half the time). */
    void backprop(float[] z, float[] a, float[] d, int len) {
        if (this != SOFTMAX) {
            backprop(z, a, d, 0, len);
            return;
        }
        // d_i ← a_i (d_i − Σ_j a_j d_j)
        double dot = 0;
        for (int i = 0; i < len; i++) dot += a[i] * d[i];
        for (int i = 0; i < len; i++) d[i] = (float) (a[i] * (d[i] - dot));
    }

    /** {@code d[i] *= f'(z[i])} for i in [from, to), element-wise activations only. */
    void backprop(float[] z, float[] a, float[] d, int from, int to) {
        switch (this) {
            case RELU -> { for (int i = from; i < to; i++) d[i] *= probelab.nn.kernels.Elementwise.reluMask(z[i]); }
            case TANH -> { for (int i = from; i < to; i++) d[i] *= 1 - a[i] * a[i]; }
            case SIGMOID -> { for (int i = from; i < to; i++) d[i] *= a[i] * (1 - a[i]); }
            case ELU -> { for (int i = from; i < to; i++) d[i] *= Math.min(a[i], 0f) + 1f; } // a + 1 below zero, 1 above
            case LINEAR -> { }
            case SOFTMAX -> throw new IllegalStateException("softmax works on whole rows");
        }
    }

    /** log-softmax of one row of logits, in double (shared by the plain-array classifiers' losses). */
    public static double[] logSoftmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : z) max = Math.max(max, v);
        for (float v : z) sum += Math.exp(v - max);
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) out[c] = z[c] - log;
        return out;
    }
}
