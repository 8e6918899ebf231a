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
            Figure f = Display.show(Plots.line(new double[] {1, 4, 9, 16, 25}, LineOptions.of("squares", "index", "value")));
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
            Plots.scatter(List.of(1, 2, 3), new float[] {3, 1, 2}, ScatterOptions.of("s", "x", "y")),
            Plots.histogram(new double[] {1, 1, 2, 3, 3, 3}, new HistOptions("", "value", "count", 640, 400, 3, false)),
            Plots.heatmap(new double[][] {{0, 1}, {2, 3}, {4, 5}}, HeatmapOptions.of("h", "column", "row")),
            Plots.lines(Map.of("a", new double[] {1, 2}, "b", new double[] {2, 1}), LineOptions.DEFAULTS)
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
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.line("abc", LineOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("expected numbers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.line(List.of(1, 2), List.of(1), LineOptions.DEFAULTS));
        var e3 = assertThrows(IllegalArgumentException.class, () -> new HistOptions("", "v", "c", 640, 400, 0, false));
        assertTrue(e3.getMessage().contains("bins must be"), e3.getMessage());
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
        double[] hundredths = {0, 0.01, 0.02, 0.03};
        assertTrue(Plots.unevenForXChart(hundredths)[1] - 0.01 > 1e-4, "beyond XChart's absolute 1e-4 slack");
        assertTrue(Plots.unevenForXChart(hundredths)[1] - 0.01 < 0.05 * 0.01, "but far below a step");
    }

    @Test
    void colourBinsOfANarrowRangeGetDistinctNames() {
        double[] v = new double[50], x = new double[50];
        for (int i = 0; i < 50; i++) { v[i] = 1.01 + 1e-5 * i; x[i] = i; }
        Figure f = Plots.scatter(x, x, ScatterOptions.DEFAULTS.coloured(v, null));
        assertEquals(9, f.series.stream().map(s -> s.name()).distinct().count());
        assertEquals(9, Plots.binNames(2, 2, 9).length, "a constant colour still draws");
    }

    /** Step outlines in the values' unit; on a log axis empty bins are gaps, not a crash. */
    @Test
    void stepHistogramsOnALogAxis(@TempDir Path dir) {
        double[] edges = {0, 0.25, 0.5, 0.75, 1};
        Map<String, double[]> counts = new java.util.LinkedHashMap<>();
        counts.put("all", new double[] {1000, 200, 50, 10});
        counts.put("passing", new double[] {0, 20, 5, 0});
        Figure f = Plots.steps(edges, counts, new HistOptions("mass", "mass", "events", 640, 400, 4, true));
        var chart = (org.knowm.xchart.XYChart) f.getChart();
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        double[] xs = chart.getSeries("all").getXData();
        assertEquals(0.0, xs[0]);
        assertEquals(1.0, xs[xs.length - 1], "x in the values' unit, edge to edge (not bin indices)");
        assertEquals(2, chart.getSeriesCollection().size());
        assertTrue(Files.exists(f.save(dir.resolve("steps.png"))), "a log axis with empty bins still draws");
    }

    /** The decision map fills its regions edge to edge and draws the points above them. */
    @Test
    void regionMapFillsRegionsAndDrawsPointsOnTop(@TempDir Path dir) throws Exception {
        int[][] cls = new int[40][40];
        for (int i = 0; i < 40; i++) for (int j = 0; j < 40; j++) cls[i][j] = i < 20 ? 0 : 1;
        var grid = new RegionLayer.Grid(0, 1, 0, 1, cls);
        var red = new java.awt.Color(200, 0, 0);
        var points = List.of(new Plots.Group("events", new double[] {0.25}, new double[] {0.5}, red, 12));
        Figure f = Plots.regionMap(grid, List.of("left", "right"), List.of(new java.awt.Color(0, 0, 255), new java.awt.Color(0, 255, 0)),
                points, ScatterOptions.of("map", "x1", "x2"));
        var img = f.image(1);
        var chart = (org.knowm.xchart.XYChart) f.getChart();
        // sample the plot area through the axes' own mapping: left half blue, right half green, the point red
        int blue = 0, green = 0, white = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb == 0x0000FF) blue++;
                else if (rgb == 0x00FF00) green++;
            }
        }
        assertTrue(blue > 500 && green > 500, "both regions are filled: " + blue + " blue, " + green + " green samples");
        assertTrue(Math.abs(blue - green) < 0.1 * (blue + green), "split at the middle: " + blue + " vs " + green);
        boolean redSeen = false;
        for (int y = 0; y < img.getHeight() && !redSeen; y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == 0xC80000) { redSeen = true; break; }
        }
        assertTrue(redSeen, "the point is drawn above the regions");
        assertNotNull(chart.getSeries("left"), "each region has a legend entry");
        f.save(dir.resolve("map.png"));
    }
}
