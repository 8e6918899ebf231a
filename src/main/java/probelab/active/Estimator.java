package probelab.active;

/** What active learning needs of a model: fit on labelled data, predict class probabilities. */
public interface Estimator {
    void fit(float[][] x, int[] y);

    /** Class probabilities, one row per input. */
    double[][] predictProba(float[][] x);

    /** An estimator whose forward pass is random (MC dropout): {@code passes} samples, {@code [pass][row][class]}. */
    interface Stochastic extends Estimator {
        double[][][] sampleProba(float[][] x, int passes, long seed);
    }
}
