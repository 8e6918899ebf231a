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
}
