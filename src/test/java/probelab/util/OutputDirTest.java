package probelab.util;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output folder: a folder another live run holds is refused or passed over, a stale lock taken over. */
class OutputDirTest {
    @TempDir
    Path tmp;

    static String host() throws Exception {
        return java.net.InetAddress.getLocalHost().getHostName();
    }

    /** Plants the lock another process would leave. */
    static void planted(Path folder, long pid) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(OutputDir.LOCK), pid + "@" + host() + " since 2026-01-01T00:00:00Z\n");
    }

    interface WithProcess {
        void run(Process other) throws Exception;
    }

    /** Runs {@code body} while another live process exists (whose PID a planted lock can name). */
    static void whileAnotherRunLives(WithProcess body) throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            body.run(other);
        } finally {
            other.destroy();
            other.waitFor();
        }
    }

    @Test
    void aFolderAnotherLiveRunHoldsIsRefusedWhenChosenAndPassedOverWhenNot() throws Exception {
        whileAnotherRunLives(other -> {
            Path runs = tmp.resolve("catch");
            planted(runs, other.pid());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OutputDir(runs, true, true).summary(Map.of("x", 1)));
            assertTrue(e.getMessage().contains("in use by another run (PID " + other.pid()), e.getMessage());
            assertFalse(Files.exists(runs.resolve("summary.json")), "nothing written into the other run's folder");
            OutputDir fresh = new OutputDir(runs, true, false).claim();
            assertEquals(tmp.resolve("catch-2").toAbsolutePath().normalize(), fresh.path());
            fresh.summary(Map.of("x", 1));
            assertTrue(Files.exists(fresh.path().resolve("summary.json")));
            fresh.release();
            assertFalse(Files.exists(fresh.path().resolve(OutputDir.LOCK)), "released");
        });
    }

    @Test
    void aLockWhoseProcessIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path runs = tmp.resolve("stale");
        planted(runs, gone.pid());
        OutputDir d = new OutputDir(runs, true, true);
        d.config(Map.of("seed", 1));
        assertTrue(Files.readString(runs.resolve(OutputDir.LOCK)).startsWith(ProcessHandle.current().pid() + "@"));
        d.release();
        // claiming twice in one process is one claim
        OutputDir again = new OutputDir(runs, true, true);
        again.claim();
        again.claim();
        again.release();
        assertFalse(Files.exists(runs.resolve(OutputDir.LOCK)));
    }

    @Test
    void aScriptGivenAFolderInUseExitsWithAClearMessage() throws Exception {
        whileAnotherRunLives(other -> {
            Path runs = tmp.resolve("busy");
            planted(runs, other.pid());
            Path script = tmp.resolve("s.groovy");
            Files.writeString(script, "summary(done: true)\n");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
            int rc = probelab.workbench.cli.MainTestAccess.script(script, new String[] {"--out", runs.toString()}, new java.io.PrintStream(out), new java.io.PrintStream(err));
            assertEquals(2, rc, err.toString());
            assertTrue(err.toString().contains("is in use by another run"), err.toString());
            assertFalse(Files.exists(runs.resolve("summary.json")));
        });
    }
}
