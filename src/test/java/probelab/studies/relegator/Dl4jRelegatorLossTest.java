package probelab.studies.relegator;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The relegator loss inside DL4J: gradients through the whole network, and training with it. */
class Dl4jRelegatorLossTest {

    private static MultiLayerNetwork net(int seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new Dl4jRelegatorLoss(1.0, 0.01, RelegatorLoss.Variant.CE_PLUS_INV_SIGMA))
                        .nIn(16).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @Test
    void gradientsThroughTheNetworkMatchFiniteDifferences() {
        Events e = MoonsMass.generate(300, 0.2, 1.4, 0.5, 4);
        INDArray x = Nd4j.createFromArray(e.x()).castTo(DataType.DOUBLE);
        INDArray y = Dl4jRelegatorLoss.labels(e, 0.5, 0.075).castTo(DataType.DOUBLE);
        MultiLayerNetwork n = net(3);
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        INDArray grad = n.gradient().gradient().dup().divi(e.size()); // DL4J divides by the batch later
        INDArray params = n.params();
        double maxErr = 0;
        for (int k : new int[] {0, 5, 17, 40, (int) params.length() - 2}) {
            double old = params.getDouble(k), h = 1e-3; // the loss runs in float: a larger step beats its rounding
            params.putScalar(k, old + h);
            n.computeGradientAndScore();
            double up = n.score();
            params.putScalar(k, old - h);
            n.computeGradientAndScore();
            double down = n.score();
            params.putScalar(k, old);
            double numeric = (up - down) / (2 * h);
            maxErr = Math.max(maxErr, Math.abs(numeric - grad.getDouble(k)) / Math.max(1e-3, Math.abs(numeric)));
        }
        assertTrue(maxErr < 5e-3, "relative gradient error " + maxErr);
    }

    @Test
    void dl4jTrainingWithTheLossRaisesSigma() {
        Events e = MoonsMass.generate(2000, 0.2, 1.4, 0.5, 5);
        INDArray x = Nd4j.createFromArray(e.x()).castTo(DataType.DOUBLE);
        INDArray y = Dl4jRelegatorLoss.labels(e, 0.5, 0.075).castTo(DataType.DOUBLE);
        MultiLayerNetwork n = net(7);
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        double before = n.score();
        for (int i = 0; i < 40; i++) n.fit(x, y);
        n.computeGradientAndScore();
        assertTrue(n.score() < before * 0.95, "loss " + before + " → " + n.score());
    }
}
