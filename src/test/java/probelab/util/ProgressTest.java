package probelab.util;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
    /** Without a terminal (a pipe, JShell's console) a bar prints a few lines, not one per update. */
    @Test
    void aDumbConsoleGetsAFewLinesAtMost() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress("dqn", 20, true, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 1; i <= 20; i++) p.update(i, "loss", 0.5);
        p.finish(20, "done");
        long lines = bytes.toString(StandardCharsets.UTF_8).lines().count();
        assertTrue(lines >= 2 && lines <= 4, lines + " lines:\n" + bytes);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).strip().endsWith("done"));
    }

    /** A notebook's surface gets the bar instead of the stream: rate-limited redraws, then the closing line. */
    @Test
    void aSurfaceGetsRateLimitedDrawsAndTheEnd() {
        java.util.List<String> drawn = new java.util.ArrayList<>();
        java.util.List<Boolean> ends = new java.util.ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.drawOn((bar, line, finished) -> {
            drawn.add(line);
            ends.add(finished);
        });
        try {
            Progress p = new Progress("td3", 100_000, true, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
            for (int i = 1; i <= 100_000; i++) p.update(i, "reward", 1.0);
            p.finish(100_000, "done");
        } finally {
            Progress.drawOn(null);
        }
        assertEquals(0, bytes.size(), "nothing goes to the stream while a surface draws");
        assertTrue(drawn.size() >= 2 && drawn.size() < 100, drawn.size() + " draws");
        assertTrue(ends.get(ends.size() - 1) && drawn.get(drawn.size() - 1).endsWith("done"));
        assertEquals(1, ends.stream().filter(b -> b).count());
    }
}
