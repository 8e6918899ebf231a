package probelab.optim;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@code fit} one minibatch at a time, with the check our own optimiser makes: an update
 * whose loss or resulting weights are NaN or infinite is undone (weights and updater state put
 * back) and then stops training with {@link Diverged} or, under {@link Optimizer.OnNonFinite#WARN},
 * is skipped with one warning. DL4J applies an update before its loss can be read, hence the
 * copy of the weights kept before each step.
 */
public final class Dl4jGuard {
    private final MultiLayerNetwork net;
    private final Optimizer.OnNonFinite mode;
    private INDArray keptParams, keptState;
    private long update, lastFiniteUpdate, skipped;
    private double firstLoss = Double.NaN, lastLoss = Double.NaN;

    public Dl4jGuard(MultiLayerNetwork net, Optimizer.OnNonFinite mode) {
        this.net = net;
        this.mode = mode;
    }

    /** One update on a minibatch; returns its loss, or NaN where the update was skipped. */
    public double fit(INDArray x, INDArray y) {
        keep();
        net.fit(x, y);
        update++;
        double loss = net.score();
        String bad = !Double.isFinite(loss) ? "the loss is " + loss : null;
        if (!Double.isFinite(net.params().sumNumber().doubleValue())) {
            bad = (bad == null ? "" : bad + " and ") + "the updated weights hold NaN or Infinity";
        }
        if (bad == null) {
            if (Double.isNaN(firstLoss)) firstLoss = loss;
            lastLoss = loss;
            lastFiniteUpdate = update;
            return loss;
        }
        restore();
        net.setIterationCount(net.getIterationCount() - 1); // Adam's bias correction counts applied updates
        String message = Diverged.explain(update, bad, lastFiniteUpdate > 0, firstLoss, lastLoss, lastFiniteUpdate, null);
        if (mode == Optimizer.OnNonFinite.STOP) throw new Diverged(message, update);
        if (skipped++ == 0) System.err.println("warning: " + message + " Skipping such updates (onNonFinite: warn).");
        return Double.NaN;
    }

    /** Updates undone and skipped (only under warn). */
    public long skippedUpdates() {
        return skipped;
    }

    private void keep() {
        INDArray p = net.params();
        if (keptParams == null || keptParams.length() != p.length()) keptParams = p.dup();
        else keptParams.assign(p);
        INDArray s = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (s == null) keptState = null;
        else if (keptState == null || keptState.length() != s.length()) keptState = s.dup();
        else keptState.assign(s);
    }

    private void restore() {
        net.params().assign(keptParams);
        INDArray s = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (s != null) {
            if (keptState != null && keptState.length() == s.length()) s.assign(keptState);
            else s.assign(0); // the first update made the state: put back a fresh one
        }
    }
}
