package probelab.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import probelab.util.AtomicFiles;

/**
 * A chart with the numbers behind it: XChart draws it for windows and PNGs, the numbers
 * draw a text preview for terminals. Made by {@link Plots}; shown by {@link Display}.
 */
public final class Figure {
    enum Kind { LINE, SCATTER, BARS, IMAGE }

    /** One curve's or point group's numbers, kept for the terminal preview. */
    record Curve(String name, double[] x, double[] y) {}

    private final Chart<?, ?> chart;
    private final Kind kind;
    private final String title;
    final List<Curve> series = new ArrayList<>();
    double[][] image;
    private Path savedAt;

    Figure(Chart<?, ?> chart, Kind kind, String title) {
        this.chart = chart;
        this.kind = kind;
        this.title = title;
    }

    public Chart<?, ?> getChart() {
        return chart;
    }

    public String getTitle() {
        return title;
    }

    /** Where the figure was last written, or null. */
    public Path getPath() {
        return savedAt;
    }

    /** The chart as an image, {@code scale} times its size (2 for papers). */
    public BufferedImage image(double scale) {
        if (scale == 1) return BitmapEncoder.getBufferedImage(chart);
        BufferedImage img = new BufferedImage((int) (chart.getWidth() * scale), (int) (chart.getHeight() * scale),
                BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.scale(scale, scale);
        chart.paint(g, chart.getWidth(), chart.getHeight());
        g.dispose();
        return img;
    }

    /** Writes a PNG at 2× (sharp in papers and on high-density screens), atomically. */
    public Path save(Path path) {
        BufferedImage img = image(2);
        savedAt = AtomicFiles.write(path, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
        });
        return savedAt;
    }

    /** Writes a PNG; a relative path lands in the output folder. */
    public Path save(String path) {
        return save(probelab.util.OutputDir.current().resolve(path));
    }

    /** A text rendering of the numbers, {@code cols × rows} characters. */
    public String preview(int cols, int rows) {
        StringBuilder sb = new StringBuilder();
        if (title != null && !title.isEmpty()) sb.append("  ").append(title).append('\n');
        if (kind == Kind.IMAGE && image != null) return sb.append(shaded(cols, rows)).toString();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Curve s : series) {
            for (int i = 0; i < s.y().length; i++) {
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) continue;
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, s.y()[i]);
                yMax = Math.max(yMax, s.y()[i]);
            }
        }
        if (!(xMin <= xMax)) return sb.append("  (no finite values to draw)\n").toString();
        if (kind == Kind.BARS) yMin = Math.min(0, yMin);
        if (yMax == yMin) { yMax += 0.5; yMin -= 0.5; }
        if (xMax == xMin) { xMax += 0.5; xMin -= 0.5; }
        TextCanvas c = new TextCanvas(cols, rows);
        int w = c.width() - 1, h = c.height() - 1;
        for (Curve s : series) {
            int px = -1, py = -1;
            for (int i = 0; i < s.y().length; i++) {
                if (!Double.isFinite(s.y()[i]) || !Double.isFinite(s.x()[i])) { px = -1; continue; }
                int x = (int) Math.round((s.x()[i] - xMin) / (xMax - xMin) * w);
                int y = h - (int) Math.round((s.y()[i] - yMin) / (yMax - yMin) * h);
                switch (kind) {
                    case LINE -> { if (px >= 0) c.line(px, py, x, y); else c.set(x, y); }
                    case SCATTER -> c.set(x, y);
                    case BARS -> c.line(x, h - (int) Math.round((0 - yMin) / (yMax - yMin) * h), x, y);
                    default -> { }
                }
                px = x;
                py = y;
            }
        }
        sb.append(c.render(yMin, yMax, xMin, xMax));
        if (series.size() > 1) {
            sb.append("  series: ");
            for (Curve s : series) sb.append(s.name()).append("  ");
            sb.append('\n');
        }
        return sb.toString();
    }

    private String shaded(int cols, int rows) {
        String ramp = " .:-=+*#%@";
        int ih = image.length, iw = image[0].length;
        int c = Math.min(cols, iw * 2), r = Math.min(rows, ih);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : image) for (double v : row) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (!(hi > lo)) hi = lo + 1;
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < r; y++) {
            sb.append("  ");
            for (int x = 0; x < c; x++) {
                double v = image[Math.min(ih - 1, y * ih / r)][Math.min(iw - 1, x * iw / c)];
                int k = Double.isFinite(v) ? (int) ((v - lo) / (hi - lo) * (ramp.length() - 1)) : 0;
                sb.append(ramp.charAt(k));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  range %s … %s%n", TextCanvas.num(lo), TextCanvas.num(hi)));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Figure '" + (title == null ? "" : title) + "'" + (savedAt != null ? " → " + savedAt : "");
    }
}
