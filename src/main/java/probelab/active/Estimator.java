package probelab.active;

/** What active learning needs of a model: fit on labelled data, predict class probabilities. */
public interface Estimator {
    void fit(float[][] x, int[] y);

    /** Class probabilities, one row per input. */
    double[][] predictProba(float[][] x);

    /**
     * An estimator whose forward pass is random (MC dropout): {@code passes} samples,
     * {@code [pass][row][class]}. Pass t should be one draw of the weights for every row
     * (consistent dropout masks): BALD does not care, BatchBALD's joint entropy does.
     */
    interface Stochastic extends Estimator {
        double[][][] sampleProba(float[][] x, int passes, long seed);

        /** Whether each pass uses one weight draw for all rows; BatchBALD warns when not. */
        default boolean consistentPasses() {
            return true;
        }
    }
}
