package probelab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import probelab.util.AtomicFiles;

/**
 * NumPy's {@code .npy} and {@code .npz} files: what researchers hold their activations and
 * labels in. Reads format versions 1 to 3, every numeric dtype NumPy writes (bool, signed and
 * unsigned integers of 1 to 8 bytes, float32 and float64) in either byte order, C or Fortran
 * order, and {@code .npz} archives stored or compressed. Object arrays (pickles) and structured
 * dtypes are refused. Writes version 1.0 files in C order, little-endian.
 *
 * <p>A file is checked against what its header promises before anything is allocated: a
 * truncated, overlong or malformed file is an error naming it, never part of an array.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /**
     * An array read from NumPy: its shape, its dtype as NumPy spells it, and its values in C
     * (row-major) order as doubles, which hold every int32, float32 and float64 value exactly.
     * Rows are the first axis; the rest is flattened.
     */
    public record Array(int[] shape, String dtype, double[] values) implements Rows, probelab.util.Numbers {
        public Array {
            long n = 1;
            for (int d : shape) n *= d;
            if (n != values.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        }

        public long size() {
            return values.length;
        }

        /** The rows (first axis) with the other axes flattened, as float. */
        @Override
        public float[][] asRows() {
            if (shape.length < 2) {
                throw new IllegalArgumentException("expected rows (an array of 2 or more dimensions), got shape " + Arrays.toString(shape)
                        + "; a 1-D array is a vector (labels: .ints())");
            }
            int n = shape[0], d = values.length / Math.max(1, n);
            float[][] out = new float[n][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i][j] = (float) values[i * d + j];
            return out;
        }

        /** The values as integers (labels), each required to be a whole number. */
        public int[] ints() {
            int[] out = new int[values.length];
            for (int i = 0; i < out.length; i++) {
                double v = values[i];
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("expected whole numbers (labels), found " + v + " at index " + i);
                }
                out[i] = (int) v;
            }
            return out;
        }

        @Override
        public double[] doubles() {
            return values.clone();
        }

        @Override
        public String toString() {
            return "Npy.Array " + dtype + " " + Arrays.toString(shape);
        }
    }

    /** The arrays of an {@code .npz} archive, by name, in the archive's order. */
    public record Archive(Map<String, Array> arrays) {
        public List<String> keys() {
            return List.copyOf(arrays.keySet());
        }

        public Array get(String name) {
            Array a = arrays.get(name);
            if (a == null) throw new IllegalArgumentException("no array '" + name + "' in this archive; it holds " + arrays.keySet());
            return a;
        }

        /** Groovy's {@code z['name']}. */
        public Array getAt(String name) {
            return get(name);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Npz");
            arrays.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v.dtype()).append(Arrays.toString(v.shape())));
            return sb.toString();
        }
    }

    /** Reads by the file's extension: an {@link Array} from {@code .npy}, an {@link Archive} from {@code .npz}. */
    public static Object load(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy")) return read(path);
        if (name.endsWith(".npz")) return readNpz(path);
        throw new IllegalArgumentException("expected a .npy or .npz file, got " + path.getFileName() + " (tables: read('x.csv'))");
    }

    /** Writes by the file's extension: one array as {@code .npy}, a map of name → array as compressed {@code .npz}. */
    @SuppressWarnings("unchecked")
    public static Path save(Object value, Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy")) return write(value, path);
        if (name.endsWith(".npz")) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("an .npz takes a map of name: array, got " + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            Map<String, Object> arrays = new LinkedHashMap<>();
            m.forEach((k, v) -> arrays.put(String.valueOf(k), v));
            return writeNpz(arrays, path, true);
        }
        throw new IllegalArgumentException("expected a path ending in .npy or .npz, got " + path.getFileName());
    }

    // ------------------------------------------------------------------ reading

    public static Array read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
        return parse(bytes, path.toString());
    }

    public static Archive readNpz(Path path) {
        if (!Files.exists(path)) throw new IllegalArgumentException("no such file: " + path);
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.isDirectory()) continue;
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, parse(in.readAllBytes(), path + " [" + e.getName() + "]"));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(path + " is not a valid .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
        return new Archive(out);
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    static Array parse(byte[] b, String what) {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) throw new IllegalArgumentException(what + " is not a .npy file (no \\x93NUMPY magic)");
        int major = b[6] & 0xFF;
        int headerLen, start;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IllegalArgumentException(what + " is truncated (the header is incomplete)");
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            start = 12;
        } else {
            throw new IllegalArgumentException(what + ": .npy format version " + major + " is not one this reader knows (1 to 3)");
        }
        if (headerLen < 0 || start + (long) headerLen > b.length) throw new IllegalArgumentException(what + " is truncated (the header is incomplete)");
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!header.contains("'descr'") || !d.find()) {
            throw new IllegalArgumentException(what + ": a structured or unreadable dtype in its header (" + header.strip() + "); only plain numeric arrays are read");
        }
        if (!f.find() || !s.find()) throw new IllegalArgumentException(what + ": malformed header " + header.strip());
        String descr = d.group(1);
        boolean fortran = f.group(1).equals("True");
        int[] shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(t -> !t.isEmpty()).mapToInt(t -> {
            try {
                return Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": a dimension of " + t + " in its shape");
            }
        }).toArray();
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) throw new IllegalArgumentException(what + ": a negative dimension in its shape " + Arrays.toString(shape));
            count *= dim;
            if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(what + ": more than 2^31 values; too large to read into one array");
        }
        Kind kind = Kind.of(descr, what);
        int dataStart = start + headerLen;
        long want = count * kind.size, have = b.length - (long) dataStart;
        if (have < want) throw new IllegalArgumentException(what + " is truncated: its header promises " + count + " " + descr + " values ("
                + want + " bytes) but " + have + " bytes follow");
        if (have > want) throw new IllegalArgumentException(what + " has " + (have - want) + " bytes past the " + count + " values its header promises");
        ByteBuffer buf = ByteBuffer.wrap(b, dataStart, (int) want).order(kind.order);
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) v[i] = kind.read(buf);
        if (fortran && shape.length > 1) v = fortranToC(v, shape);
        return new Array(shape, descr, v);
    }

    /** Reorders column-major values into row-major ones. */
    static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int k = shape.length;
        int[] idx = new int[k];
        long[] fStride = new long[k];
        fStride[0] = 1;
        for (int a = 1; a < k; a++) fStride[a] = fStride[a - 1] * shape[a - 1];
        for (int i = 0; i < c.length; i++) { // i walks C order; idx is its multi-index
            long at = 0;
            for (int a = 0; a < k; a++) at += idx[a] * fStride[a];
            c[i] = f[(int) at];
            for (int a = k - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
        return c;
    }

    /** A numeric dtype: its byte order, size and how to read one value. */
    private record Kind(char type, int size, ByteOrder order) {
        static Kind of(String descr, String what) {
            if (descr.length() >= 2 && descr.charAt(1) == 'O') {
                throw new IllegalArgumentException(what + " holds Python objects (dtype O, a pickle); only numeric arrays are read, never pickles");
            }
            if (descr.length() < 3) throw new IllegalArgumentException(what + ": dtype '" + descr + "' is not a numeric one this reader knows");
            char o = descr.charAt(0), t = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": dtype '" + descr + "' is not a numeric one this reader knows");
            }
            boolean known = switch (t) {
                case 'f' -> size == 4 || size == 8;
                case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                case 'b' -> size == 1;
                default -> false;
            };
            if (!known) throw new IllegalArgumentException(what + ": dtype '" + descr + "' is not read (bool, int8-64, uint8-64, float32 and float64 are)");
            ByteOrder order = o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN; // '<', '|' (one byte) and '=' (NumPy writes native: little here)
            if (o != '<' && o != '>' && o != '|' && o != '=') throw new IllegalArgumentException(what + ": dtype '" + descr + "' has no byte order NumPy writes");
            return new Kind(t, size, order);
        }

        double read(ByteBuffer b) {
            return switch (type) {
                case 'f' -> size == 4 ? b.getFloat() : b.getDouble();
                case 'b' -> b.get() != 0 ? 1 : 0;
                case 'i' -> switch (size) {
                    case 1 -> b.get();
                    case 2 -> b.getShort();
                    case 4 -> b.getInt();
                    default -> b.getLong();
                };
                default -> switch (size) { // unsigned
                    case 1 -> b.get() & 0xFF;
                    case 2 -> b.getShort() & 0xFFFF;
                    case 4 -> b.getInt() & 0xFFFFFFFFL;
                    default -> {
                        long v = b.getLong();
                        yield v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
                    }
                };
            };
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code value} as {@code .npy}, atomically: {@code float[][]} and {@code float[]} as
     * float32, {@code double[][]}, {@code double[]} and an {@link Array} as float64 (an Array keeps
     * its shape), {@code int[]} as int32, or anything with rows ({@link Rows}) as float32.
     */
    public static Path write(Object value, Path path) {
        byte[] bytes = encode(value, path.toString());
        return AtomicFiles.write(path, out -> out.write(bytes));
    }

    /** Writes arrays by name as an {@code .npz} archive (deflated when {@code compressed}), atomically. */
    public static Path writeNpz(Map<String, ?> arrays, Path path, boolean compressed) {
        if (arrays.isEmpty()) throw new IllegalArgumentException("an .npz needs at least one array; got an empty map");
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        arrays.forEach((k, v) -> encoded.put(k, encode(v, path + " [" + k + "]")));
        return AtomicFiles.write(path, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            for (Map.Entry<String, byte[]> e : encoded.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (!compressed) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    static byte[] encode(Object value, String what) {
        if (value instanceof Array a) return encode("<f8", a.shape(), a.values().length, (buf, i) -> buf.putDouble(a.values()[i]));
        if (value instanceof float[][] f) {
            int n = f.length, d = n == 0 ? 0 : f[0].length;
            for (float[] r : f) if (r.length != d) throw new IllegalArgumentException(what + ": rows of unequal length (" + d + " and " + r.length + ")");
            return encode("<f4", new int[] {n, d}, n * d, (buf, i) -> buf.putFloat(f[i / d][i % d]));
        }
        if (value instanceof double[][] f) {
            int n = f.length, d = n == 0 ? 0 : f[0].length;
            for (double[] r : f) if (r.length != d) throw new IllegalArgumentException(what + ": rows of unequal length (" + d + " and " + r.length + ")");
            return encode("<f8", new int[] {n, d}, n * d, (buf, i) -> buf.putDouble(f[i / d][i % d]));
        }
        if (value instanceof float[] f) return encode("<f4", new int[] {f.length}, f.length, (buf, i) -> buf.putFloat(f[i]));
        if (value instanceof double[] f) return encode("<f8", new int[] {f.length}, f.length, (buf, i) -> buf.putDouble(f[i]));
        if (value instanceof int[] f) return encode("<i4", new int[] {f.length}, f.length, (buf, i) -> buf.putInt(f[i]));
        if (value instanceof Rows r) return encode(r.asRows(), what);
        if (value instanceof java.util.Collection<?> c && !c.isEmpty() && c.iterator().next() instanceof Number) {
            return encode(probelab.plot.Data.vector(c, what), what);
        }
        return encode(Features.rowsAsGiven(value, what), what); // ND4J arrays, datasets, lists of rows; else its error names what it takes
    }

    private interface Put {
        void put(ByteBuffer buf, int i);
    }

    private static byte[] encode(String descr, int[] shape, int count, Put put) {
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int pad = 64 - (10 + dict.length() + 1) % 64; // data starts on a 64-byte boundary, as NumPy's own files
        String header = dict + " ".repeat(pad % 64) + "\n";
        int size = descr.endsWith("8") ? 8 : 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + count * size);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer buf = ByteBuffer.allocate(count * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) put.put(buf, i);
        out.writeBytes(buf.array());
        return out.toByteArray();
    }
}
