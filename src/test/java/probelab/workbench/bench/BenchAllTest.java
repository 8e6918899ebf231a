package probelab.workbench.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.util.Json;

/** The benchmark command end to end with tiny settings and no peers: a well-formed table with a row per benchmark. */
class BenchAllTest {
    @Test
    void tinyRunWritesATableWithARowPerBenchmark(@TempDir Path dir) throws Exception {
        probelab.testing.TestData.mnist(); // the room and the active-learning round read the digits
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = BenchAll.run(new BenchAll.Options(true, "", "/nonexistent", "", dir), new PrintStream(log, true, StandardCharsets.UTF_8));
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        String table = Files.readString(dir.resolve("benchmarks.md"));
        List<String> rows = table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| benchmark")).toList();
        assertEquals(BenchAll.SPECS.size(), rows.size(), table);
        for (String r : rows) {
            assertEquals(6, r.split("(?<!\\\\)\\|").length, "five columns: " + r);
            assertTrue(r.contains("`bin/probelab scripts/bench_"), "the command: " + r);
        }
        assertTrue(table.contains("PyTorch not installed") && table.contains("CPU:") && table.contains("JDK:"), table);
        assertTrue(table.contains("**A smoke run with tiny settings"), "a tiny table says it measures nothing");
        var summary = Json.readFile(dir.resolve("summary.json"));
        assertEquals(List.of(), summary.get("failed"));
        System.out.printf("benchmark smoke run: %d rows in %.1f s%n", rows.size(), secs);
    }

    @Test
    void tinyResultsCheckReadsEveryBandedFigure(@TempDir Path dir) throws Exception {
        probelab.testing.TestData.mnist(); // the retinal room's pickups
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = Results.run(new BenchAll.Options(true, "", "/nonexistent", "", dir), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
        var summary = Json.readFile(dir.resolve("summary.json"));
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> rows = (List<java.util.Map<String, Object>>) summary.get("rows");
        assertEquals(Results.SPECS.stream().mapToInt(s -> s.bands().size()).sum(), rows.size());
        for (var r : rows) assertNotNull(r.get("value"), "every banded figure is in its script's summary: " + r + "\n" + log);
        assertTrue(Files.readString(dir.resolve("results.md")).contains("the bands are not enforced"));
    }

    @Test
    void bandsHoldInsideAndFailOutside() {
        Results.Band b = new Results.Band("wins", "a.b", 700, 800);
        assertTrue(b.holds(700) && b.holds(800) && !b.holds(699.9) && !b.holds(Double.NaN));
        assertEquals(750.0, Results.read(java.util.Map.of("a", java.util.Map.of("b", 750)), "a.b"));
        assertNull(Results.read(java.util.Map.of("a", 1), "a.b"));
        assertEquals("≥ 9", new Results.Band("x", "x", 9, Double.POSITIVE_INFINITY).band());
    }
}
