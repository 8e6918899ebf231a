package probelab.onnx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import probelab.data.Npy;

/** Exact gradients of an ONNX model, checked against PyTorch's autograd on the same weights. */
class OnnxGradientsTest {
    static final Path DIR = OnnxModelTest.DIR;

    @Test
    void theForwardPassOnPlainArraysMatchesOnnxRuntime() {
        float[][] x = Npy.read(DIR.resolve("inputs.npy")).asRows();
        try (OnnxModel m = OnnxModel.load(DIR.resolve("fashion_cnn.onnx"))) {
            float[][] ort = m.predict(x);
            for (int i = 0; i < x.length; i++) {
                float[] mine = m.plainForward(x[i]);
                float scale = 0;
                for (float v : ort[i]) scale = Math.max(scale, Math.abs(v));
                for (int j = 0; j < mine.length; j++) assertEquals(ort[i][j], mine[j], 1e-5 * scale + 1e-6, "image " + i + ", logit " + j);
            }
        }
    }

    /** d logit[label] / d pixel of each test image, against grads.npy from scripts/fixtures/onnx_fixtures.py --gradients. */
    @Test
    void inputGradientsMatchPyTorchsAutograd() {
        float[][] x = Npy.read(DIR.resolve("inputs.npy")).asRows();
        int[] labels = Npy.read(DIR.resolve("labels.npy")).ints();
        float[][] want = Npy.read(DIR.resolve("grads.npy")).asRows();
        try (OnnxModel m = OnnxModel.load(DIR.resolve("fashion_cnn.onnx"))) {
            for (int i = 0; i < x.length; i++) {
                float[] got = m.inputGradients(new float[][] {x[i]}, labels[i], false)[0];
                double err = 0, norm = 0;
                for (int p = 0; p < got.length; p++) {
                    err += (got[p] - want[i][p]) * (double) (got[p] - want[i][p]);
                    norm += want[i][p] * (double) want[i][p];
                }
                assertTrue(Math.sqrt(err / norm) < 1e-4, "image " + i + ": relative error " + Math.sqrt(err / norm));
            }
            float[] guided = m.inputGradients(new float[][] {x[0]}, labels[0], true)[0];
            float[] plain = m.inputGradients(new float[][] {x[0]}, labels[0], false)[0];
            assertFalse(java.util.Arrays.equals(guided, plain), "guided backprop differs from the plain gradient");
        }
    }

    static void close(float[] want, float[] got, double rel, String what) {
        double err = 0, norm = 0;
        for (int p = 0; p < got.length; p++) {
            err += (got[p] - want[p]) * (double) (got[p] - want[p]);
            norm += want[p] * (double) want[p];
        }
        assertEquals(want.length, got.length, what);
        assertTrue(Math.sqrt(err / norm) < rel, what + ": relative error " + Math.sqrt(err / norm));
    }

    /**
     * The other operators, in a PyTorch model with random weights: strided, padded, grouped and
     * dilated convolutions, LeakyReLU, tanh, constant padding with a ceil-mode average pool,
     * global pooling, the shape arithmetic of a reshape, MatMul, broadcast Add, Mul, Sub,
     * sigmoid and softmax.
     */
    @Test
    void everyOtherOperatorMatchesPyTorch() {
        float[][] x = Npy.read(DIR.resolve("operators_inputs.npy")).asRows();
        float[][] out = Npy.read(DIR.resolve("operators_outputs.npy")).asRows();
        float[][] want = Npy.read(DIR.resolve("operators_grads.npy")).asRows();
        try (OnnxModel m = OnnxModel.load(DIR.resolve("operators.onnx"))) {
            // ONNX Runtime is not compared here: its ceil-mode average pool divides the last
            // window by a different count than PyTorch's (2% off); the plain arrays match PyTorch
            for (int i = 0; i < x.length; i++) {
                close(out[i], m.plainForward(x[i]), 1e-5, "outputs of image " + i);
                close(want[i], m.inputGradients(new float[][] {x[i]}, 2, false)[0], 1e-4, "gradient of image " + i);
            }
        }
    }

    @Test
    void batchNormalisationInInferenceMatchesItsFormula() {
        float[] x = Npy.read(DIR.resolve("batchnorm_inputs.npy")).asRows()[0];
        float[] out = Npy.read(DIR.resolve("batchnorm_outputs.npy")).asRows()[0];
        float[] want = Npy.read(DIR.resolve("batchnorm_grads.npy")).asRows()[0];
        try (OnnxModel m = OnnxModel.load(DIR.resolve("batchnorm.onnx"))) {
            close(out, m.plainForward(x), 1e-5, "outputs");
            float[] sum = new float[x.length];
            for (int k = 0; k < out.length; k++) {
                float[] g = m.inputGradients(new float[][] {x}, k, false)[0];
                for (int p = 0; p < g.length; p++) sum[p] += g[p];
            }
            close(want, sum, 1e-5, "gradient of the outputs' sum");
        }
    }

    @Test
    void aModelWithAnOperatorWithoutAGradientIsRefusedByName() {
        try (OnnxModel m = OnnxModel.load(DIR.resolve("erf.onnx"))) {
            assertEquals(4, m.predict(new float[][] {{0, 1, 2, 3}})[0].length, "it still runs");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.inputGradients(new float[][] {{0, 1, 2, 3}}, 0, false));
            assertTrue(e.getMessage().contains("Erf") && e.getMessage().contains("receptive fields only"), e.getMessage());
        }
    }
}
