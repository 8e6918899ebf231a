package probelab.workbench.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import probelab.util.Doc;
import probelab.util.Json;
import probelab.util.OutputDir;
import probelab.workbench.cli.ScriptArgs;

/**
 * A sweep: one script run once per cell of a {@link Grid}, each run a task of a distributed
 * engine (Apache Spark; {@code local[N]} in this JVM by default). The driver checks the grid
 * against the flags the script declares before anything runs, hands the cells to the engine,
 * promotes exactly one attempt per cell into {@code cells/<cell>/} as each finishes, and keeps
 * {@code sweep.csv} (one row per cell: its values, every numeric field of its
 * {@code summary.json} flattened with dots, seconds, status, error) up to date, so that a
 * stopped sweep keeps what it finished and {@code resume} runs only the rest.
 */
public final class Sweep {
    private Sweep() {}

    /** A sweep's settings; {@link #from} reads them from Groovy's named arguments. */
    public record Options(
            @Doc("the grid: [seed: 1..5, agent: ['td3', 'sac']], each cell one run of the script") Grid grid,
            @Doc("the sweep's folder (default runs/sweep-<script>-<time>)") Path out,
            @Doc("continue the sweep in out: cells whose run finished are skipped") boolean resume,
            @Doc("Spark's master: local[N] in this JVM (default: N = the cores), spark://host:7077, yarn, k8s://…") String master,
            @Doc("a folder every worker can write (NFS); without it a cell's files come back to the driver") String shared,
            @Doc("grid axes to average over in sweep-grouped.csv (mean, sd, n), e.g. ['seed']") List<String> over,
            @Doc("also write the table as Parquet (sweep.parquet), through Spark") boolean parquet,
            @Doc("flags every cell gets: [episodes: 300] or ['--episodes', '300']") List<String> args,
            @Doc("probelab's lib/ as installed on every worker (default: ship the jars with the job)") String workerLib,
            @Doc("memory per executor on a cluster, e.g. 4g (Spark's default otherwise)") String executorMemory,
            @Doc("largest total of a cell's files sent back when nothing is shared, in bytes (default 64 MiB)") long returnLimitBytes,
            @Doc("more Spark settings: ['spark.speculation': 'true']") Map<String, String> conf) {
        public Options {
            Objects.requireNonNull(grid, "a sweep needs a grid");
            over = over == null ? List.of() : List.copyOf(over);
            args = args == null ? List.of() : List.copyOf(args);
            conf = conf == null ? Map.of() : Map.copyOf(conf);
            if (master == null || master.isBlank()) master = "local[" + Runtime.getRuntime().availableProcessors() + "]";
            if (returnLimitBytes <= 0) returnLimitBytes = 64L << 20;
        }

        public static Options of(Grid grid) {
            return new Options(grid, null, false, null, null, null, false, null, null, null, 0, null);
        }

        /** From Groovy's named arguments: {@code grid: [seed: 1..3]}, {@code over: 'seed'}, {@code args: [episodes: 300]}, … */
        public static Options from(Map<String, ?> given) {
            probelab.util.Options.checkNames(Options.class, given, "sweep");
            Object g = given.get("grid");
            if (!(g instanceof Map<?, ?> gm)) throw new IllegalArgumentException("sweep needs grid: a map such as [seed: 1..3, episodes: [500, 1000]], got "
                    + (g == null ? "none" : g.getClass().getSimpleName()));
            Map<String, Object> axes = new LinkedHashMap<>();
            gm.forEach((k, v) -> axes.put(String.valueOf(k), v));
            Object over = given.get("over");
            List<String> overList = over == null ? null : over instanceof Iterable<?> it ? strings(it) : List.of(String.valueOf(over));
            Object a = given.get("args");
            List<String> args = new ArrayList<>();
            if (a instanceof Map<?, ?> am) am.forEach((k, v) -> {
                args.add("--" + k);
                args.add(String.valueOf(v));
            });
            else if (a instanceof Iterable<?> it) args.addAll(strings(it));
            else if (a != null) throw new IllegalArgumentException("sweep's args: a map of flags or a list of words, got " + a.getClass().getSimpleName());
            Map<String, String> conf = new LinkedHashMap<>();
            if (given.get("conf") instanceof Map<?, ?> cm) cm.forEach((k, v) -> conf.put(String.valueOf(k), String.valueOf(v)));
            Object out = given.get("out");
            Object limit = given.get("returnLimitBytes");
            return new Options(Grid.of(axes), out == null ? null : Paths.get(String.valueOf(out)), Boolean.TRUE.equals(given.get("resume")),
                    text(given.get("master")), text(given.get("shared")), overList, Boolean.TRUE.equals(given.get("parquet")), args,
                    text(given.get("workerLib")), text(given.get("executorMemory")), limit instanceof Number n ? n.longValue() : 0, conf);
        }

        private static List<String> strings(Iterable<?> it) {
            List<String> out = new ArrayList<>();
            it.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }

        private static String text(Object o) {
            return o == null ? null : String.valueOf(o);
        }

        boolean local() {
            return master.startsWith("local");
        }
    }

