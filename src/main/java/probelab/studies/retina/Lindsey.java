package probelab.studies.retina;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The "Lindsey" retinal encoder of seed 003: convolutions with kernel 7, no padding, ELU —
 * 3→C stride 2 ("bipolar"), C→B ("bottleneck", B = 4), B→C ("v1"), then optional C→C
 * layers — flattened into 64 ELU units ("fc"). With {@code classes > 0} a softmax output
 * layer makes it the supervised baseline; with 0 the fc layer is the last (no training).
 */
public final class Lindsey {
    private Lindsey() {}

    /** The encoder's shape. */
    public record Options(@probelab.util.Doc("input height") int height, @probelab.util.Doc("input width") int width,
                          @probelab.util.Doc("input channels") int channels,
                          @probelab.util.Doc("filters C of the bipolar and v1 layers") int filters,
                          @probelab.util.Doc("bottleneck width B") int bottleneck, @probelab.util.Doc("extra C→C layers") int extraLayers,
                          @probelab.util.Doc("classes of a softmax output (0: none)") int classes,
                          @probelab.util.Doc("seed of the weights") long seed) {
        public static final Options DEFAULTS = new Options(72, 128, 3, 16, 4, 0, 0, 1);

        public Options {
            probelab.util.Check.atLeast("height", height, 1);
            probelab.util.Check.atLeast("width", width, 1);
            probelab.util.Check.atLeast("channels", channels, 1);
            probelab.util.Check.atLeast("filters", filters, 1);
            probelab.util.Check.atLeast("bottleneck", bottleneck, 1);
            probelab.util.Check.atLeast("extraLayers", extraLayers, 0);
            probelab.util.Check.atLeast("classes", classes, 0);
        }
    }

    public static MultiLayerNetwork encoder(Options o) {
        return encoder(o.height(), o.width(), o.channels(), o.filters(), o.bottleneck(), o.extraLayers(), o.classes(), o.seed());
    }

    public static MultiLayerNetwork encoder(int height, int width, int channels, int c, int bottleneck, int extraLayers, int classes, long seed) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(7, 7).name("bipolar").stride(2, 2).nIn(channels).nOut(c).activation(Activation.ELU).build())
                .layer(new ConvolutionLayer.Builder(7, 7).name("bottleneck").nOut(bottleneck).activation(Activation.ELU).build())
                .layer(new ConvolutionLayer.Builder(7, 7).name("v1").nOut(c).activation(Activation.ELU).build());
        for (int i = 1; i <= extraLayers; i++) {
            b.layer(new ConvolutionLayer.Builder(7, 7).name("extra" + i).nOut(c).activation(Activation.ELU).build());
        }
        if (classes > 0) {
            b.layer(new DenseLayer.Builder().name("fc").nOut(64).activation(Activation.ELU).build());
            b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes).activation(Activation.SOFTMAX).build());
        } else {
            b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("fc").nOut(64).activation(Activation.ELU).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(InputType.convolutional(height, width, channels)).build());
        net.init();
        return net;
    }
}
