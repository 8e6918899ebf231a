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
}
