package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.workbench.shell.Evaluator;

/** A researcher's CSV through the DSL: read it, embed its numeric columns, probe its text labels. */
class ReadTableTest {
    @Test
    void aCsvTableFeedsPcaAndAProbeWithItsTextLabels(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("cell,\"depth, um\",rate,label\n");
        Random r = new Random(3);
        for (int i = 0; i < 80; i++) {
            boolean on = i % 2 == 0;
            csv.append(String.format(Locale.ROOT, "c%d,%.3f,%.3f,%s%n", i, (on ? 2 : -2) + r.nextGaussian() * 0.3,
                    r.nextGaussian(), on ? "on" : "off"));
        }
        Path f = dir.resolve("cells.csv");
        Files.writeString(f, csv);
        Evaluator ev = new Evaluator();
        ev.binding().setVariable("path", f.toString());
        assertEquals("Table cells.csv: 80 rows × 4 columns (cell text, depth, um number, rate number, label text)",
                String.valueOf(ev.eval("t = read(path)")));
        assertEquals(2, ((float[][]) ev.eval("pca(t, 2).asRows()"))[0].length, "a table is rows: its numeric columns");
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) ev.eval("probe(t, t['label'], seed: 1).toMap()");
        double acc = ((Number) ((Map<?, ?>) p.get("multi")).get("test")).doubleValue();
        assertTrue(acc > 0.9, "the depth column separates on from off: " + p);
    }
}
