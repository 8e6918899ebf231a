package probelab.dash;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TensorBoard event files, written directly: TFRecord framing (length, masked CRC-32C of the
 * length, the Event protobuf, its masked CRC-32C) around hand-encoded {@code Event} messages —
 * scalars as {@code Summary.Value.simple_value}, images as PNG in {@code Summary.Value.image}.
 * Open with {@code tensorboard --logdir DIR}. {@link #read} reads a file back, checking every CRC.
 */
public final class TensorBoard implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicInteger WRITERS = new java.util.concurrent.atomic.AtomicInteger();
    private final Path file;
    private final OutputStream out;

    public TensorBoard(Path dir) {
        try {
            Files.createDirectories(dir);
            String host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
            // TensorBoard's own naming (time, host, PID, a counter): two writers in one second, or in two
            // processes, get files of their own; CREATE_NEW refuses to append to anyone else's
            this.file = dir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host + "." + ProcessHandle.current().pid()
                    + "." + WRITERS.incrementAndGet() + ".probelab");
            this.out = new BufferedOutputStream(Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events in " + dir + ": " + e.getMessage(), e);
        }
        Proto event = new Proto().doubleField(1, now()).string(3, "brain.Event:2");
        record(event.bytes());
        flush();
    }

    public Path file() {
        return file;
    }

    public synchronized void scalar(String tag, long step, double value) {
        Proto v = new Proto().string(1, tag).floatField(2, (float) value);
        record(event(step, v));
    }

    public synchronized void image(String tag, long step, BufferedImage img) {
        Proto image = new Proto().varint(1, img.getHeight()).varint(2, img.getWidth()).varint(3, img.getColorModel().hasAlpha() ? 4 : 3)
                .bytes(4, Images.png(img));
        Proto v = new Proto().string(1, tag).message(4, image);
        record(event(step, v));
    }

    private byte[] event(long step, Proto value) {
        Proto summary = new Proto().message(1, value);
        return new Proto().doubleField(1, now()).varint(2, step).message(5, summary).bytes();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private void record(byte[] data) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length);
        try {
            out.write(len.array());
            out.write(le32(maskedCrc(len.array())));
            out.write(data);
            out.write(le32(maskedCrc(data)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** A protobuf message written field by field. */
    static final class Proto {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            tag(field, 0);
            writeVarint(v);
            return this;
        }

        Proto doubleField(int field, double v) {
            tag(field, 1);
            buf.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
            return this;
        }

        Proto floatField(int field, float v) {
            tag(field, 5);
            buf.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            writeVarint(b.length);
            buf.writeBytes(b);
            return this;
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.bytes());
        }

        byte[] bytes() {
            return buf.toByteArray();
        }

        private void tag(int field, int wire) {
            writeVarint(((long) field << 3) | wire);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                buf.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            buf.write((int) v);
        }
    }

    // ---- reading back ---------------------------------------------------------------------

    /** One event as read back: its step and, when it holds one, a scalar or an image. */
    public record Event(double wallTime, long step, String fileVersion, String tag, Float value, byte[] png, int width, int height) {}

    /** Reads every record of an event file, checking lengths and both CRCs of each. */
    public static List<Event> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.remaining() > 0) {
            if (b.remaining() < 12) throw new IllegalStateException(file + ": truncated record header at byte " + b.position());
            byte[] len = new byte[8];
            b.get(len);
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (b.getInt() != maskedCrc(len)) throw new IllegalStateException(file + ": bad length CRC at byte " + (b.position() - 12));
            if (n < 0 || n > b.remaining() - 4) throw new IllegalStateException(file + ": record of " + n + " bytes runs past the end");
            byte[] data = new byte[(int) n];
            b.get(data);
            if (b.getInt() != maskedCrc(data)) throw new IllegalStateException(file + ": bad data CRC in the record ending at byte " + b.position());
            out.add(parseEvent(data));
        }
        return out;
    }

    private static Event parseEvent(byte[] data) {
        double wall = 0;
        long step = 0;
        String version = null, tag = null;
        Float value = null;
        byte[] png = null;
        int w = 0, h = 0;
        Reader r = new Reader(data);
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3), wire = (int) (key & 7);
            if (field == 1 && wire == 1) wall = r.fixed64();
            else if (field == 2 && wire == 0) step = r.varint();
            else if (field == 3 && wire == 2) version = new String(r.bytes(), StandardCharsets.UTF_8);
            else if (field == 5 && wire == 2) {
                Reader summary = new Reader(r.bytes());
                while (summary.more()) {
                    long k = summary.varint();
                    if ((k >>> 3) != 1) { summary.skip((int) (k & 7)); continue; }
                    Reader v = new Reader(summary.bytes());
                    while (v.more()) {
                        long vk = v.varint();
                        int vf = (int) (vk >>> 3);
                        if (vf == 1) tag = new String(v.bytes(), StandardCharsets.UTF_8);
                        else if (vf == 2) value = v.fixed32();
                        else if (vf == 4) {
                            Reader img = new Reader(v.bytes());
                            while (img.more()) {
                                long ik = img.varint();
                                int f = (int) (ik >>> 3);
                                if (f == 1) h = (int) img.varint();
                                else if (f == 2) w = (int) img.varint();
                                else if (f == 4) png = img.bytes();
                                else img.skip((int) (ik & 7));
                            }
                        } else v.skip((int) (vk & 7));
                    }
                }
            } else r.skip(wire);
        }
        return new Event(wall, step, version, tag, value, png, w, h);
    }

    private static final class Reader {
        final ByteBuffer b;

        Reader(byte[] data) {
            b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        boolean more() {
            return b.hasRemaining();
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b.get();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
        }

        double fixed64() {
            return b.getDouble();
        }

        float fixed32() {
            return b.getFloat();
        }

        byte[] bytes() {
            byte[] out = new byte[(int) varint()];
            b.get(out);
            return out;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> b.position(b.position() + 8);
                case 2 -> bytes();
                case 5 -> b.position(b.position() + 4);
                default -> throw new IllegalStateException("unknown protobuf wire type " + wire);
            }
        }
    }
}