    static final String CELLS = "cells", ATTEMPTS = ".attempts";

    public static SweepResult run(Path script, Options o, PrintStream log) {
        String code;
        try {
            code = Files.readString(script);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the script " + script + ": " + e.getMessage(), e);
        }
        String name = script.getFileName().toString();
        List<Grid.Cell> cells = check(o, ScriptFlags.declared(code, name), name);

        Path outPath = o.out() != null ? o.out() : OutputDir.defaultFor("sweep-" + name.replaceFirst("\\.groovy$", ""));
        OutputDir out = new OutputDir(outPath, true, true).claim();
        try {
            return drive(out.path(), name, code, cells, o, log);
        } finally {
            out.release();
        }
    }

    /** Every axis a declared flag, every cell's flags parse against the script's defaults: the errors before anything runs. */
    static List<Grid.Cell> check(Options o, Map<String, Object> declared, String name) {
        List<String> undeclared = new ArrayList<>();
        for (String axis : o.grid().names()) if (!declared.containsKey(axis)) undeclared.add(axis);
        if (!undeclared.isEmpty()) throw new IllegalArgumentException("the grid sets " + String.join(", ", undeclared)
                + ", which " + name + " does not declare; its flags: "
                + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + " (from its parseArgs call)");
        for (String a : o.over()) if (!o.grid().names().contains(a))
            throw new IllegalArgumentException("cannot average over '" + a + "': the grid's axes are " + o.grid().names());
        ScriptArgs.parse(o.args(), declared);
        for (String axis : o.grid().names())
            if (o.args().contains("--" + axis) || o.args().stream().anyMatch(x -> x.startsWith("--" + axis + "=")))
                throw new IllegalArgumentException("--" + axis + " is both a grid axis and a flag given to every cell");
        List<Grid.Cell> cells = o.grid().cells();
        for (Grid.Cell c : cells) {
            try {
                ScriptArgs.parse(c.args(), declared);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cell " + c.label() + ": " + e.getMessage(), e);
            }
        }
        return cells;
    }

    private static SweepResult drive(Path out, String name, String code, List<Grid.Cell> cells, Options o, PrintStream log) {
        Path cellsDir = out.resolve(CELLS);
        List<Grid.Cell> todo = new ArrayList<>();
        for (Grid.Cell c : cells) if (!(o.resume() && finished(cellsDir.resolve(c.folder())))) todo.add(c);
        if (!o.resume() && Files.isDirectory(cellsDir) && hasCells(cellsDir))
            throw new IllegalArgumentException(out + " already holds a sweep's cells; resume it (--resume " + out
                    + ") or give another --out folder");

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("script", name);
        config.put("grid", o.grid().axes());
        config.put("args", o.args());
        config.put("master", o.master());
        config.put("shared", o.shared());
        config.put("over", o.over());
        Json.writeFile(out.resolve("config.json"), config);

        String attempts;
        if (o.local()) attempts = out.resolve(ATTEMPTS).toString();
        else if (o.shared() != null) attempts = Paths.get(o.shared(), ATTEMPTS, out.getFileName() + "-" + Long.toHexString(System.nanoTime())).toString();
        else attempts = null;
        List<CellTask> tasks = new ArrayList<>();
        List<String> fixedArgs = o.args();
        for (Grid.Cell c : todo) {
            List<String> args = new ArrayList<>(c.args());
            args.addAll(fixedArgs);
            tasks.add(new CellTask(c, name, code, args, attempts, o.returnLimitBytes(), !o.local()));
        }

        Path attemptsRoot = attempts != null ? Paths.get(attempts) : out.resolve(ATTEMPTS);
        log.printf(Locale.ROOT, "sweep: %s, %d cell%s%s -> %s%n", name, cells.size(), cells.size() == 1 ? "" : "s",
                cells.size() > todo.size() ? " (" + (cells.size() - todo.size()) + " finished before)" : "", out);
        long t0 = System.nanoTime();
        double startSeconds = 0;
        boolean interrupted = false;
        Set<String> promoted = new LinkedHashSet<>();
        SweepTable table = new SweepTable(out, cells, o.grid());
        if (!tasks.isEmpty()) {
            Engine engine = SparkLoader.start(settings(o, name));
            startSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "sweep: %s, started in %.1f s%n", engine.describe(), startSeconds);
            int[] count = {0};
            try {
                engine.run(tasks, r -> {
                    count[0]++;
                    boolean kept = accept(r, out, attemptsRoot, promoted);
                    log.printf(Locale.ROOT, "[%d/%d] %s: %s%s%s%n", count[0], tasks.size(), r.cell().label(), r.status(),
                            r.seconds() > 0 ? String.format(Locale.ROOT, " in %.1f s", r.seconds()) : "",
                            r.error() != null && !r.ok() ? " (" + r.error() + ")" : kept ? "" : " (a second attempt; the first was kept)");
                    if (kept) table.refresh(r.cell());
                    table.write();
                });
                if (o.parquet() && o.local()) engine.writeParquet(out.resolve("sweep.csv"), out.resolve("sweep.parquet"));
            } catch (InterruptedException e) {
                interrupted = true;
                log.println("sweep: interrupted; kept the " + promoted.size() + " cell" + (promoted.size() == 1 ? "" : "s")
                        + " that finished; --resume " + out + " runs the rest");
            } finally {
                engine.close();
            }
            deleteIfEmpty(attemptsRoot);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SweepResult result = table.write();
        if (o.parquet() && !o.local() && !interrupted) {
            // a cluster's executors would write the Parquet on their own disks: the driver writes it, through a local Spark
            try (Engine local = SparkLoader.start(settings(Options.of(o.grid()), name))) {
                local.writeParquet(out.resolve("sweep.csv"), out.resolve("sweep.parquet"));
            }
        }
        if (!o.over().isEmpty()) SweepTable.writeGrouped(out, result, o.grid(), o.over());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cells", cells.size());
        summary.put("ok", result.count(CellResult.OK));
        summary.put("failed", result.count(CellResult.FAILED));
        summary.put("not_run", cells.size() - result.count(CellResult.OK) - result.count(CellResult.FAILED));
        summary.put("ran_now", promoted.size());
        summary.put("seconds", seconds);
        summary.put("engine_start_seconds", startSeconds);
        summary.put("interrupted", interrupted);
        Json.writeFile(out.resolve("summary.json"), summary);
        result = result.withRun(seconds, startSeconds, interrupted);
        log.print(result.report(o.over()));
        return result;
    }

