package probelab.nn;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import probelab.data.ImageDataset;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * Image classifiers as DL4J networks with named layers (conv1, pool1, conv2, pool2, dense,
 * output), taking images {@code [n, channels, height, width]} of any size their convolutions
 * allow, and a plain training loop with a progress bar that stops cleanly on Ctrl-C.
 */
public final class Cnn {
    private Cnn() {}

    public record Options(
            @Doc("passes over the training images") int epochs,
            @Doc("images per gradient step") int batch,
            @Doc("Adam learning rate") double learningRate,
            @Doc("filters of the first and second convolution") int[] filters,
            @Doc("units of the dense layer") int dense,
            @Doc("seed of the weights and the shuffling") long seed,
            @Doc("show a progress bar") boolean progress,
            @Doc("a NaN or infinite loss or weight: stop (keeping the last finite weights) or warn (skip such steps)") String onNonFinite) {
        public static final Options DEFAULTS = new Options(1, 64, 1e-3, new int[] {16, 32}, 64, 1, true, "stop");

        public Options {
            probelab.util.Check.atLeast("epochs", epochs, 0);
            probelab.util.Check.atLeast("batch", batch, 1);
            probelab.util.Check.positive("learningRate", learningRate);
            if (filters.length != 2) throw new IllegalArgumentException("filters must name the two convolutions' filters, e.g. [16, 32], got " + java.util.Arrays.toString(filters));
            filters = probelab.util.Check.layerSizes("filters", filters);
            probelab.util.Check.atLeast("dense", dense, 1);
            probelab.optim.Optimizer.OnNonFinite.of(onNonFinite);
        }
    }

    /** conv 5×5 → max-pool 2 → conv 5×5 → max-pool 2 → dense (ReLU) → softmax output. */
    public static MultiLayerNetwork small(int channels, int height, int width, int classes, Options o) {
        if (o.filters().length != 2) throw new IllegalArgumentException("filters must list two counts, got " + o.filters().length);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(o.seed()).dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU).updater(new Adam(o.learningRate())).list()
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(o.filters()[0]).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(o.filters()[1]).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().name("dense").nOut(o.dense()).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(height, width, channels)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Builds {@link #small} for the dataset and trains it. */
    public static MultiLayerNetwork train(ImageDataset ds, Options o) {
        MultiLayerNetwork net = small(ds.getChannels(), ds.getHeight(), ds.getWidth(), ds.getClassNames().length, o);
        fit(net, ds, o);
        return net;
    }

    /**
     * {@code epochs} shuffled passes in minibatches; Ctrl-C stops after the current step, keeping
     * the weights. A step that leaves a NaN or infinite loss or weight is undone, then stops
     * training with a message naming it (or, under warn, is skipped).
     */
    public static void fit(MultiLayerNetwork net, ImageDataset ds, Options o) {
        int n = ds.size(), classes = ds.getClassNames().length;
        float[][] rows = ds.rows();
        int[] labels = ds.getLabels();
        long[] shape = {0, ds.getChannels(), ds.getHeight(), ds.getWidth()};
        int steps = (n + o.batch() - 1) / o.batch();
        Progress bar = new Progress("train cnn", (long) steps * o.epochs(), o.progress());
        SplittableRandom rng = new SplittableRandom(o.seed());
        long done = 0;
        double loss = Double.NaN;
        probelab.optim.Dl4jGuard guard = new probelab.optim.Dl4jGuard(net, probelab.optim.Optimizer.OnNonFinite.of(o.onNonFinite()));
        String diverged = null;
        outer:
        for (int e = 0; e < o.epochs(); e++) {
            int[] order = probelab.util.Shuffle.permutation(n, rng);
            for (int from = 0; from < n; from += o.batch()) {
                if (Thread.currentThread().isInterrupted()) break outer;
                int m = Math.min(o.batch(), n - from);
                float[][] bx = new float[m][];
                INDArray by = Nd4j.zeros(DataType.FLOAT, m, classes);
                for (int i = 0; i < m; i++) {
                    bx[i] = rows[order[from + i]];
                    by.putScalar(i, labels[order[from + i]], 1);
                }
                shape[0] = m;
                double step;
                try {
                    step = guard.fit(probelab.util.Nd.matrix(bx).reshape(shape), by);
                } catch (probelab.optim.Diverged d) {
                    diverged = d.getMessage();
                    break outer;
                }
                if (!Double.isNaN(step)) loss = Double.isNaN(loss) ? step : 0.98 * loss + 0.02 * step;
                bar.update(++done, "loss", loss, "epoch", e + 1);
            }
        }
        bar.finish(done, Thread.currentThread().isInterrupted() ? "interrupted — kept the weights after " + done + " steps"
                : diverged != null ? "stopped after " + done + " steps: diverged" : "done", "loss", loss);
        if (diverged != null) System.err.println("train cnn: " + diverged);
    }

    /** Fraction of the dataset's images the network classifies correctly. */
    public static double accuracy(MultiLayerNetwork net, ImageDataset ds) {
        int n = ds.size(), right = 0;
        float[][] rows = ds.rows();
        int[] labels = ds.getLabels();
        for (int from = 0; from < n; from += 1000) {
            int m = Math.min(1000, n - from);
            INDArray x = probelab.util.Nd.matrix(java.util.Arrays.copyOfRange(rows, from, from + m))
                    .reshape(m, ds.getChannels(), ds.getHeight(), ds.getWidth());
            int[] pred = net.output(x, false).argMax(1).toIntVector();
            for (int i = 0; i < m; i++) if (pred[i] == labels[from + i]) right++;
        }
        return (double) right / n;
    }
}
