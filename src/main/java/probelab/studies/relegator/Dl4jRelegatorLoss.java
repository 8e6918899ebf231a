package probelab.studies.relegator;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The relegator loss as a DL4J loss function, for users who train their own DL4J networks
 * (an output layer of 3 softmax units). DL4J hands a loss only labels and outputs, so the
 * label array carries what the loss needs per event: column 0 is 1 for signal, column 1 is
 * 1 for background, column 2 is 1 when the event is in the σ window — build it with
 * {@link #labels(Events, double, double)}.
 *
 * <p>DL4J divides gradients by the minibatch size after the loss returns them, so this
 * returns n·∂L/∂z for the batch-level loss L (σ is not a sum over events), and a score of L.
 * The arithmetic is {@link RelegatorLoss}'s, shared with probelab's own training.
 */
public final class Dl4jRelegatorLoss implements ILossFunction {
    private double share = 0.75, sigFraction = 0.01;
    private RelegatorLoss.Variant variant = RelegatorLoss.Variant.CE_PLUS_INV_SIGMA;

    /** For DL4J's configuration serialisation. */
    public Dl4jRelegatorLoss() {}

    public Dl4jRelegatorLoss(double share, double sigFraction, RelegatorLoss.Variant variant) {
        this.share = share;
        this.sigFraction = sigFraction;
        this.variant = variant;
    }

    public double getShare() { return share; }
    public void setShare(double v) { share = v; }
    public double getSigFraction() { return sigFraction; }
    public void setSigFraction(double v) { sigFraction = v; }
    public RelegatorLoss.Variant getVariant() { return variant; }
    public void setVariant(RelegatorLoss.Variant v) { variant = v; }

    /** The label array for events: (is signal, is background, in the window |m − centre| ≤ halfWidth). */
    public static INDArray labels(Events e, double center, double halfWidth) {
        double[][] l = new double[e.size()][3];
        for (int i = 0; i < e.size(); i++) {
            l[i][0] = e.label()[i];
            l[i][1] = 1 - e.label()[i];
            l[i][2] = Math.abs(e.mass()[i] - center) <= halfWidth ? 1 : 0;
        }
        return Nd4j.createFromArray(l);
    }

    private RelegatorLoss.Value compute(INDArray labels, INDArray output, float[][] grad) {
        int n = (int) output.rows();
        float[][] p = output.castTo(DataType.FLOAT).toFloatMatrix();
        double[][] l = labels.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] label = new int[n];
        boolean[] peak = new boolean[n];
        for (int i = 0; i < n; i++) {
            label[i] = l[i][0] > 0.5 ? 1 : 0;
            peak[i] = l[i][2] > 0.5;
        }
        return RelegatorLoss.compute(p, n, label, peak, share, sigFraction, variant, grad);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        INDArray out = activationFn.getActivation(preOutput.dup(), false);
        double l = compute(labels, out, null).loss();
        return average ? l : l * out.rows();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        // σ belongs to the batch, not to an event: each event carries an equal share of the loss
        double l = computeScore(labels, preOutput, activationFn, mask, true);
        return Nd4j.valueArrayOf(new long[] {preOutput.rows(), 1}, l, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray out = activationFn.getActivation(preOutput.dup(), true);
        int n = (int) out.rows();
        float[][] g = new float[n][3];
        compute(labels, out, g);
        INDArray dLdOut = Nd4j.createFromArray(g).castTo(preOutput.dataType()).muli(n);
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "relegator(" + variant.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
