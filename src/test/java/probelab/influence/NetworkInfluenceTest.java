package probelab.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import probelab.nn.Cnn;
import probelab.optim.Lbfgs;

/** Influence over DL4J networks: finite-difference products against backprop, and against leave-one-out. */
class NetworkInfluenceTest {

    /** Three Gaussian blobs in 5-D with some overlap, so that single points matter. */
    static INDArray blobs(int n, int[] labels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 5);
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 5; j++) x.putScalar(i, j, (j == labels[i] ? 1.5 : 0) + r.nextGaussian());
        }
        return x;
    }

    static MultiLayerNetwork mlp(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().name("hidden").nIn(5).nOut(6).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nIn(6).nOut(3).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** Fits the counted parameters to the damped objective's optimum with L-BFGS (leaving out one point if ≥ 0). */
    static double[] fit(NetworkInfluence.Model m, double[] start, int leaveOut) {
        double[] theta = start.clone();
        Lbfgs solver = new Lbfgs(20, 200);
        for (int round = 0; round < 10; round++) {
            solver.step((t, g) -> m.objective(t, g, leaveOut), theta);
            double[] g = new double[theta.length];
            m.objective(theta, g, leaveOut);
            if (Influence.norm(g) < 1e-10) break;
        }
        return theta;
    }

    @Test
    void predictedInfluenceMatchesLeaveOneOutOnASmallNetwork() {
        int n = 150;
        int[] y = new int[n];
        INDArray x = blobs(n, y, 5);
        NetworkInfluence.Model m = NetworkInfluence.of(mlp(2), x, y, new NetworkInfluence.Options(0.01, 0, "", 500, 1, "dl4j"));
        double[] optimum = fit(m, m.parameters(), -1);
        m.setParameters(optimum);

        int[] ty = new int[1];
        INDArray test = blobs(1, ty, 99);
        float[] xt = probelab.util.Nd.floats(test);
        double[] cg = Influence.removalEffect(m, xt, ty[0], Influence.Options.DEFAULTS);
        double[] lissa = Influence.removalEffect(m, xt, ty[0], new Influence.Options("lissa", 0, 0, 0.0, 0, 3000));
        double agree = Influence.pearson(cg, lissa);
        assertTrue(agree > 0.99, "CG and LiSSA agree: Pearson " + agree);

        double base = m.loss(xt, ty[0]);
        int[] top = Influence.topByMagnitude(cg, 15);
        double[] predicted = new double[top.length], actual = new double[top.length];
        for (int k = 0; k < top.length; k++) {
            m.setParameters(fit(m, optimum, top[k]));
            actual[k] = m.loss(xt, ty[0]) - base;
            predicted[k] = cg[top[k]];
            m.setParameters(optimum);
        }
        double r = Influence.pearson(predicted, actual);
        System.out.printf("network influence vs leave-one-out over the 15 most influential: Pearson %.4f%n", r);
        assertTrue(r >= 0.95, "Pearson " + r);
    }

    /** {@code n} 20×20 noise images [n, 1, 20, 20], labels i mod 3. */
    static INDArray noiseImages(int n, SplittableRandom r) {
        INDArray x = Nd4j.create(DataType.FLOAT, n, 1, 20, 20);
        for (int i = 0; i < n; i++) for (int p = 0; p < 400; p++) x.putScalar(new long[] {i, 0, p / 20, p % 20}, r.nextDouble());
        return x;
    }

    static int[] labelsModThree(int n) {
        return java.util.stream.IntStream.range(0, n).map(i -> i % 3).toArray();
    }

    @Test
    void finiteDifferencesAgreeWithBackpropOnACnn() {
        int n = 40;
        int[] y = labelsModThree(n);
        SplittableRandom r = new SplittableRandom(4);
        INDArray x = noiseImages(n, r);
        MultiLayerNetwork cnn = Cnn.small(1, 20, 20, 3, new Cnn.Options(0, 8, 1e-3, new int[] {3, 4}, 6, 1, false, "stop"));
        NetworkInfluence.Model m = NetworkInfluence.of(cnn, x, y, new NetworkInfluence.Options(0.0, 0, "", 16, 1, "dl4j"));
        double[] s = new double[m.dimension()];
        for (int i = 0; i < s.length; i++) s[i] = r.nextGaussian();
        double[] dots = m.trainingDots(s);
        for (int i = 0; i < 5; i++) {
            double exact = Influence.dot(m.trainingGradient(i), s);
            assertEquals(exact, dots[i], 1e-5 * Math.max(1, Math.abs(exact)), "∇ℓ·s of point " + i);
        }
        // H is symmetric: uᵀ(Hv) = vᵀ(Hu).
        double[] u = new double[m.dimension()];
        for (int i = 0; i < u.length; i++) u[i] = r.nextGaussian();
        var h = m.hessian(false);
        double uHv = Influence.dot(u, h.apply(s)), vHu = Influence.dot(s, h.apply(u));
        assertEquals(uHv, vHu, 1e-4 * Math.max(1, Math.abs(uHv)), "uᵀHv = vᵀHu");

        // Restricted to the output layer: the same entries of the gradient.
        NetworkInfluence.Model top = NetworkInfluence.of(cnn, x, y, new NetworkInfluence.Options(0.0, 0, "output", 16, 1, "dl4j"));
        double[] full = m.trainingGradient(0), part = top.trainingGradient(0);
        int offset = full.length - part.length;
        for (int i = 0; i < part.length; i++) assertEquals(full[offset + i], part[i], 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkInfluence.of(cnn, x, y, new NetworkInfluence.Options(0.0, 0, "fc9", 16, 1, "dl4j")));
        assertTrue(e.getMessage().contains("fc9") && e.getMessage().contains("conv1"), e.getMessage());
    }

    @Test
    void theFloatTwinMatchesDl4jInDoublePrecision() {
        int n = 60;
        int[] y = labelsModThree(n);
        SplittableRandom r = new SplittableRandom(6);
        INDArray x = noiseImages(n, r);
        MultiLayerNetwork cnn = Cnn.small(1, 20, 20, 3, new Cnn.Options(2, 8, 1e-3, new int[] {3, 4}, 6, 1, false, "stop"));
        Cnn.fit(cnn, new probelab.data.ImageDataset("noise", x.reshape(n, 400).toFloatMatrix(), y, new String[] {"a", "b", "c"}, 1, 20, 20),
                new Cnn.Options(2, 8, 1e-3, new int[] {3, 4}, 6, 1, false, "stop")); // trained a little, so that the ReLUs are not all where they began
        NetworkInfluence.Model exact = NetworkInfluence.of(cnn, x, y, new NetworkInfluence.Options(0.01, 0, "", 16, 1, "dl4j"));
        NetworkInfluence.Model fast = NetworkInfluence.of(cnn, x, y, new NetworkInfluence.Options(0.01, 0, "", 16, 1, "auto"));
        assertTrue(fast.usesTwin() && !exact.usesTwin());
        double worst = 0;
        for (int trial = 0; trial < 3; trial++) {
            double[] v = new double[exact.dimension()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
            double[] a = exact.hessian(false).apply(v), b = fast.hessian(false).apply(v);
            double diff = 0, norm = 0;
            for (int i = 0; i < a.length; i++) {
                diff += (a[i] - b[i]) * (a[i] - b[i]);
                norm += a[i] * a[i];
            }
            worst = Math.max(worst, Math.sqrt(diff / norm));
        }
        System.out.printf("float twin Hv vs DL4J double: worst relative error %.2e%n", worst);
        assertTrue(worst < 2e-2, "relative error " + worst); // float rounding of θ ± εv and of the gradients

        // the training dots by forward-mode differentiation in float against DL4J's backprop per image in double
        // (not its differences of losses: a pooling window that switches inside ±ε bends those, measured once here)
        double[] s = new double[exact.dimension()];
        for (int i = 0; i < s.length; i++) s[i] = r.nextGaussian();
        double[] b = fast.trainingDots(s);
        double largest = 0, off = 0;
        for (int i = 0; i < n; i++) {
            double a = Influence.dot(exact.trainingGradient(i), s);
            largest = Math.max(largest, Math.abs(a));
            off = Math.max(off, Math.abs(a - b[i]));
        }
        System.out.printf("float twin ∇ℓ·s vs DL4J backprop in double: worst %.2e of the largest %.3f%n", off / largest, largest);
        assertTrue(off < 1e-4 * largest, "dots differ by " + off + " (largest " + largest + ")");
    }
}
