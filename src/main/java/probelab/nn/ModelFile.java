package probelab.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import probelab.util.AtomicFiles;

/**
 * The file format of saved learners: an 8-byte magic, a format version, the learner's kind,
 * its options as JSON, then what the learner writes (networks, counters). A checksum of the
 * whole content ends the file, so a truncated or damaged file is refused, never half-loaded.
 */
public final class ModelFile {
    public static final byte[] MAGIC = "PROBELAB".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;

    private ModelFile() {}

    /** Options of a learner's {@code save(path, force: true)}. */
    public record SaveOptions(@probelab.util.Doc("write even NaN or infinite weights") boolean force) {
        public static final SaveOptions DEFAULTS = new SaveOptions(false);

        /** {@code force} from a save call's named options; an unknown one is an error listing {@code force}. */
        public static boolean force(java.util.Map<String, ?> opts) {
            return probelab.util.Options.apply(DEFAULTS, opts, "save").force();
        }
    }

    @FunctionalInterface
    public interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface Reader<T> {
        T read(String kind, String optionsJson, DataInputStream in) throws IOException;
    }

    /**
     * Refuses to save a network holding NaN or Infinity (what a diverged run leaves) unless
     * {@code force}: a model file should hold a model.
     */
    public static void requireFinite(Network net, String what, boolean force) {
        requireFinite(net.parameters(), what, force);
    }

    /** The same for a network's parameter arrays. */
    public static void requireFinite(java.util.List<float[]> parameters, String what, boolean force) {
        if (force) return;
        long bad = 0, all = 0;
        for (float[] p : parameters) {
            all += p.length;
            for (float v : p) if (!Float.isFinite(v)) bad++;
        }
        if (bad > 0) {
            throw new IllegalStateException(what + " holds NaN or Infinity in " + bad + " of " + all
                    + " weights (training diverged?); save(path, force: true) writes it anyway");
        }
    }

    public static Path save(Path path, String kind, String optionsJson, Body body) {
        return AtomicFiles.write(path, raw -> {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            java.util.zip.CheckedOutputStream checked = new java.util.zip.CheckedOutputStream(raw, crc);
            DataOutputStream out = new DataOutputStream(checked);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            byte[] json = optionsJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(json.length);
            out.write(json);
            body.write(out);
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        });
    }

    /** The kind of learner a valid model file holds ("dqn", …). */
    public static String kind(Path path) {
        return load(path, (kind, json, in) -> kind);
    }

    /** Reads what follows a model file's settings, given them as their options record. */
    @FunctionalInterface
    public interface BodyReader<R extends Record, T> {
        T read(R options, DataInputStream in) throws IOException;
    }

    /**
     * Reads a model file of one kind: another kind is refused ("it holds a 'sac' model, not
     * {@code what}"), the settings are checked against {@code defaults}' record, and the body is
     * read with them.
     */
    public static <R extends Record, T> T load(Path path, String kind, String what, R defaults, BodyReader<R, T> body) {
        return load(path, (k, json, in) -> {
            if (!k.equals(kind)) throw new IOException("it holds a '" + k + "' model, not " + what);
            return body.read(probelab.util.Options.fromMap(defaults, probelab.util.Json.readMap(json), kind + " file"), in);
        });
    }

    /** Reads a model file, refusing foreign, truncated or damaged files with a clear message. */
    public static <T> T load(Path path, Reader<T> reader) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file: " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (all.length < MAGIC.length || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(path + " is not a probelab model file (it does not start with 'PROBELAB')");
        }
        if (all.length < MAGIC.length + 12) throw new IllegalArgumentException(path + " is truncated: only " + all.length + " bytes");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(path + " is damaged or truncated (checksum mismatch); it cannot be loaded");
        }
        try (InputStream raw = new java.io.ByteArrayInputStream(all, 0, all.length - 8);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(path + " has model format version " + version + "; this probelab reads " + VERSION);
            }
            String kind = in.readUTF();
            int jsonLength = in.readInt();
            if (jsonLength < 0 || jsonLength > in.available()) {
                throw new IllegalArgumentException(path + " is not a valid model file: its settings claim " + jsonLength + " bytes of "
                        + in.available() + " left");
            }
            byte[] json = new byte[jsonLength];
            in.readFully(json);
            return reader.read(kind, new String(json, StandardCharsets.UTF_8), in);
        } catch (EOFException e) {
            throw new IllegalArgumentException(path + " is truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " is not a valid model file: " + e.getMessage(), e);
        }
    }
}
