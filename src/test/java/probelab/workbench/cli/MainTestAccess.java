package probelab.workbench.cli;

import java.io.PrintStream;

/** Lets tests in other packages run the launcher's entry point with their own streams. */
public final class MainTestAccess {
    private MainTestAccess() {}

    public static int run(String[] args, PrintStream err) throws Exception {
        return Main.run(args, System.out, err);
    }

    public static int script(java.nio.file.Path file, String[] args, PrintStream out, PrintStream err) {
        return Main.script(file, args, out, err);
    }
}
