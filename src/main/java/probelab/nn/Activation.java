package probelab.nn;

/**
 * Nonlinearities, each with its derivative written from its input z and output a. All are
 * element-wise except SOFTMAX, which works on one row (one example) at a time — the network
 * calls these per row.
 */
public enum Activation {
    RELU, TANH, SIGMOID, ELU, LINEAR, SOFTMAX;

    void apply(float[] z, float[] a, int len) {
        switch (this) {
            case RELU -> { for (int i = 0; i < len; i++) a[i] = Math.max(z[i], 0f); }
            case TANH -> { for (int i = 0; i < len; i++) a[i] = (float) Math.tanh(z[i]); }
            case SIGMOID -> { for (int i = 0; i < len; i++) a[i] = (float) (1 / (1 + Math.exp(-z[i]))); }
            case ELU -> { for (int i = 0; i < len; i++) a[i] = probelab.nn.kernels.Elementwise.elu(z[i]); }
            case LINEAR -> System.arraycopy(z, 0, a, 0, len);
            case SOFTMAX -> {
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) max = Math.max(max, z[i]);
                double sum = 0;
                for (int i = 0; i < len; i++) {
                    a[i] = (float) Math.exp(z[i] - max);
                    sum += a[i];
                }
                for (int i = 0; i < len; i++) a[i] /= (float) sum;
            }
        }
    }

    /** {@code d[i] *= f'(z[i])} in place; ReLU's and ELU's without a branch on the sign (mispredicted half the time). */
    void backprop(float[] z, float[] a, float[] d, int len) {
        switch (this) {
            case RELU -> { for (int i = 0; i < len; i++) d[i] *= probelab.nn.kernels.Elementwise.reluMask(z[i]); }
            case TANH -> { for (int i = 0; i < len; i++) d[i] *= 1 - a[i] * a[i]; }
            case SIGMOID -> { for (int i = 0; i < len; i++) d[i] *= a[i] * (1 - a[i]); }
            case ELU -> { for (int i = 0; i < len; i++) d[i] *= Math.min(a[i], 0f) + 1f; } // a + 1 below zero, 1 above
            case LINEAR -> { }
            case SOFTMAX -> { // d_i ← a_i (d_i − Σ_j a_j d_j)
                double dot = 0;
                for (int i = 0; i < len; i++) dot += a[i] * d[i];
                for (int i = 0; i < len; i++) d[i] = (float) (a[i] * (d[i] - dot));
            }
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
