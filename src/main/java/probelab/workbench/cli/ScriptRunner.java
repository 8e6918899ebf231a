package probelab.workbench.cli;

import probelab.util.OutputDir;
import probelab.workbench.shell.Evaluator;
import probelab.workbench.shell.Printer;

/**
 * Runs one script file's code the way {@code bin/probelab FILE} does: {@code args} and
 * {@code out} bound, the run's numeric path in its {@code config.json}. The command line and
 * a sweep's cells both come through here, so a cell behaves as the script run by hand.
 */
public final class ScriptRunner {
    private ScriptRunner() {}

    /** How a run ended: {@code error} is null when it finished, else a one-line reason; {@code cause} what was thrown. */
    public record Outcome(String error, Throwable cause) {
        public boolean failed() {
            return error != null;
        }
    }

    /** Runs {@code code} (read from {@code fileName}) with its output folder already claimed. */
    public static Outcome run(String fileName, String code, String[] args, OutputDir outDir) {
        // what the run's numbers depend on besides its flags: a result stays tied to its numeric path
        outDir.config(java.util.Map.of("numeric_path", probelab.util.NumericPath.describe()));
        Evaluator ev = new Evaluator();
        ev.binding().setVariable("args", args);
        ev.binding().setVariable("out", outDir);
        try {
            ev.eval(code, fileName);
            return new Outcome(null, null);
        } catch (Throwable t) {
            return new Outcome(Printer.error(t, ev.lastScriptName(), ev.variables().keySet()), t);
        }
    }
}
