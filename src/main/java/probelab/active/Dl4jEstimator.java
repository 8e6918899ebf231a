package probelab.active;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Any DL4J network with a softmax output as an estimator: {@code fit} trains it for a number
 * of epochs in shuffled minibatches (continuing from its current weights), predictions are
 * its inference output, and MC-dropout samples are forward passes in training mode (its own
 * dropout layers active). For the seed notebook's CNN, {@link SeedCnn} is much faster.
 */
public final class Dl4jEstimator implements Estimator.Stochastic {
    private final MultiLayerNetwork net;
    private final int classes, epochs, batch;
    private final long seed;

    public Dl4jEstimator(MultiLayerNetwork net, int classes, int epochs, int batch, long seed) {
        this.net = net;
        this.classes = classes;
        this.epochs = epochs;
        this.batch = batch;
        this.seed = seed;
    }

    @Override
    public void fit(float[][] x, int[] y) {
        train(net, x, y, classes, epochs, batch, new SplittableRandom(seed));
    }

    /**
     * {@code epochs} passes over (x, y) in shuffled minibatches of one-hot targets; stops early on
     * an interrupt, and with {@link probelab.optim.Diverged} on a NaN or infinite loss or weight.
     */
    static void train(MultiLayerNetwork net, float[][] x, int[] y, int classes, int epochs, int batch, SplittableRandom rng) {
        int n = x.length;
        probelab.optim.Dl4jGuard guard = new probelab.optim.Dl4jGuard(net, probelab.optim.Optimizer.OnNonFinite.STOP);
        for (int e = 0; e < epochs && !Thread.currentThread().isInterrupted(); e++) {
            int[] order = probelab.util.Shuffle.permutation(n, rng);
            for (int from = 0; from < n; from += batch) {
                int m = Math.min(batch, n - from);
                float[][] bx = new float[m][];
                float[][] by = new float[m][classes];
                for (int i = 0; i < m; i++) {
                    bx[i] = x[order[from + i]];
                    by[i][y[order[from + i]]] = 1;
                }
                guard.fit(probelab.util.Nd.matrix(bx), Nd4j.createFromArray(by)); // a diverging step is undone, then stops the fit
            }
        }
    }

    private double[][] output(float[][] x, boolean train) {
        double[][] out = new double[x.length][];
        for (int from = 0; from < x.length; from += 1024) {
            int m = Math.min(1024, x.length - from);
            INDArray p = net.output(probelab.util.Nd.matrix(java.util.Arrays.copyOfRange(x, from, from + m)), train);
            float[] flat = probelab.util.Nd.floats(p); // bulk copy: toDoubleMatrix() reads element by element
            int k = (int) p.size(1);
            for (int i = 0; i < m; i++) {
                double[] row = new double[k];
                for (int c = 0; c < k; c++) row[c] = flat[i * k + c];
                out[from + i] = row;
            }
        }
        return out;
    }

    @Override
    public double[][] predictProba(float[][] x) {
        return output(x, false);
    }

    @Override
    public double[][][] sampleProba(float[][] x, int passes, long seedOfPasses) {
        Nd4j.getRandom().setSeed(seedOfPasses);
        double[][][] out = new double[passes][][];
        for (int t = 0; t < passes; t++) out[t] = output(x, true);
        return out;
    }

    /** DL4J draws its dropout masks per row, so rows of one pass see different weights. */
    @Override
    public boolean consistentPasses() {
        return false;
    }

    public MultiLayerNetwork getNetwork() {
        return net;
    }
}
