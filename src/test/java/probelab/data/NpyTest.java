package probelab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy and .npz files as NumPy 1.24 writes them (scripts/fixtures/npy_fixtures.py), and ours back. */
class NpyTest {
    static final Path FIXTURES = Path.of("src/test/resources/npy");

    static double[] arange(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    @Test
    void everyDtypeAndByteOrderNumPyWrites() {
        for (String name : List.of("le-f4", "le-f8", "be-f4", "be-f8", "le-i2", "be-i4", "le-i8", "u1", "le-u2", "le-u4", "le-u8", "i1")) {
            Npy.Array a = Npy.read(FIXTURES.resolve(name + ".npy"));
            assertArrayEquals(new int[] {3, 4}, a.shape(), name);
            assertArrayEquals(arange(12), a.values(), name + " " + a.dtype());
            assertEquals(4, a.asRows()[0].length);
            assertEquals(11f, a.asRows()[2][3]);
        }
        Npy.Array bool = Npy.read(FIXTURES.resolve("bool.npy"));
        assertEquals("|b1", bool.dtype());
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, 1}, bool.values());
        Npy.Array f = Npy.read(FIXTURES.resolve("fortran-f8.npy"));
        assertArrayEquals(new int[] {2, 3, 4}, f.shape());
        assertArrayEquals(arange(24), f.values(), "Fortran order comes back in C order");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Npy.read(FIXTURES.resolve("vector-i8.npy")).ints());
        Npy.Array scalar = Npy.read(FIXTURES.resolve("scalar-f8.npy"));
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new double[] {7.5}, scalar.values());
        assertArrayEquals(arange(6), Npy.read(FIXTURES.resolve("v2-f4.npy")).values(), "format version 2");
    }

    @Test
    void archivesStoredAndCompressed() {
        Npy.Archive plain = Npy.readNpz(FIXTURES.resolve("plain.npz"));
        assertEquals(List.of("x", "labels"), plain.keys());
        assertArrayEquals(arange(6), plain.get("x").values());
        assertArrayEquals(new int[] {0, 1, 2}, plain.getAt("labels").ints());
        Npy.Archive packed = Npy.readNpz(FIXTURES.resolve("compressed.npz"));
        assertArrayEquals(new int[] {2, 3}, packed.get("x").shape());
        assertArrayEquals(arange(4), packed.get("y").values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> packed.get("z"));
        assertTrue(e.getMessage().contains("no array 'z'") && e.getMessage().contains("[x, y]"), e.getMessage());
    }

    @Test
    void ourFilesAreByteForByteNumPys(@TempDir Path dir) throws Exception {
        float[][] f = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}};
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("le-f4.npy")), Files.readAllBytes(Npy.write(f, dir.resolve("f.npy"))));
        double[][] d = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}};
        assertArrayEquals(Files.readAllBytes(FIXTURES.resolve("le-f8.npy")), Files.readAllBytes(Npy.write(d, dir.resolve("d.npy"))));
        // round trips, every kind we write
        assertArrayEquals(new int[] {3, -1, 7}, Npy.read(Npy.write(new int[] {3, -1, 7}, dir.resolve("i.npy"))).ints());
        Npy.Array three = Npy.read(FIXTURES.resolve("fortran-f8.npy"));
        Npy.Array back = Npy.read(Npy.write(three, dir.resolve("t.npy")));
        assertArrayEquals(three.shape(), back.shape());
        assertArrayEquals(three.values(), back.values());
        for (boolean compressed : new boolean[] {false, true}) {
            Path z = Npy.writeNpz(Map.of("rows", f, "labels", new int[] {1, 2, 3}), dir.resolve("z" + compressed + ".npz"), compressed);
            Npy.Archive a = Npy.readNpz(z);
            assertEquals(11f, a.get("rows").asRows()[2][3]);
            assertArrayEquals(new int[] {1, 2, 3}, a.get("labels").ints());
        }
    }

    @Test
    void loadAndSaveGoByTheExtensionAndArraysServeAsRowsAndLabels(@TempDir Path dir) {
        Path rows = Npy.save(List.of(List.of(1, 2), List.of(3, 4)), dir.resolve("l.npy"));
        assertEquals(4f, ((Npy.Array) Npy.load(rows)).asRows()[1][1]);
        assertArrayEquals(new double[] {1, 2, 3}, ((Npy.Array) Npy.load(Npy.save(List.of(1, 2, 3), dir.resolve("v.npy")))).values());
        Object z = Npy.load(Npy.save(Map.of("a", new int[] {1}), dir.resolve("z.npz")));
        assertEquals(List.of("a"), ((Npy.Archive) z).keys());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.save(new int[] {1}, dir.resolve("x.csv"))).getMessage().contains(".npy or .npz"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.save(new int[] {1}, dir.resolve("x.npz"))).getMessage().contains("map of name"));
        Npy.Array labels = Npy.read(FIXTURES.resolve("vector-i8.npy"));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Features.labels(labels, "labels"));
        assertEquals(3, Features.rows(Npy.read(FIXTURES.resolve("le-f4.npy")), "rows").length);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, probelab.plot.Data.vector(labels, "values"));
    }

    @Test
    void damagedForeignAndPickledFilesAreRefused(@TempDir Path dir) throws Exception {
        byte[] good = Files.readAllBytes(FIXTURES.resolve("le-f4.npy"));
        Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Npy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy is truncated") && e.getMessage().contains("45 bytes follow"), e.getMessage());
        Path longer = Files.write(dir.resolve("long.npy"), Arrays.copyOf(good, good.length + 4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(longer)).getMessage().contains("4 bytes past"));
        Path header = Files.write(dir.resolve("h.npy"), Arrays.copyOf(good, 40));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(header)).getMessage().contains("header is incomplete"));
        Path text = Files.writeString(dir.resolve("t.npy"), "x,y\n1,2\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(text)).getMessage().contains("not a .npy file"));
        var pickle = assertThrows(IllegalArgumentException.class, () -> Npy.read(FIXTURES.resolve("objects.npy")));
        assertTrue(pickle.getMessage().contains("never pickles"), pickle.getMessage());
        Path notZip = Files.write(dir.resolve("n.npz"), good);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.readNpz(notZip)).getMessage().contains("not a valid .npz"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(dir.resolve("missing.npy"))).getMessage().contains("no such file"));
        var oneD = assertThrows(IllegalArgumentException.class, () -> Npy.read(FIXTURES.resolve("vector-i8.npy")).asRows());
        assertTrue(oneD.getMessage().contains("a 1-D array is a vector"), oneD.getMessage());
    }
}
