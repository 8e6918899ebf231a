package probelab.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that a crash or Ctrl-C never leaves half a file: temp file, then rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final long PID = ProcessHandle.current().pid();
    private static final java.util.Set<Path> SWEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static Path write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            if (SWEPT.add(dir)) sweep(dir);
            // the writer's PID in the name: a temp file whose process is gone is a crash's leftover
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + "." + PID + ".", ".tmp");
            try {
                try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                    writer.write(out);
                }
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes temp files in {@code dir} left by processes that are gone (a crash or kill -9 between
     * writing and renaming), the first time this process writes there.
     */
    static int sweep(Path dir) {
        int removed = 0;
        try (var files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                String[] parts = f.getFileName().toString().split("\\.");
                // .NAME.PID.RANDOM.tmp: the PID is the third field from the end
                if (parts.length < 4) continue;
                long pid;
                try {
                    pid = Long.parseLong(parts[parts.length - 3]);
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                if (pid != PID && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Files.deleteIfExists(f)) removed++;
            }
        } catch (IOException e) {
            // a folder we cannot list: nothing to sweep
        }
        return removed;
    }

    public static Path writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return write(target, out -> out.write(bytes));
    }
}
