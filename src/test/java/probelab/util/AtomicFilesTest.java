package probelab.util;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temp files a crash left behind are swept the next time a process writes into their folder; live ones stay. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void leftoversOfDeadProcessesAreSweptAndLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            Path dead = Files.writeString(dir.resolve(".summary.json." + gone.pid() + ".123.tmp"), "half");
            Path live = Files.writeString(dir.resolve(".summary.json." + alive.pid() + ".456.tmp"), "being written");
            Path foreign = Files.writeString(dir.resolve(".notes.tmp"), "not ours");
            AtomicFiles.writeString(dir.resolve("summary.json"), "{}");
            assertFalse(Files.exists(dead), "a dead process's temp file is swept");
            assertTrue(Files.exists(live), "a live process's temp file is left alone");
            assertTrue(Files.exists(foreign), "files not named as ours are left alone");
            assertEquals("{}", Files.readString(dir.resolve("summary.json")));
            try (var s = Files.list(dir)) {
                assertEquals(0, s.filter(f -> f.getFileName().toString().contains("." + ProcessHandle.current().pid() + ".")).count(),
                        "our own temp file is renamed away");
            }
        } finally {
            alive.destroy();
            alive.waitFor();
        }
    }
}
