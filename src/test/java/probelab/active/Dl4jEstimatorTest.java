package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class Dl4jEstimatorTest {
    @Test
    void fitsPredictsAndSamplesWithDropout() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(2).activation(Activation.SOFTMAX)
                        .dropOut(0.5).build())
                .build());
        net.init();
        // two separable blobs
        java.util.Random r = new java.util.Random(1);
        float[][] x = new float[200][2];
        int[] y = new int[200];
        for (int i = 0; i < 200; i++) {
            y[i] = i % 2;
            x[i][0] = (float) (r.nextGaussian() * 0.3 + (y[i] == 1 ? 2 : -2));
            x[i][1] = (float) (r.nextGaussian() * 0.3);
        }
        Dl4jEstimator est = new Dl4jEstimator(net, 2, 20, 32, 1);
        est.fit(x, y);
        double[][] p = est.predictProba(x);
        int right = 0;
        for (int i = 0; i < 200; i++) if ((p[i][1] > 0.5 ? 1 : 0) == y[i]) right++;
        assertTrue(right >= 190, "accuracy " + right / 200.0);
        double[][][] s = est.sampleProba(x, 5, 3);
        assertEquals(5, s.length);
        double spread = 0;
        for (int i = 0; i < 200; i++) spread += Math.abs(s[0][i][1] - s[1][i][1]);
        assertTrue(spread > 1e-3, "dropout makes the passes differ");
    }
}
