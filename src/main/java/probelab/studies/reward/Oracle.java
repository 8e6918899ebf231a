package probelab.studies.reward;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import probelab.active.Labeler;

/** Who answers a query: is this frame a success? */
@FunctionalInterface
public interface Oracle {
    enum Answer { SUCCESS, FAILURE, SKIP, STOP }

    /** The answer for one frame; {@code info} is what the environment said of it (only a simulated oracle reads it). */
    Answer ask(float[] frame, Map<String, Object> info);

    /** The environment's hidden test ({@code info.success}), as the paper's simulated user. */
    static Oracle truth() {
        return (frame, info) -> {
            if (!(info.get("success") instanceof Boolean b)) {
                throw new IllegalStateException("the simulated oracle reads info.success, which this environment does not report");
            }
            return b ? Answer.SUCCESS : Answer.FAILURE;
        };
    }

    /**
     * A person at a terminal: each frame is shown ({@code show}), then asked about: y (success),
     * n (failure), s (skip), q (no more questions in this run); anything else is asked again.
     * Every y or n is appended to {@code labels} as it is given, keyed by the frame's digest,
     * and a frame answered in that file before is not asked again: a restarted run resumes.
     */
    final class Person implements Oracle {
        private final Labeler.Answers in;
        private final PrintStream out;
        private final Path labels;
        private final Consumer<float[]> show;
        private final Map<String, Boolean> known = new HashMap<>();
        private int given, reused;

        public Person(Labeler.Answers in, PrintStream out, Path labels, Consumer<float[]> show) {
            this.in = in;
            this.out = out;
            this.labels = labels;
            this.show = show;
            load();
        }

        private void load() {
            if (!Files.exists(labels)) return;
            try {
                int n = 0;
                for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
                    n++;
                    if (line.isBlank() || line.equals(HEADER)) continue;
                    String[] f = line.split(",");
                    if (f.length != 2 || !(f[1].equals("success") || f[1].equals("failure")) || f[0].length() != 32) {
                        throw new IllegalArgumentException(labels + ", line " + n + ": expected 'frame,success|failure' with a 32-digit frame digest, got '" + line + "'");
                    }
                    known.put(f[0], f[1].equals("success"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + labels + ": " + e.getMessage(), e);
            }
        }

        static final String HEADER = "frame,answer";

        /** Answers read from the labels file or given so far. */
        public int known() {
            return known.size();
        }

        /** Answers given in this run, and answers taken from the file without asking. */
        public int given() {
            return given;
        }

        public int reused() {
            return reused;
        }

        @Override
        public Answer ask(float[] frame, Map<String, Object> info) {
            String key = digest(frame);
            Boolean before = known.get(key);
            if (before != null) {
                reused++;
                return before ? Answer.SUCCESS : Answer.FAILURE;
            }
            show.accept(frame);
            while (true) {
                String line = in.ask("Is this a success? (y yes, n no, s skip, q no more questions) ");
                if (line == null) return Answer.STOP;
                switch (line.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "y", "yes" -> {
                        return record(key, true);
                    }
                    case "n", "no" -> {
                        return record(key, false);
                    }
                    case "s", "skip" -> {
                        return Answer.SKIP;
                    }
                    case "q", "quit" -> {
                        out.println("no more questions in this run; " + given + " answered");
                        return Answer.STOP;
                    }
                    default -> out.println("'" + line.strip() + "' is not an answer: y, n, s or q");
                }
            }
        }

        private Answer record(String key, boolean success) {
            known.put(key, success);
            given++;
            probelab.util.LogFile.append(labels, HEADER, key + "," + (success ? "success" : "failure"));
            return success ? Answer.SUCCESS : Answer.FAILURE;
        }

        /** The first 128 bits of the SHA-256 of the frame's values, in hex. */
        static String digest(float[] frame) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(frame.length * 4);
                b.asFloatBuffer().put(frame);
                return HexFormat.of().formatHex(md.digest(b.array()), 0, 16);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
