package probelab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The branch-free activations against their textbook definitions. */
class ActivationTest {
    @Test
    void eluMatchesExpm1EverywhereFloatReaches() {
        double worst = 0;
        for (float a = -120f; a < 6f; a += 1.7e-4f) {
            double expected = a > 0 ? a : Math.expm1(a);
            worst = Math.max(worst, Math.abs(probelab.nn.kernels.Elementwise.elu(a) - expected));
        }
        assertTrue(worst < 2e-7, "worst absolute error " + worst);
        assertEquals(0f, probelab.nn.kernels.Elementwise.elu(0f));
        assertEquals(-1f, probelab.nn.kernels.Elementwise.elu(-1e4f));
        assertEquals(3e4f, probelab.nn.kernels.Elementwise.elu(3e4f));
        assertEquals(1e-30f, probelab.nn.kernels.Elementwise.elu(1e-30f)); // tiny positive values pass through unchanged
    }

    @Test
    void reluAndEluDerivativesWithoutBranches() {
        float[] z = {-2f, -0f, 0f, 1e-40f, 3f, -1e-40f};
        float[] a = new float[z.length], d = new float[z.length];
        Activation.RELU.apply(z, a, z.length);
        java.util.Arrays.fill(d, 2f);
        Activation.RELU.backprop(z, a, d, z.length);
        assertEquals(java.util.List.of(0f, 0f, 0f, 2f, 2f, 0f), box(d)); // f'(z) = [z > 0], subnormals included
        Activation.ELU.apply(z, a, z.length);
        java.util.Arrays.fill(d, 2f);
        Activation.ELU.backprop(z, a, d, z.length);
        for (int i = 0; i < z.length; i++) assertEquals(z[i] > 0 ? 2f : 2f * (float) Math.exp(z[i]), d[i], 1e-6f, "ELU' at " + z[i]);
    }

    @Test
    void reluGateIsOneExactlyAboveZero() {
        float[] v = {Float.MIN_VALUE, 1e-38f, 1f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, 0f, -0f, -Float.MIN_VALUE, -5f};
        float[] expected = {1, 1, 1, 1, 1, 0, 0, 0, 0};
        for (int i = 0; i < v.length; i++) assertEquals(expected[i], probelab.nn.kernels.Elementwise.reluMask(v[i]), "gate at " + v[i]);
    }

    private static java.util.List<Float> box(float[] v) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        for (float x : v) out.add(x);
        return out;
    }
}
