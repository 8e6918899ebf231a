package probelab.workbench.notebook;

import probelab.workbench.shell.Printer;

/**
 * Carries an evaluation's failure to the protocol's error reply. An exception goes as it came,
 * so the reply names its real type (MissingPropertyException, IllegalArgumentException); only
 * an {@link Error} (a stack overflow, a forced stop) is wrapped, because the reply takes exceptions.
 */
final class EvaluationError extends RuntimeException {
    private EvaluationError(Throwable cause) {
        super(cause instanceof ThreadDeath ? "stopped" : Printer.error(cause, null), cause, false, false);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof Exception e) throw EvaluationError.<RuntimeException>sneaky(e);
        throw new EvaluationError(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
