package probelab.studies.relegator;

import java.util.Arrays;
import java.util.Locale;

/** Per epoch: loss, accuracy and soft σ on the training and the test split. */
public final class FitHistory implements probelab.plot.Plottable {
    final double[] trainLoss, testLoss, trainAccuracy, testAccuracy, trainSigma, testSigma;
    private int epochs;
    private double seconds;
    private boolean interrupted;
    private final String method;

    FitHistory(String method, int max) {
        this.method = method;
        trainLoss = new double[max];
        testLoss = new double[max];
        trainAccuracy = new double[max];
        testAccuracy = new double[max];
        trainSigma = new double[max];
        testSigma = new double[max];
        Arrays.fill(trainSigma, Double.NaN);
        Arrays.fill(testSigma, Double.NaN);
    }

    void finish(int epochs, double seconds, boolean interrupted) {
        this.epochs = epochs;
        this.seconds = seconds;
        this.interrupted = interrupted;
    }

    public int getEpochs() { return epochs; }
    public double getSeconds() { return seconds; }
    public boolean isInterrupted() { return interrupted; }
    public String getMethod() { return method; }
    public double[] getTrainLoss() { return Arrays.copyOf(trainLoss, epochs); }
    public double[] getTestLoss() { return Arrays.copyOf(testLoss, epochs); }
    public double[] getTrainAccuracy() { return Arrays.copyOf(trainAccuracy, epochs); }
    public double[] getTestAccuracy() { return Arrays.copyOf(testAccuracy, epochs); }
    /** Soft σ of the loss term (NaN for methods without one). */
    public double[] getTrainSigma() { return Arrays.copyOf(trainSigma, epochs); }
    public double[] getTestSigma() { return Arrays.copyOf(testSigma, epochs); }

    @Override
    public probelab.plot.LineOptions plotDefaults() {
        return probelab.plot.LineOptions.of(method + ": loss", "epoch", "loss");
    }

    /** The loss per epoch, train and test ({@code plotFit} draws accuracy and σ as well). */
    @Override
    public probelab.plot.Figure figure(probelab.plot.LineOptions o) {
        java.util.Map<String, double[]> m = new java.util.LinkedHashMap<>();
        m.put("train", getTrainLoss());
        m.put("test", getTestLoss());
        return probelab.plot.Plots.lines(m, o);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FitHistory %s: %d epochs, test loss %.4f, test accuracy %.3f, %.1fs%s", method,
                epochs, epochs > 0 ? testLoss[epochs - 1] : Double.NaN, epochs > 0 ? testAccuracy[epochs - 1] : Double.NaN,
                seconds, interrupted ? " (interrupted)" : "");
    }
}
