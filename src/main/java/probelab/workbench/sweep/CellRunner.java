package probelab.workbench.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import probelab.util.Json;
import probelab.util.OutputDir;
import probelab.util.ThreadOutput;
import probelab.workbench.cli.ScriptRunner;

/**
 * Runs one attempt at one cell in this JVM, as {@code bin/probelab SCRIPT --flags} would: its
 * own output folder (an attempt folder; the driver promotes one attempt per cell), its printing
 * in that folder's {@code log.txt}, and a {@code cell.json} saying how it ended. Several cells
 * can run at once in one JVM: the output folder and the printing are per thread.
 */
public final class CellRunner {
    private CellRunner() {}

    /** The file in each cell folder that records its values, status, time, host and error. */
    public static final String CELL_JSON = "cell.json";
    public static final String LOG = "log.txt";

    public static CellResult run(CellTask task, String attempt) {
        Grid.Cell cell = task.cell();
        String host = host();
        // the executor's own log says where each cell ran (a worker's stderr, on a cluster)
        if (task.announce()) System.err.println("probelab sweep: running cell " + cell.index() + " (" + cell.label() + ") as " + attempt + " on " + host);
        Path dir;
        try {
            dir = task.attempts() != null ? Paths.get(task.attempts(), cell.folder(), attempt)
                    : Files.createTempDirectory("probelab-cell-");
            Files.createDirectories(dir);
        } catch (IOException e) {
            return new CellResult(cell, attempt, host, CellResult.FAILED, 0, "cannot create the cell's folder: " + e.getMessage(), Map.of(), List.of());
        }
        long t0 = System.nanoTime();
        OutputDir out = new OutputDir(dir, true, true).claim();
        String status, error;
        try (PrintStream log = new PrintStream(Files.newOutputStream(dir.resolve(LOG)), true, java.nio.charset.StandardCharsets.UTF_8)) {
            // one thread per cell: the cells beside it fill the other cores (the numbers are the same either way)
            ScriptRunner.Outcome o = ThreadOutput.into(log, () -> OutputDir.within(out, () -> probelab.nn.kernels.Threads.limited(1,
                    () -> ScriptRunner.run(task.scriptName(), task.scriptCode(), task.args().toArray(String[]::new), out))));
            boolean interrupted = Thread.interrupted() || o.cause() instanceof InterruptedException;
            status = interrupted ? CellResult.CANCELLED : o.failed() ? CellResult.FAILED : CellResult.OK;
            error = interrupted ? "interrupted" : o.error();
            if (error != null) log.println("probelab: " + task.scriptName() + " failed: " + error);
        } catch (Exception e) {
            status = CellResult.FAILED;
            error = e.toString();
        } finally {
            out.release();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("cell", cell.values());
        record.put("status", status);
        record.put("seconds", seconds);
        record.put("error", error);
        record.put("host", host);
        record.put("attempt", attempt);
        record.put("args", task.args());
        Json.writeFile(dir.resolve(CELL_JSON), record);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> left = new ArrayList<>();
        if (task.attempts() == null) {
            collect(dir, task.returnLimitBytes(), files, left);
            deleteTree(dir);
        }
        return new CellResult(cell, attempt, host, status, seconds, error, files, left);
    }

    /** The attempt's files for the driver, smallest first, until the limit; cell.json and the log always. */
    private static void collect(Path dir, long limit, Map<String, byte[]> files, List<String> left) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.filter(Files::isRegularFile).toList());
            all.sort(java.util.Comparator.comparingLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return Long.MAX_VALUE;
                }
            }));
            long total = 0;
            for (Path p : all) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                long size = Files.size(p);
                boolean always = rel.equals(CELL_JSON) || rel.equals(LOG);
                if (!always && total + size > limit) {
                    left.add(rel + " (" + size + " bytes)");
                    continue;
                }
                total += size;
                files.put(rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            left.add("the rest: " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
