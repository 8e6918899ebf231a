package probelab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
    /** Quoted commas and quotes, a missing value, a text label column, a byte-order mark, CRLF line ends. */
    static final String CELLS = "\uFEFFid,\"note, free text\",x,y,species\r\n"
            + "1,\"a, b\",0.5,1.5,setosa\r\n"
            + "2,\"she said \"\"hi\"\"\",1.0,,versicolor\r\n"
            + "3,,2.0,3.5,setosa\r\n";

    @Test
    void readsQuotedFieldsMissingValuesTextLabelsAndABom(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cells.csv");
        Files.writeString(f, CELLS, StandardCharsets.UTF_8);
        Table t = Table.read(f);
        assertEquals(List.of("id", "note, free text", "x", "y", "species"), t.columns(), "the BOM is not part of the first name");
        assertEquals(3, t.size());
        assertEquals("she said \"hi\"", t.get("note, free text").strings()[1]);
        assertFalse(t.get("note, free text").isNumeric());
        assertEquals(List.of("id", "x", "y"), t.numericColumns());
        assertEquals(1, t.get("y").missing());
        assertArrayEquals(new String[] {"setosa", "versicolor"}, t.get("species").classes());
        assertArrayEquals(new int[] {0, 1, 0}, t.get("species").codes());
        assertArrayEquals(new int[] {0, 1, 0}, Features.labels(t.getAt("species"), "labels"), "a text column works as labels");
        // a missing value among the rows is an error naming line and column, never a silent 0
        var e = assertThrows(IllegalArgumentException.class, t::numeric);
        assertTrue(e.getMessage().contains("column 'y' has no value on line 3"), e.getMessage());
        assertEquals(1, t.dropMissing().size(), "any column: row 3 has no note");
        float[][] rows = t.dropMissing("x", "y").numericWithout("id");
        assertEquals(2, rows.length);
        assertArrayEquals(new float[] {2.0f, 3.5f}, rows[1]);
        assertTrue(t.toString().contains("3 rows × 5 columns") && t.toString().contains("y number [1 missing]"), t.toString());
        assertEquals(2, Features.rows(t.dropMissing("y"), "tsne").length, "a table is accepted wherever rows are");
    }

    @Test
    void tabSeparatedAndMultiLineFieldsKeepTheirLineNumbers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.tsv");
        Files.writeString(f, "name\tvalue\n\"two\nlines\"\t1\nb\t\nc\t3\n");
        Table t = Table.read(f);
        assertEquals("two\nlines", t.get("name").strings()[0]);
        var e = assertThrows(IllegalArgumentException.class, () -> t.get("value").doubles());
        assertTrue(e.getMessage().contains("line 4"), "the second record starts on line 4: " + e.getMessage());
    }

    @Test
    void badFilesAreRefusedWithWhatWasExpected(@TempDir Path dir) throws Exception {
        assertTrue(refused(dir, "", "empty.csv").contains("expected a header row"));
        assertTrue(refused(dir, "a,b\n1,2\n3\n", "ragged.csv").contains("line 3: 1 fields, but the header names 2 columns"));
        assertTrue(refused(dir, "a,a\n1,2\n", "twice.csv").contains("names column 'a' twice"));
        assertTrue(refused(dir, "a,\n1,2\n", "noname.csv").contains("column 2 of the header has no name"));
        assertTrue(refused(dir, "a,b\n\"1,2\n", "open.csv").contains("malformed CSV"));
        Path bin = dir.resolve("bin.csv");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Table.read(bin)).getMessage().contains("not UTF-8 text"));
        Table t = Table.parse("a,b\n1,x\n", ',', "t.csv");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.get("c")).getMessage().contains("its columns: [a, b]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.get("b").doubles()).getMessage().contains("holds text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Table.parse("a\n1.5\n", ',', "t").get("a").codes())
                .getMessage().contains("1.5 is not an integer label"));
    }

    private static String refused(Path dir, String text, String name) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return assertThrows(IllegalArgumentException.class, () -> Table.read(f)).getMessage();
    }

    @Test
    void rowsForAnAnalysisMustBeFinite() {
        var nan = assertThrows(IllegalArgumentException.class, () -> Features.rows(new float[][] {{1, 2}, {3, Float.NaN}}, "tsne"));
        assertTrue(nan.getMessage().contains("tsne: row 1, column 1 holds NaN"), nan.getMessage());
        var big = assertThrows(IllegalArgumentException.class, () -> Features.rows(new double[][] {{1e50}}, "pca"));
        assertTrue(big.getMessage().contains("holds 1.0E50, beyond a float's range"), big.getMessage());
        assertEquals(Float.NaN, Features.rowsAsGiven(new float[][] {{Float.NaN}}, "write")[0][0], "files may hold NaN");
    }

    @Test
    void dropNonFiniteKeepsTheFiniteRowsAndTheirLabels() {
        double[][] x = {{1, 2}, {3, Double.NaN}, {5, 6}, {1e50, 0}, {7, Double.NEGATIVE_INFINITY}, {8, 9}};
        Features.FiniteRows f = Features.finiteRows(x, "dropNonFinite");
        assertArrayEquals(new int[] {0, 2, 5}, f.kept());
        assertEquals(3, f.dropped());
        assertArrayEquals(new float[] {5, 6}, Features.rows(f, "tsne")[1], "an analysis takes them as rows");
        assertArrayEquals(new int[] {10, 12, 15}, (int[]) f.select(new int[] {10, 11, 12, 13, 14, 15}));
        assertEquals(java.util.List.of("a", "c", "f"), f.select(java.util.List.of("a", "b", "c", "d", "e", "f")));
        var wrong = assertThrows(IllegalArgumentException.class, () -> f.select(new int[] {1, 2}));
        assertTrue(wrong.getMessage().contains("expected 6 labels, one per given row, got 2"), wrong.getMessage());
        assertEquals("3 rows (dropped 3 of 6 holding NaN or Infinity)", f.toString());
    }
}
