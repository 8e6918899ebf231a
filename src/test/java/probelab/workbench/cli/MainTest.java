package probelab.workbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.util.Json;

class MainTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream(), errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(String... args) throws Exception {
        return Main.run(args, out, err);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scriptArgsReachTheScriptAndOutputsGoToOut(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("echo.groovy");
        Files.writeString(script, "def o = parseArgs(args, [n: 1, name: 'x', fast: false])\n"
                + "summary(n2: o.n * 2, name: o.name, fast: o.fast, argc: args.length)\n");
        assertEquals(0, run(script.toString(), "--n", "21", "--name", "catch", "--fast", "--out", dir.resolve("o").toString()));
        Map<String, Object> s = Json.readFile(dir.resolve("o/summary.json"));
        assertEquals(42, s.get("n2"));
        assertEquals("catch", s.get("name"));
        assertEquals(true, s.get("fast"));
        assertEquals(7, s.get("argc"), "the script sees every argument");
        @SuppressWarnings("unchecked")
        Map<String, Object> path = (Map<String, Object>) Json.readFile(dir.resolve("o/config.json")).get("numeric_path");
        for (String k : List.of("probelab", "java", "cores", "openblas_kernels", "omp_num_threads", "nd4j_backend", "cpu_vector_extensions")) {
            assertTrue(path.containsKey(k), "config.json's numeric_path lacks " + k + ": " + path);
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), path.get("cores"));
    }

    @Test
    void failingScriptExitsNonZeroWithOneLine(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("bad.groovy");
        Files.writeString(script, "x = 1\ny = x + undefinedThing\n");
        assertEquals(1, run(script.toString(), "--out", dir.resolve("o").toString()));
        String e = err().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("bad.groovy") && e.contains("MissingPropertyException") && e.contains("line 2"), e);
    }

    /** The report's cases: the line of an unclosed bracket, a script named like its variable, a misspelt method. */
    @Test
    void scriptErrorsNameTheUsersLineAndFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.groovy");
        Files.writeString(bad, "def a = 1\nprintln 'x'\nif (a == 1 {\n  println a\n}\n");
        assertEquals(1, run(bad.toString(), "--out", dir.resolve("o1").toString()));
        String e = err().strip();
        assertTrue(e.contains("syntax error") && e.contains("bad.groovy line 3, column 4") && e.contains("'(' is never closed"), e);
        assertFalse(e.contains("\\n"), "no escaped newlines: " + e);

        errBytes.reset();
        Path d = dir.resolve("d.groovy");
        Files.writeString(d, "def d = 5\nsummary(d: d)\n");
        assertEquals(0, run(d.toString(), "--out", dir.resolve("o2").toString()), err());
        assertEquals(5, Json.readFile(dir.resolve("o2/summary.json")).get("d"));

        errBytes.reset();
        Path typo = dir.resolve("typo.groovy");
        Files.writeString(typo, "agent = dqn(catchGame())\nagent.trian(episodes: 3)\n");
        assertEquals(1, run(typo.toString(), "--out", dir.resolve("o3").toString()));
        String t = err().strip();
        assertTrue(t.contains("Dqn has no method trian(Map); did you mean train? (typo.groovy line 2)"), t);
        assertFalse(t.contains("$script") || t.contains("_script"), "no generated class names: " + t);
    }

    @Test
    void unknownScriptFlagListsTheValidOnes(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("flags.groovy");
        Files.writeString(script, "parseArgs(args, [episodes: 10])\n");
        assertEquals(1, run(script.toString(), "--episdoes", "5"));
        assertTrue(err().contains("unknown flag --episdoes; valid flags: --episodes, --out"), err());
    }

    @Test
    void missingScriptAndBadOptions() throws Exception {
        assertEquals(2, run("nope.groovy"));
        assertTrue(err().contains("no such script: nope.groovy"));
        assertEquals(2, run("--bogus"));
        assertEquals(0, run("--help"));
        assertEquals(0, run("-e", "6 * 7"));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).contains("42"));
        assertEquals(1, run("-e", "1 / 0"));
        assertTrue(err().contains("ArithmeticException"));
    }

    /** The demo script end to end, shortened: summary keys, GIF frames, a loadable agent. */
    @Test
    void catchDemoWritesItsOutputFolder(@TempDir Path dir) throws Exception {
        Path o = dir.resolve("catch");
        assertEquals(0, run("scripts/catch_dqn.groovy", "--episodes", "400", "--evalEpisodes", "200",
                "--gifEpisodes", "3", "--out", o.toString()), err());
        Map<String, Object> s = Json.readFile(o.resolve("summary.json"));
        for (String k : new String[] {"episodes", "train_seconds", "train_win_rate_last100", "greedy_win_rate", "wins_total"}) {
            assertTrue(s.containsKey(k), "summary.json lacks " + k + ": " + s);
        }
        assertEquals(400, s.get("episodes"));
        assertTrue(Files.exists(o.resolve("config.json")));
        assertTrue(Files.list(o).anyMatch(p -> p.getFileName().toString().endsWith(".png")));
        // 3 episodes of catch: a reset frame and 9 step frames each
        try (ImageInputStream in = ImageIO.createImageInputStream(o.resolve("catch.gif").toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(30, r.getNumImages(true));
            assertEquals(240, r.read(0).getWidth());
        }
        Object agent = probelab.workbench.dsl.CoreDsl.load(o.resolve("catch.agent").toString());
        assertTrue(agent instanceof probelab.rl.Dqn);
    }
}
