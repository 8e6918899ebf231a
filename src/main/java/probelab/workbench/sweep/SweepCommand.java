package probelab.workbench.sweep;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/probelab sweep SCRIPT --grid seed=1..5 [--grid …] [options] [-- flags for every cell]}.
 * Exit status: 0 when every cell finished, 1 when some failed, 2 for a usage error (nothing ran),
 * 130 when stopped by Ctrl-C (finished cells kept). The first Ctrl-C cancels the running cells;
 * a second one ends the JVM at once.
 */
public final class SweepCommand {
    private SweepCommand() {}

    public static final String USAGE = """
            usage: probelab sweep SCRIPT --grid NAME=1..5 [--grid NAME=a,b …] [--out DIR | --resume DIR]
                                  [--master local[N]|spark://HOST:7077] [--shared DIR] [--over NAME[,NAME]]
                                  [--parquet] [--worker-lib DIR] [--executor-memory 4g] [--conf KEY=VALUE …]
                                  [-- FLAGS FOR EVERY CELL]
            """;

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        Path script = null;
        List<String> grid = new ArrayList<>(), cellArgs = new ArrayList<>(), over = new ArrayList<>();
        Path outDir = null;
        boolean resume = false, parquet = false;
        String master = null, shared = null, workerLib = null, memory = null;
        Map<String, String> conf = new LinkedHashMap<>();
        try {
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                if (a.equals("--")) {
                    cellArgs.addAll(Arrays.asList(argv).subList(i + 1, argv.length));
                    break;
                }
                switch (a) {
                    case "--grid" -> grid.add(value(argv, ++i, a));
                    case "--out" -> outDir = Paths.get(value(argv, ++i, a));
                    case "--resume" -> {
                        outDir = Paths.get(value(argv, ++i, a));
                        resume = true;
                    }
                    case "--master" -> master = value(argv, ++i, a);
                    case "--shared" -> shared = value(argv, ++i, a);
                    case "--over" -> over.addAll(Arrays.asList(value(argv, ++i, a).split(",")));
                    case "--parquet" -> parquet = true;
                    case "--worker-lib" -> workerLib = value(argv, ++i, a);
                    case "--executor-memory" -> memory = value(argv, ++i, a);
                    case "--conf" -> {
                        String kv = value(argv, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("--conf takes KEY=VALUE, got '" + kv + "'");
                        conf.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-") || script != null)
                            throw new IllegalArgumentException("unexpected '" + a + "'; a script's own flags go after --, e.g. -- --episodes 300");
                        script = Paths.get(a);
                    }
                }
            }
            if (script == null) throw new IllegalArgumentException("which script? e.g. probelab sweep scripts/catch_dqn.groovy --grid seed=1..3");
            if (!Files.isRegularFile(script)) throw new IllegalArgumentException("no such script: " + script);
            if (resume && !Files.isDirectory(outDir)) throw new IllegalArgumentException("nothing to resume in " + outDir + ": no such folder");
        } catch (IllegalArgumentException e) {
            err.println("probelab sweep: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Sweep.Options o;
        try {
            o = new Sweep.Options(Grid.parse(grid), outDir, resume, master, shared, over, parquet, cellArgs, workerLib, memory, 0, conf);
        } catch (IllegalArgumentException e) {
            err.println("probelab sweep: " + e.getMessage());
            return 2;
        }
        Thread main = Thread.currentThread();
        int[] signals = {0};
        sun.misc.SignalHandler before = null;
        try {
            before = sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> {
                if (++signals[0] > 1) Runtime.getRuntime().halt(130);
                err.println("\nprobelab sweep: stopping (Ctrl-C again to quit at once)");
                main.interrupt();
            });
        } catch (IllegalArgumentException noSignal) {
            // no SIGINT to catch here (an ignored signal, another platform): the sweep runs as it is
        }
        try {
            SweepResult r = Sweep.run(script, o, out);
            Thread.interrupted();
            return r.interrupted() ? 130 : r.count(CellResult.FAILED) > 0 || r.count(CellResult.OK) < r.rows().size() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            err.println("probelab sweep: " + e.getMessage());
            return 2;
        } finally {
            if (before != null) sun.misc.Signal.handle(new sun.misc.Signal("INT"), before);
        }
    }

    private static String value(String[] argv, int i, String flag) {
        if (i >= argv.length || argv[i].startsWith("--")) throw new IllegalArgumentException(flag + " needs a value");
        return argv[i];
    }
}
