package probelab.nn;

/** Element-wise nonlinearities, each with its derivative written from its input z and output a. */
public enum Activation {
    RELU, TANH, SIGMOID, ELU, LINEAR;

    void apply(float[] z, float[] a, int len) {
        switch (this) {
            case RELU -> { for (int i = 0; i < len; i++) a[i] = z[i] > 0 ? z[i] : 0f; }
            case TANH -> { for (int i = 0; i < len; i++) a[i] = (float) Math.tanh(z[i]); }
            case SIGMOID -> { for (int i = 0; i < len; i++) a[i] = (float) (1 / (1 + Math.exp(-z[i]))); }
            case ELU -> { for (int i = 0; i < len; i++) a[i] = z[i] > 0 ? z[i] : (float) Math.expm1(z[i]); }
            case LINEAR -> System.arraycopy(z, 0, a, 0, len);
        }
    }

    /** {@code d[i] *= f'(z[i])} in place. */
    void backprop(float[] z, float[] a, float[] d, int len) {
        switch (this) {
            case RELU -> { for (int i = 0; i < len; i++) if (z[i] <= 0) d[i] = 0f; }
            case TANH -> { for (int i = 0; i < len; i++) d[i] *= 1 - a[i] * a[i]; }
            case SIGMOID -> { for (int i = 0; i < len; i++) d[i] *= a[i] * (1 - a[i]); }
            case ELU -> { for (int i = 0; i < len; i++) if (z[i] <= 0) d[i] *= a[i] + 1; }
            case LINEAR -> { }
        }
    }
}
