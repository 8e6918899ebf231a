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
}
