package probelab.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.util.OutputDir;

class PlotsTest {

    @Test
    void headlessShowWritesAPngAndAPreview(@TempDir Path dir) throws Exception {
        OutputDir.setCurrent(new OutputDir(dir, true));
        try {
            Figure f = Display.show(Plots.line(new double[] {1, 4, 9, 16, 25}, Map.of("title", "squares")));
            Path png = f.getPath();
            assertTrue(png.startsWith(dir) && png.getFileName().toString().equals("fig-01-squares.png"), png.toString());
            var img = ImageIO.read(png.toFile());
            assertEquals(1280, img.getWidth(), "PNG at 2×");
            String preview = f.preview(40, 8);
            assertTrue(preview.contains("squares") && preview.contains("25") && preview.contains("1 ┤"), preview);
            assertTrue(preview.chars().anyMatch(c -> c > 0x2800 && c <= 0x28FF), "Braille dots drawn");
        } finally {
            OutputDir.setCurrent(null);
        }
    }

    @Test
    void everyKindRenders(@TempDir Path dir) {
        Figure[] figs = {
            Plots.scatter(List.of(1, 2, 3), new float[] {3, 1, 2}, Map.of("title", "s")),
            Plots.histogram(new double[] {1, 1, 2, 3, 3, 3}, Map.of("bins", 3)),
            Plots.heatmap(new double[][] {{0, 1}, {2, 3}, {4, 5}}, Map.of("title", "h")),
            Plots.lines(Map.of("a", new double[] {1, 2}, "b", new double[] {2, 1}), Map.of())
        };
        for (Figure f : figs) {
            Path p = f.save(dir.resolve(f.hashCode() + ".png"));
            assertTrue(Files.exists(p));
            assertFalse(f.preview(30, 6).isBlank());
        }
        assertTrue(figs[2].preview(10, 3).contains("range 0 … 5"), figs[2].preview(10, 3));
    }

    @Test
    void badInputIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.line("abc", Map.of()));
        assertTrue(e.getMessage().contains("expected numbers"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Plots.line(new double[] {1}, Map.of("colour", "red")));
        assertTrue(e2.getMessage().contains("unknown option 'colour'") && e2.getMessage().contains("title"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.line(List.of(1, 2), List.of(1), Map.of()));
    }

    @Test
    void equallySpacedAxisValuesAreNudgedOnlyForXChart() {
        double[] x = {0, 1, 2, 3};
        double[] nudged = Plots.unevenForXChart(x);
        assertNotSame(x, nudged);
        assertEquals(1.001, nudged[1], 1e-12);
        assertEquals(1.0, x[1], "the caller's numbers are untouched");
        double[] uneven = {0, 1, 3};
        assertSame(uneven, Plots.unevenForXChart(uneven));
    }

    @Test
    void colourBinsOfANarrowRangeGetDistinctNames() {
        double[] v = new double[50], x = new double[50];
        for (int i = 0; i < 50; i++) { v[i] = 1.01 + 1e-5 * i; x[i] = i; }
        Figure f = Plots.scatterColored(x, x, v, null, java.util.Map.of());
        assertEquals(9, f.series.stream().map(s -> s.name()).distinct().count());
        assertEquals(9, Plots.binNames(2, 2, 9).length, "a constant colour still draws");
    }
}