    static Engine.Settings settings(Options o, String name) {
        List<Path> jars = new ArrayList<>();
        Path lib = SparkLoader.sparkLib().getParent();
        if (!o.local() && o.workerLib() == null) {
            try (Stream<Path> s = Files.list(lib)) {
                s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list probelab's jars in " + lib + " to ship them: " + e.getMessage(), e);
            }
            if (jars.stream().noneMatch(p -> p.getFileName().toString().equals("probelab.jar")))
                throw new IllegalStateException("no probelab.jar in " + lib + " to ship to the workers; 'mvn -B package' makes it");
        }
        return new Engine.Settings(o.master(), "probelab sweep " + name, jars, o.workerLib(), o.executorMemory(), o.conf());
    }

    /** A cell folder whose script finished: its cell.json says ok. */
    static boolean finished(Path cell) {
        Path f = cell.resolve(CellRunner.CELL_JSON);
        if (!Files.isRegularFile(f)) return false;
        try {
            return CellResult.OK.equals(Json.readFile(f).get("status"));
        } catch (RuntimeException e) {
            return false; // a damaged record: run the cell again
        }
    }

    private static boolean hasCells(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes one attempt the cell's: the first that returns (finished or failed) is moved into
     * {@code cells/<cell>}; later ones (a retry or speculative copy that also finished) are dropped.
     * A cancelled attempt is never kept. False when the attempt was not kept.
     */
    static boolean accept(CellResult r, Path out, Path attempts, Set<String> promoted) {
        String folder = r.cell().folder();
        Path root = attempts.resolve(folder);
        Path attempt = root.resolve(r.attempt());
        try {
            if (!r.files().isEmpty()) {
                for (Map.Entry<String, byte[]> f : r.files().entrySet()) {
                    Path p = attempt.resolve(f.getKey()).normalize();
                    if (!p.startsWith(attempt)) continue; // a path that would leave the folder
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue());
                }
            }
            if (!r.left().isEmpty() && Files.isDirectory(attempt))
                Files.writeString(attempt.resolve("files-left-on-worker.txt"), String.join("\n", r.left()) + "\n");
            if (CellResult.CANCELLED.equals(r.status()) || promoted.contains(folder)) return false;
            Path target = out.resolve(CELLS).resolve(folder);
            Path source = attempt;
            if (!Files.isDirectory(attempt)) {
                // the engine gave up before any attempt wrote a folder: record why
                Files.createDirectories(attempt);
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("cell", r.cell().values());
                rec.put("status", r.status());
                rec.put("seconds", r.seconds());
                rec.put("error", r.error());
                Json.writeFile(attempt.resolve(CellRunner.CELL_JSON), rec);
            }
            CellRunner.deleteTree(target);
            Files.createDirectories(target.getParent());
            move(source, target);
            promoted.add(folder);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep cell " + r.cell().label() + "'s results in " + out + ": " + e.getMessage(), e);
        } finally {
            CellRunner.deleteTree(root);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another file system (a shared folder): copy, then delete
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path q = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(q);
                    else Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            CellRunner.deleteTree(from);
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // attempts of cells still running elsewhere, or not ours to remove
        }
    }
}
