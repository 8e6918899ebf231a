package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.data.Datasets;

class LabelerTest {

    private static Labeler labeler(String typed, Path file, ByteArrayOutputStream screen) {
        PrintStream out = new PrintStream(screen, true);
        return new Labeler(Labeler.Answers.of(new BufferedReader(new StringReader(typed)), out), out, file, Datasets.DIGITS);
    }

    @Test
    void badAnswerIsAskedAgainThenGoodOnesSavedThenQuit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.csv");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        List<Integer> shown = new ArrayList<>();
        Map<Integer, Integer> got = labeler("seven\n7\ns\n3\nq\n", file, screen).ask(new int[] {10, 11, 12, 13, 14}, shown::add);
        assertEquals(Map.of(10, 7, 12, 3), got);
        assertEquals(List.of(10, 11, 12, 13), shown, "stops at q before showing more");
        assertTrue(screen.toString().contains("'seven' is not a class"), screen.toString());
        assertEquals(List.of("index,class,name", "10,7,7", "12,3,3"), Files.readAllLines(file), "exactly the good answers");
    }

    @Test
    void aLaterSessionResumesFromTheFile(@TempDir Path dir) {
        Path file = dir.resolve("labels.csv");
        labeler("2\n", file, new ByteArrayOutputStream()).ask(new int[] {5}, i -> { });
        Labeler again = labeler("4\n", file, new ByteArrayOutputStream());
        assertTrue(again.isLabelled(5));
        List<Integer> shown = new ArrayList<>();
        Map<Integer, Integer> got = again.ask(new int[] {5, 6}, shown::add);
        assertEquals(List.of(6), shown, "image 5 is not asked again");
        assertEquals(Map.of(6, 4), got);
        assertEquals(Map.of(5, 2, 6, 4), again.answers());
    }

    @Test
    void endOfInputStopsCleanly(@TempDir Path dir) {
        Map<Integer, Integer> got = labeler("", dir.resolve("l.csv"), new ByteArrayOutputStream()).ask(new int[] {1, 2}, i -> { });
        assertTrue(got.isEmpty());
    }
}
