package probelab.workbench.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.data.Table;
import probelab.util.Json;

/** Sweeps on Spark's local mode in this JVM: the table, a failing cell, resume, a stop, the checks before running. */
class SweepTest {
    static final Path SCRIPT = Paths.get("src/test/resources/sweep/tiny.groovy");

    static Sweep.Options options(Path out, boolean resume, List<String> grid, List<String> args, List<String> over) {
        return options(out, resume, grid, args, over, false);
    }

    static Sweep.Options options(Path out, boolean resume, List<String> grid, List<String> args, List<String> over, boolean parquet) {
        return new Sweep.Options(Grid.parse(grid), out, resume, "local[2]", null, over, parquet, args, null, null, 0, null);
    }

    static SweepResult run(Sweep.Options o, ByteArrayOutputStream log) {
        return Sweep.run(SCRIPT, o, new PrintStream(log, true));
    }

    @Test
    void runsEveryCellRecordsAFailureAndResumesOnlyWhatIsMissing(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepResult r = run(options(out, false, List.of("seed=1..3", "size=2,4"), List.of("--fail", "3"), List.of("seed")), log);
        assertEquals(6, r.rows().size(), log.toString());
        assertEquals(4, r.count("ok"), log.toString());
        assertEquals(2, r.count("failed"), log.toString());

        Table t = r.table();
        assertEquals(List.of("seed", "size", "score", "detail.half", "detail.flags.0", "detail.flags.1", "done",
                "seconds", "status", "host", "error"), t.columns());
        double[] score = t.get("score").doubles(true);
        String[] status = t.get("status").strings();
        String[] error = t.get("error").strings();
        // row-major: seed=1 size=2, seed=1 size=4, seed=2 size=2, …
        assertArrayEquals(new double[] {12, 14, 22, 24, Double.NaN, Double.NaN}, score);
        assertEquals("failed", status[4]);
        assertTrue(error[4].contains("seed 3 fails on purpose"), error[4]);
        assertEquals(1.0, t.get("detail.half").doubles(true)[0]);
        assertEquals(1.0, t.get("done").doubles(true)[0]);

        // each cell ran as the script would by hand, in its own folder, printing into its own log
        Path cell = out.resolve("cells/seed-2_size-4");
        assertEquals(24, ((Number) Json.readFile(cell.resolve("summary.json")).get("score")).intValue());
        assertEquals(4, ((Number) Json.readFile(cell.resolve("config.json")).get("size")).intValue());
        assertTrue(Files.readString(cell.resolve("log.txt")).contains("seed 2 size 4"));
        assertTrue(Files.readString(out.resolve("cells/seed-3_size-2/log.txt")).contains("fails on purpose"));
        assertFalse(log.toString().contains("seed 2 size 4"), "a cell's printing stays in its log");
        assertFalse(Files.exists(out.resolve(".attempts")), "attempt folders are promoted or removed");

        // averaged over seeds: one row per size, over the cells that finished
        List<String> grouped = Files.readAllLines(out.resolve("sweep-grouped.csv"));
        assertTrue(grouped.get(0).startsWith("size,cells,score.mean,score.sd"), grouped.get(0));
        assertTrue(grouped.get(1).startsWith("2,2,17.0,7.07"), grouped.get(1));
        assertEquals("17.0", String.valueOf(t.groupBy("size").mean("score").get("2")));

        // a second run into the same folder must say to resume
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> run(options(out, false, List.of("seed=1..3", "size=2,4"), List.of("--fail", "3"), List.of()), new ByteArrayOutputStream()));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());

        // resume: the missing cell and the failed ones run, the finished ones are left as they were
        String keptAttempt = (String) Json.readFile(out.resolve("cells/seed-2_size-2/cell.json")).get("attempt");
        CellRunner.deleteTree(out.resolve("cells/seed-1_size-4"));
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        SweepResult r2 = run(options(out, true, List.of("seed=1..3", "size=2,4"), List.of(), List.of(), true), log2);
        assertEquals(6, r2.count("ok"), log2.toString());
        assertEquals(3, ((Number) Json.readFile(out.resolve("summary.json")).get("ran_now")).intValue(), log2.toString());
        assertTrue(log2.toString().contains("3 finished before"), log2.toString());
        assertEquals(keptAttempt, Json.readFile(out.resolve("cells/seed-2_size-2/cell.json")).get("attempt"));
        assertArrayEquals(new double[] {12, 14, 22, 24, 32, 34}, r2.table().get("score").doubles());

        // the table as Parquet, written by Spark: one part file, Parquet's magic at both ends
        try (var parts = Files.list(out.resolve("sweep.parquet"))) {
            Path part = parts.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
            byte[] b = Files.readAllBytes(part);
            assertEquals("PAR1", new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("PAR1", new String(b, b.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        }
        // a plot of a metric against an axis: a line per value of the other axes
        probelab.plot.Figure f = r2.figure(Map.of("x", "seed", "y", "score"));
        assertEquals(2, f.getChart().getSeriesCollection().size());
        assertNotNull(f.getChart().getSeries("size=4"));
        IllegalArgumentException notMetric = assertThrows(IllegalArgumentException.class, () -> r2.figure(Map.of("x", "seed", "y", "scor")));
        assertTrue(notMetric.getMessage().contains("its metrics: [score"), notMetric.getMessage());
    }

    @Test
    void refusesAnUndeclaredAxisOrABadValueBeforeAnythingRuns(@TempDir Path tmp) {
        Path out = tmp.resolve("never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(options(out, false, List.of("seed=1..2", "lr=0.1,0.01"), List.of(), List.of()), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("the grid sets lr, which tiny.groovy does not declare"), e.getMessage());
        assertTrue(e.getMessage().contains("seed, size, fail, sleepSeed, pauseMs, rate, tag"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> run(options(out, false, List.of("size=2,big"), List.of(), List.of()), new ByteArrayOutputStream()));
        assertTrue(bad.getMessage().contains("cell size=big: flag --size expects an integer, got 'big'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> run(options(out, false, List.of("seed=1..2"), List.of("--seed", "4"), List.of()), new ByteArrayOutputStream()));
        assertFalse(Files.exists(out), "nothing ran, nothing was written");
    }

    @Test
    void anInterruptCancelsTheRestAndKeepsTheFinishedCells(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("stopped");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SweepResult[] result = new SweepResult[1];
        Thread driver = new Thread(() -> result[0] = run(options(out, false, List.of("seed=1..3"), List.of("--sleepSeed", "2"), List.of()), log));
        driver.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(Sweep.finished(out.resolve("cells/seed-1")) && Sweep.finished(out.resolve("cells/seed-3"))) && System.nanoTime() < deadline)
            Thread.sleep(100);
        assertTrue(Sweep.finished(out.resolve("cells/seed-3")), log.toString());
        long t0 = System.nanoTime();
        driver.interrupt();
        driver.join(30_000);
        assertFalse(driver.isAlive(), "the sweep stops on an interrupt");
        assertTrue((System.nanoTime() - t0) / 1e9 < 30);
        assertTrue(result[0].interrupted(), log.toString());
        assertEquals(2, result[0].count("ok"));
        assertEquals("not run", result[0].rows().get(1).get("status"));
        Map<String, Object> summary = Json.readFile(out.resolve("summary.json"));
        assertEquals(true, summary.get("interrupted"));
        assertTrue(log.toString().contains("--resume"), log.toString());
    }

    @Test
    void withoutASharedFolderACellsFilesComeBackAndArePromoted(@TempDir Path tmp) throws Exception {
        String code = Files.readString(SCRIPT);
        Grid.Cell cell = Grid.parse(List.of("seed=4")).cells().get(0);
        // nothing shared: the attempt runs in a temporary folder and its files travel in the result
        CellResult r = CellRunner.run(new CellTask(cell, "tiny.groovy", code, List.of("--seed", "4"), null, 1 << 20, false), "attempt-7");
        assertTrue(r.ok(), r.error());
        assertTrue(r.files().keySet().containsAll(List.of("summary.json", "config.json", "cell.json", "log.txt")), r.files().keySet().toString());
        Path out = tmp.resolve("sweep");
        java.util.Set<String> promoted = new java.util.HashSet<>();
        assertTrue(Sweep.accept(r, out, out.resolve(Sweep.ATTEMPTS), promoted));
        assertEquals(42, ((Number) Json.readFile(out.resolve("cells/seed-4/summary.json")).get("score")).intValue());
        assertEquals("attempt-7", Json.readFile(out.resolve("cells/seed-4/cell.json")).get("attempt"));
        // a second attempt of the same cell (a retry, a speculative copy) is dropped, not mixed in
        CellResult again = CellRunner.run(new CellTask(cell, "tiny.groovy", code, List.of("--seed", "4", "--size", "3"), null, 1 << 20, false), "attempt-8");
        assertFalse(Sweep.accept(again, out, out.resolve(Sweep.ATTEMPTS), promoted));
        assertEquals(42, ((Number) Json.readFile(out.resolve("cells/seed-4/summary.json")).get("score")).intValue());
        assertFalse(Files.exists(out.resolve(Sweep.ATTEMPTS).resolve("seed-4")));

        // over the limit: the record and the log still come back, the rest is listed
        CellResult small = CellRunner.run(new CellTask(cell, "tiny.groovy", code, List.of("--seed", "4"), null, 10, false), "attempt-9");
        assertTrue(small.files().containsKey("cell.json") && !small.files().containsKey("summary.json"), small.files().keySet().toString());
        assertTrue(small.left().stream().anyMatch(l -> l.startsWith("summary.json")), small.left().toString());
    }

    @Test
    void withASharedFolderTheAttemptIsMovedFromIt(@TempDir Path tmp) throws Exception {
        Path shared = tmp.resolve("shared/.attempts/run-1"), out = tmp.resolve("sweep");
        Grid.Cell cell = Grid.parse(List.of("seed=5")).cells().get(0);
        CellResult r = CellRunner.run(new CellTask(cell, "tiny.groovy", Files.readString(SCRIPT), List.of("--seed", "5"), shared.toString(), 0, true), "attempt-3");
        assertTrue(r.ok(), r.error());
        assertTrue(r.files().isEmpty(), "a shared folder: nothing travels back");
        assertTrue(Files.exists(shared.resolve("seed-5/attempt-3/summary.json")));
        assertTrue(Sweep.accept(r, out, shared, new java.util.HashSet<>()));
        assertEquals(52, ((Number) Json.readFile(out.resolve("cells/seed-5/summary.json")).get("score")).intValue());
        assertFalse(Files.exists(shared.resolve("seed-5")), "the attempts are cleared once one is kept");
    }
}
