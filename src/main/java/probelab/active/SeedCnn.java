package probelab.active;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The seed notebook's CNN as a DL4J network and an MC-dropout estimator: Conv(32, 3×3) →
 * MaxPool 2 → Conv(64, 3×3) → Dense 64 on every position (a 1×1 convolution, as Keras' Dense
 * on a 3-D tensor is) → Flatten → Dropout 0.5 → Dense 10 softmax; Adam with inverse-time
 * decay. Dropout sits only before the last layer, so the MC passes share one forward pass of
 * everything below it and differ only in the dropout mask and the last layer.
 */
public final class SeedCnn implements Estimator.Stochastic {
    private final int height, width, classes, epochs, batch, minSteps;
    private final long seed;
    private MultiLayerNetwork net;
    private SeedCnnForward fast;

    public SeedCnn(int height, int width, int classes, int epochs, int batch, long seed) {
        this(height, width, classes, epochs, batch, 0, seed);
    }

    /**
     * @param minSteps at least this many gradient steps per fit: with 20 labels an epoch is
     *                 one step, and a few epochs leave the network untrained
     */
    public SeedCnn(int height, int width, int classes, int epochs, int batch, int minSteps, long seed) {
        this.height = height;
        this.width = width;
        this.classes = classes;
        this.epochs = epochs;
        this.batch = batch;
        this.minSteps = minSteps;
        this.seed = seed;
    }

    private MultiLayerNetwork build() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(new InverseSchedule(ScheduleType.ITERATION, 1e-3, 1e-3, 1))).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(64).activation(Activation.RELU).build())
                // DL4J's dropOut(p) is the probability of keeping a unit: 0.5 either way
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
                        .dropOut(0.5).build())
                .setInputType(InputType.convolutionalFlat(height, width, 1)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** Trains from scratch on the labelled set ({@code epochs} passes in shuffled minibatches). */
    @Override
    public void fit(float[][] x, int[] y) {
        net = build();
        int perEpoch = (x.length + batch - 1) / batch;
        int epochsToRun = Math.max(epochs, (minSteps + perEpoch - 1) / perEpoch);
        Dl4jEstimator.train(net, x, y, classes, epochsToRun, batch, new SplittableRandom(seed));
        fast = new SeedCnnForward(net, height, width, classes);
    }

    private MultiLayerNetwork net() {
        if (net == null) throw new IllegalStateException("fit the CNN before predicting");
        return net;
    }

    /** Class probabilities (the fast forward pass; {@link #getNetwork()} gives DL4J's for comparison). */
    @Override
    public double[][] predictProba(float[][] x) {
        net();
        return fast.predict(x);
    }

    /**
     * MC-dropout passes: the features below the dropout are computed once per image, then each
     * pass keeps a random half of them (doubled, as inverted dropout does) for the last layer.
     */
    @Override
    public double[][][] sampleProba(float[][] x, int passes, long seedOfPasses) {
        net();
        return fast.sample(x, passes, seedOfPasses);
    }

    public MultiLayerNetwork getNetwork() {
        return net();
    }
}
