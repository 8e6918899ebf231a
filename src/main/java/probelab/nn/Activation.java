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
            case ELU -> { for (int i = 0; i < len; i++) a[i] = elu(z[i]); }
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
            case RELU -> { for (int i = 0; i < len; i++) d[i] *= on(z[i]); }
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

    /**
     * 1 where v > 0, else 0 (ReLU's derivative), in arithmetic only so that loops over it
     * vectorise: the smallest positive float times 2¹⁴⁹ is 1, so any v > 0 reaches 1 (larger
     * ones overflow to infinity; the min brings them back). A test of the sign is mispredicted
     * half the time on conv outputs; masking the bits runs, but scalar (0.41 vs 0.12 ns a value).
     */
    public static float on(float v) {
        return Math.min(1f, Math.max(v, 0f) * 0x1p100f * 0x1p49f);
    }

    /**
     * ELU — a above zero, e^a − 1 below — in arithmetic only, so that loops over it vectorise:
     * with y = max(a, −24)/64, e^y − 1 by its Taylor series to y⁸ (|y| ≤ 3/8), then six
     * squarings in the form (1 + e)² − 1 = e·(2 + e), which keeps small values exact; within
     * 1.3e-7 of {@code Math.expm1} from −100 to 0 (e^−24 is below float's resolution at −1).
     * {@code Math.exp} and the sign test cost ~9 ns a value here; this, vectorised, 0.65 ns.
     */
    public static float elu(float a) {
        float y = Math.max(Math.min(a, 0f), -24f) * 0.015625f;
        float p = 2.48015873e-5f; // 1/8!
        p = p * y + 1.98412698e-4f;
        p = p * y + 1.38888889e-3f;
        p = p * y + 8.33333333e-3f;
        p = p * y + 4.16666667e-2f;
        p = p * y + 1.66666667e-1f;
        p = p * y + 0.5f;
        float e = p * y * y + y; // e^y − 1
        e = e * (2f + e);
        e = e * (2f + e);
        e = e * (2f + e);
        e = e * (2f + e);
        e = e * (2f + e);
        e = e * (2f + e); // e^(64·y) − 1
        return Math.max(a, e); // a above zero (e = 0 there); e^a − 1 ≥ a below
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
