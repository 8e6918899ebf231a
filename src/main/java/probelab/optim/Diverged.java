package probelab.optim;

/**
 * Training met a NaN or infinite loss or gradient. The update that carried it was not applied,
 * so the weights are the last finite ones; the message names the update, the last finite loss
 * and the likely cause.
 */
public final class Diverged extends IllegalStateException {
    /** The update (1-based) that would have applied the non-finite values. */
    public final long update;

    public Diverged(String message, long update) {
        super(message);
        this.update = update;
    }

    /**
     * What the message says: the update, what was not finite, the last finite loss and the likely
     * cause ({@code lr} as it should read, "lr 0.001", or null where the rate is not known).
     */
    static String explain(long update, String bad, boolean lossesGiven, double firstLoss, double lastLoss, long lastFiniteUpdate, String lr) {
        java.util.Locale root = java.util.Locale.ROOT;
        String rate = lr == null ? "" : " (" + lr + ")";
        String last = !lossesGiven ? "The updates before it were finite"
                : Double.isNaN(lastLoss) ? "No earlier update had a finite loss"
                : String.format(root, "The last finite loss was %.4g at update %d (the first %.4g)", lastLoss, lastFiniteUpdate, firstLoss);
        String cause;
        if (!Double.isNaN(lastLoss) && Math.abs(lastLoss) > 1e3 * Math.abs(firstLoss)) {
            cause = String.format(root, "a learning rate too large%s: the loss grew %.2g-fold before this", rate, Math.abs(lastLoss / firstLoss));
        } else if (Double.isNaN(lastLoss)) {
            cause = "NaN or Infinity in the inputs or targets, or a learning rate too large" + rate;
        } else {
            cause = "NaN or Infinity in the inputs or targets (the loss was steady), or a learning rate too large" + rate;
        }
        return "training diverged at update " + update + ": " + bad + ". " + last + ". This update was not applied, so the weights "
                + "are the last finite ones. Likely cause: " + cause + ".";
    }
}
