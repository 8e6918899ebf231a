package probelab.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.nd4j.linalg.lossfunctions.LossFunctions;
import probelab.influence.InfluenceMap;
import probelab.inspect.Attribution;

class InfluenceMapTest {
    @Test
    void influenceMapsMatchAnExplicitSecondDerivative() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.createFromArray(new float[][] {{0.3f, -0.5f, 0.8f, 0.1f, -0.2f, 0.6f}});
        InfluenceMap m = InfluenceMap.compute(net, x, 1e-4, 1e-4);
        // Independently: ∇θL at x ± h·eᵢ by DL4J's backward pass with weights −2(1 − f), differenced, dotted with ∂f_j/∂θ.
        MultiLayerNetwork dbl = net.convertDataType(DataType.DOUBLE);
        INDArray xd = x.castTo(DataType.DOUBLE);
        MultiLayerNetwork scorer = Attribution.scorer(dbl, "output", false);
        double h = 1e-4;
        for (int i = 0; i < 6; i++) {
            INDArray[] grads = new INDArray[2];
            for (int sgn = 0; sgn < 2; sgn++) {
                INDArray xi = xd.dup();
                xi.putScalar(0, i, xd.getDouble(0, i) + (sgn == 0 ? h : -h));
                INDArray f = dbl.output(xi, false);
                INDArray w = f.rsub(1).muli(-2);
                grads[sgn] = scorer.calculateGradients(xi, w, null, null).getFirst().gradient().dup();
            }
            INDArray d = grads[0].sub(grads[1]).divi(2 * h);
            for (int j = 0; j < 3; j++) {
                double expected = InfluenceMap.outputGradient(dbl, xd, j).mul(d).sumNumber().doubleValue();
                assertEquals(expected, m.maps[j][i], 1e-4 * Math.max(1, Math.abs(expected)), "class " + j + ", input " + i);
            }
        }
    }
}
