package probelab.studies.relegator;

import java.util.Arrays;
import java.util.SplittableRandom;
import probelab.nn.Mlp;
import probelab.optim.Optimizer;
import probelab.util.Progress;

/**
 * Full-batch training with Adam and the original's early stop: one step per epoch on all
 * training events (inputs dropped out at {@code dropout}), then the test loss; after
 * {@code depth} epochs a line is fitted to the last {@code depth} test losses and training
 * stops once its slope is ≥ 0. Ctrl-C stops after the current epoch, keeping the weights.
 */
final class FullBatch {
    /** A loss on the network's outputs: returns its value and fills grad (∂loss/∂output) if given. */
    interface Loss {
        double compute(float[][] out, int n, float[][] grad, boolean training, int epoch);
    }

    /** Extra name, value pairs for the progress bar after an epoch (accuracy, σ). */
    interface Shown {
        Object[] after(int epoch);
    }

    /** The training inputs of an epoch (the same array every epoch, unless the caller reorders them). */
    interface Inputs {
        float[][] at(int epoch);
    }

    private FullBatch() {}

    static int train(Mlp net, Inputs trainInputs, float[][] testX, Loss trainLoss, Loss testLoss, double lr, int epochs,
                     double dropout, int depth, long seed, Optimizer.OnNonFinite onNonFinite, Progress bar, Shown shown) {
        Optimizer adam = Optimizer.of(Optimizer.Kind.ADAM, lr).onNonFinite(onNonFinite);
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] first = trainInputs.at(0);
        int n = first.length, d = first[0].length, k = net.outputSize();
        float[][] dropped = new float[n][d];
        float[][] grad = new float[n][k];
        double[] testHistory = new double[epochs];
        float keep = (float) (1 - dropout);
        int epoch = 0;
        for (; epoch < epochs; epoch++) {
            if (Thread.currentThread().isInterrupted()) break;
            float[][] trainX = epoch == 0 ? first : trainInputs.at(epoch);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    dropped[i][j] = dropout > 0 && rng.nextDouble() < dropout ? 0f : trainX[i][j] / keep;
                }
            }
            float[][] out = net.forward(dropped, n);
            double train = trainLoss.compute(out, n, grad, true, epoch);
            net.backward(grad);
            adam.step(net, train); // a NaN or infinite loss or gradient stops here with Diverged (or, warned, skips), the weights untouched
            double test = testLoss.compute(net.forward(testX, testX.length), testX.length, null, false, epoch);
            testHistory[epoch] = test;
            Object[] extra = shown.after(epoch);
            Object[] metrics = new Object[4 + extra.length];
            metrics[0] = "loss";
            metrics[1] = train;
            metrics[2] = "test";
            metrics[3] = test;
            System.arraycopy(extra, 0, metrics, 4, extra.length);
            bar.update(epoch + 1, metrics);
            if (depth > 1 && epoch + 1 >= depth && slope(Arrays.copyOfRange(testHistory, epoch + 1 - depth, epoch + 1)) >= 0) {
                epoch++;
                break;
            }
        }
        return epoch;
    }

    /** Least-squares slope of y against 0, 1, 2, … */
    static double slope(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0, my = 0;
        for (double v : y) my += v;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return sxy / sxx;
    }
}
