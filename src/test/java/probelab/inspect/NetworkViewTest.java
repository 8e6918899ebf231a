package probelab.inspect;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.active.BayesianCnn;
import probelab.nn.Activation;
import probelab.nn.Mlp;

/**
 * One view of every network: attribution's gradients against finite differences of the
 * network's own output, integrated gradients' completeness, receptive fields that recover a
 * known filter, and the refusals (guided backprop of an MLP, gradients of an ONNX model).
 */
class NetworkViewTest {

    /** (f(x + εv) − f(x − εv)) / 2ε against g·v, for a few random directions. */
    static void directionalDerivativesAgree(NetworkView v, float[] x, int k, float[] g, double eps, double tol, double floor) {
        SplittableRandom rng = new SplittableRandom(5);
        for (int t = 0; t < 4; t++) {
            float[] dir = new float[x.length], plus = x.clone(), minus = x.clone();
            double gv = 0;
            for (int i = 0; i < x.length; i++) {
                dir[i] = (float) rng.nextGaussian();
                plus[i] += (float) (eps * dir[i]);
                minus[i] -= (float) (eps * dir[i]);
                gv += g[i] * dir[i];
            }
            double[] f = v.output(new float[][] {plus, minus}, k);
            double fd = (f[0] - f[1]) / (2 * eps);
            assertEquals(gv, fd, tol * Math.max(floor, Math.abs(gv)), "direction " + t + ": g·v " + gv + " vs finite difference " + fd);
        }
    }

    @Test
    void anMlpsAttributionIsItsGradientAndIntegratedGradientsAddUp() {
        Mlp net = new Mlp(new int[] {6, 16, 16, 3}, Activation.TANH, Activation.LINEAR, 3);
        NetworkView v = NetworkView.of(net);
        assertEquals(List.of("hidden1", "hidden2", "output"), v.layers());
        float[] x = {0.3f, -0.2f, 0.5f, 0.1f, -0.7f, 0.4f};
        Attribution.Result s = Attribution.attribute(v, x, new Attribution.Options("saliency", 2, "logit", 50, 0, false));
        float[] g = probelab.util.Nd.floats(s.values);
        directionalDerivativesAgree(v, x, 2, g, 1e-3, 0.02, 1e-3);
        Attribution.Result ig = Attribution.attribute(v, x, new Attribution.Options("integratedGradients", 2, "logit", 50, 0, true));
        assertEquals(ig.delta, ig.sum(), 0.01 * Math.abs(ig.delta) + 1e-5, "the attributions sum to f(x) − f(0)");
        IllegalArgumentException guided = assertThrows(IllegalArgumentException.class,
                () -> Attribution.attribute(v, x, new Attribution.Options("guidedBackprop", 0, "logit", 50, 0, true)));
        assertTrue(guided.getMessage().contains("saliency or integratedGradients"), guided.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Attribution.attribute(v, new float[5], Attribution.Options.DEFAULTS))
                .getMessage().contains("takes 6 values [6], the example has 5"));
    }

    @Test
    void aBayesianCnnsInputGradientMatchesFiniteDifferences() {
        BayesianCnn net = new BayesianCnn(28, 28, 10, BayesianCnn.Options.DEFAULTS);
        NetworkView v = NetworkView.of(net);
        assertArrayEquals(new int[] {1, 28, 28}, v.inputShape());
        SplittableRandom rng = new SplittableRandom(2);
        float[] x = new float[28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
        float[] g = v.inputGradients(new float[][] {x}, 4, false)[0];
        // small steps (ReLUs and max-pools have kinks), an absolute floor (float32 logits)
        directionalDerivativesAgree(v, x, 4, g, 3e-4, 0.03, 0.05);
        // guided: never more than the plain gradient lets through, and not all of it
        float[] guided = v.inputGradients(new float[][] {x}, 4, true)[0];
        assertFalse(java.util.Arrays.equals(g, guided));
        Attribution.Result r = Attribution.attribute(v, x, new Attribution.Options("guidedBackprop", 4, "logit", 50, 0, true));
        assertEquals(28, r.heat().length);
    }

    @Test
    void receptiveFieldsOfADenseUnitRecoverItsWeights() {
        // a ReLU unit of Gaussian noise: its spike-triggered average points along its weights
        Mlp net = new Mlp(new int[] {25, 4, 2}, Activation.RELU, Activation.LINEAR, 11);
        ReceptiveFields rf = ReceptiveFields.compute(NetworkView.of(net), new ReceptiveFields.Options(1, 20_000, 1000, 0, 3, false));
        assertEquals(4, rf.filters());
        double[] sta = new double[25], weights = new double[25];
        for (int i = 0; i < 25; i++) {
            sta[i] = rf.sta[1][0][0][i];
            weights[i] = net.parameters().get(i)[1]; // the first layer's rows: one per input, a column per unit
        }
        double c = ReceptiveFields.correlation(sta, weights);
        assertTrue(c > 0.95, "correlation with the unit's weights " + c);
    }

    @Test
    void anOnnxModelGivesReceptiveFieldsAndAttribution() {
        try (probelab.onnx.OnnxModel m = probelab.onnx.OnnxModel.load(java.nio.file.Paths.get("src/test/resources/onnx/fashion_cnn.onnx"))) {
            NetworkView v = NetworkView.of(m);
            assertFalse(v.convolutions().isEmpty());
            ReceptiveFields rf = ReceptiveFields.compute(v, new ReceptiveFields.Options(1, 500, 250, 0, 1, false));
            assertEquals(28, rf.sta[0][0].length);
            assertEquals(28, rf.sta[0][0][0].length);
            float[] image = probelab.data.Npy.read(java.nio.file.Paths.get("src/test/resources/onnx/inputs.npy")).asRows()[0];
            float[] want = probelab.data.Npy.read(java.nio.file.Paths.get("src/test/resources/onnx/grads.npy")).asRows()[0];
            int label = probelab.data.Npy.read(java.nio.file.Paths.get("src/test/resources/onnx/labels.npy")).ints()[0];
            float[] got = v.inputGradients(new float[][] {image}, label, false)[0];
            float scale = 0;
            for (float w : want) scale = Math.max(scale, Math.abs(w));
            for (int p = 0; p < got.length; p++) assertEquals(want[p], got[p], 1e-4 * scale, "the gradient through the view at pixel " + p);
            assertNotNull(Attribution.attribute(v, image, Attribution.Options.DEFAULTS));
        }
    }
}
