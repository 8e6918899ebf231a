package probelab.inspect;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.studies.retina.Lindsey;

/** The plain-array twin of a DL4J convolution stack computes what DL4J does, and refuses what it cannot copy. */
class ConvTwinTest {
    @Test
    void theLindseyEncodersTwinMatchesDl4j() {
        MultiLayerNetwork enc = Lindsey.encoder(72, 128, 3, 16, 4, 0, 0, 1);
        int n = 3, h = 40, w = 36, channels = 3;
        INDArray x = Nd4j.randn(DataType.FLOAT, n, channels, h, w);
        INDArray dl4j = enc.feedForwardToLayer(2, x, false).get(3); // [n, 16, oh, ow]
        ConvTwin twin = ConvTwin.of(enc, 2, h, w);
        assertNotNull(twin);
        float[][] frames = new float[n][h * w * channels];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
                frames[i][(y * w + xx) * channels + c] = x.getFloat(i, c, y, xx);
            }
        }
        float[][] out = twin.forward(frames);
        int oh = (int) dl4j.size(2), ow = (int) dl4j.size(3), filters = (int) dl4j.size(1);
        assertEquals(16, twin.filters());
        assertEquals(ow, twin.outWidth());
        double worst = 0;
        for (int i = 0; i < n; i++) for (int f = 0; f < filters; f++) for (int y = 0; y < oh; y++) for (int xx = 0; xx < ow; xx++) {
            worst = Math.max(worst, Math.abs(dl4j.getFloat(i, f, y, xx) - out[i][(y * ow + xx) * filters + f]));
        }
        assertTrue(worst < 1e-4, "largest difference from DL4J's output: " + worst);
    }

    @Test
    void stacksItCannotCopyStayWithDl4j() {
        assertNull(ConvTwin.of(net(new ConvolutionLayer.Builder(3, 3).nOut(4).padding(1, 1).activation(Activation.RELU).build()), 0, 20, 20), "padding");
        assertNull(ConvTwin.of(net(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build()), 0, 20, 20), "same mode");
        assertNull(ConvTwin.of(net(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build()), 0, 20, 20), "tanh");
        assertNull(ConvTwin.of(net(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build()), 0, 20, 20), "pooling");
        assertNotNull(ConvTwin.of(net(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build()), 0, 20, 20));
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer first) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(first)
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .setInputType(InputType.convolutional(20, 20, 1)).build();
        MultiLayerNetwork m = new MultiLayerNetwork(conf);
        m.init();
        return m;
    }
}
