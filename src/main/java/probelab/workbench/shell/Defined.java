package probelab.workbench.shell;

/** What a line that only defines functions evaluates to, so the REPL says "f(x) defined" rather than a closure's class name. */
public record Defined(String signatures) {
    @Override
    public String toString() {
        return signatures + " defined";
    }
}
