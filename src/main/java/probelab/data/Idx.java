package probelab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import probelab.util.AtomicFiles;

/**
 * The IDX format of MNIST and Fashion-MNIST: a magic number (two zero bytes, a type byte,
 * the number of dimensions), the dimensions as big-endian ints, then the values. Only
 * unsigned bytes (type 0x08), which is what image and label files hold. Files ending in
 * {@code .gz} are gzipped. A short or malformed file is an error, never a partial array.
 */
public final class Idx {
    /** Dimensions and the values, row-major. */
    public record Array(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    private Idx() {}

    public static Array read(Path path) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
             DataInputStream in = new DataInputStream(path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0) throw new IllegalArgumentException(path + " is not an IDX file (magic " + Integer.toHexString(magic) + ")");
            int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
            if (type != 0x08) throw new IllegalArgumentException(path + ": IDX value type 0x" + Integer.toHexString(type) + " is not supported (only unsigned bytes, 0x08)");
            if (rank < 1 || rank > 4) throw new IllegalArgumentException(path + ": implausible IDX rank " + rank);
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) throw new IllegalArgumentException(path + ": IDX dimension " + (i + 1) + " is " + dims[i] + "; every dimension must be at least 1");
                total *= dims[i];
                if (total > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(path + ": its header promises more than " + Integer.MAX_VALUE + " values (dimensions so far "
                            + Arrays.toString(Arrays.copyOf(dims, i + 1)) + ")");
                }
            }
            // what the header promises must fit the file before anything that large is allocated
            long size = Files.size(path), header = 4 + 4L * rank;
            boolean gz = path.toString().endsWith(".gz");
            if (!gz && header + total > size) {
                throw new IllegalArgumentException(path + " is truncated: its header promises " + total + " values (" + Arrays.toString(dims)
                        + ") but the file holds " + Math.max(0, size - header));
            }
            if (gz && total > 1100 * size) { // deflate expands at most ~1032:1
                throw new IllegalArgumentException(path + ": its header promises " + total + " values, more than " + size + " gzipped bytes can hold");
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IllegalArgumentException(path + " is truncated: its header promises " + total + " values ("
                        + Arrays.toString(dims) + ")");
            }
            int past;
            try {
                past = in.read();
            } catch (EOFException e) {
                throw new IllegalArgumentException(path + " is truncated: the values are all there but the gzip stream ends without its trailer");
            }
            if (past != -1) throw new IllegalArgumentException(path + " has bytes past the " + total + " values its header promises");
            return new Array(dims, data);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + path);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(path + " is not a valid gzip file: " + e.getMessage());
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated (the header is incomplete)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Writes unsigned bytes with the given dimensions (gzipped when the name ends in .gz), atomically. */
    public static Path write(Path path, int[] dims, byte[] data) {
        long total = 1;
        for (int d : dims) total *= d;
        if (total != data.length) throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " need " + total + " values, got " + data.length);
        return AtomicFiles.write(path, raw -> {
            GZIPOutputStream gz = path.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : null;
            DataOutputStream out = new DataOutputStream(gz != null ? gz : raw);
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
            out.flush();
            if (gz != null) gz.finish();
        });
    }
}
