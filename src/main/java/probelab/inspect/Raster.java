package probelab.inspect;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import probelab.embed.Tsne;
import probelab.util.AtomicFiles;
import probelab.util.OutputDir;

/**
 * Raster plot of units × time (seed 003): each unit z-scored over time, colour limits ±4
 * (blue − · white 0 · red +), rows sorted by a 1-D t-SNE of the units' time courses so that
 * units that fire together sit together, vertical lines at marked events.
 */
public final class Raster {
    /** Where the PNG went and the row order used (row r shows unit order[r]). */
    public record Result(Path path, int[] order) {
        @Override
        public String toString() {
            return "raster of " + order.length + " units → " + path;
        }
    }

    private static final Color[] EVENT_COLORS = {new Color(0, 140, 0), new Color(200, 0, 200), new Color(230, 140, 0), Color.BLACK};

    private Raster() {}

    /**
     * @param timeByUnit activations, one row per time step (as recorded), one column per unit
     * @param events     named lists of time steps to mark (e.g. positive and negative pickups)
     * @param sort       sort the rows by a 1-D t-SNE of the units (else keep unit order)
     */
    /** Options of {@link #draw(Object, Options)}. */
    public record Options(@probelab.util.Doc("time steps to mark: a list, or [name: list, …] for several kinds") Object events,
                          @probelab.util.Doc("sort the units by a 1-D t-SNE of their time courses") boolean sort,
                          @probelab.util.Doc("title above the raster") String title) {
        public static final Options DEFAULTS = new Options(null, true, "raster");
    }

    /** A raster of rows given as anything {@link probelab.data.Features#rows} reads; events as a list or a map of lists. */
    public static Result draw(Object data, Options o) {
        Map<String, int[]> events = new java.util.LinkedHashMap<>();
        if (o.events() instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) events.put(String.valueOf(e.getKey()), probelab.data.Features.labels(e.getValue(), "events"));
        } else if (o.events() != null) {
            events.put("event", probelab.data.Features.labels(o.events(), "events"));
        }
        return draw(probelab.data.Features.rows(data, "raster"), events, o.sort(), o.title());
    }

    public static Result draw(float[][] timeByUnit, Map<String, int[]> events, boolean sort, String title) {
        int t = timeByUnit.length;
        if (t < 2) throw new IllegalArgumentException("a raster needs at least 2 time steps, got " + t);
        int units = timeByUnit[0].length;
        float[][] z = new float[units][t];
        for (int u = 0; u < units; u++) {
            double mean = 0, sq = 0;
            for (float[] row : timeByUnit) mean += row[u];
            mean /= t;
            for (float[] row : timeByUnit) sq += (row[u] - mean) * (row[u] - mean);
            double sd = Math.sqrt(sq / t);
            for (int i = 0; i < t; i++) z[u][i] = sd > 1e-12 ? (float) ((timeByUnit[i][u] - mean) / sd) : 0f;
        }
        int[] order = new int[units];
        for (int u = 0; u < units; u++) order[u] = u;
        if (sort && units >= 4) {
            double perplexity = Math.min(30, Math.max(1, (units - 1) / 3.0));
            order = Tsne.fit(z, Tsne.Options.ordering(perplexity)).order();
        }
        int cols = Math.min(t, 1600), rowPx = Math.max(2, Math.min(8, 640 / units));
        int left = 70, top = 40, right = 90, bottom = 50;
        int w = left + cols + right, h = top + units * rowPx + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        for (int r = 0; r < units; r++) {
            float[] row = z[order[r]];
            for (int c = 0; c < cols; c++) {
                int i = (int) ((long) c * t / cols);
                g.setColor(ReceptiveFields.diverging(row[i] / 4.0));
                g.fillRect(left + c, top + r * rowPx, 1, rowPx);
            }
        }
        g.setStroke(new BasicStroke(1f));
        int k = 0;
        Map<String, Color> legend = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : events.entrySet()) {
            Color col = EVENT_COLORS[k++ % EVENT_COLORS.length];
            legend.put(e.getKey(), col);
            g.setColor(col);
            for (int step : e.getValue()) {
                if (step < 0 || step >= t) continue;
                int x = left + (int) ((long) step * cols / t);
                g.drawLine(x, top, x, top + units * rowPx);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, cols, units * rowPx);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("time step (0 – " + (t - 1) + ")", left + cols / 2 - 50, h - 18);
        g.drawString(sort ? "unit (sorted)" : "unit", 6, top + units * rowPx / 2);
        int lx = left;
        for (Map.Entry<String, Color> e : legend.entrySet()) {
            g.setColor(e.getValue());
            g.fillRect(lx, h - 12, 10, 8);
            g.setColor(Color.BLACK);
            g.drawString(e.getKey(), lx + 14, h - 4);
            lx += 24 + g.getFontMetrics().stringWidth(e.getKey());
        }
        // Colour bar: −4 … +4 standard deviations.
        int bx = left + cols + 20, barH = Math.min(200, units * rowPx);
        for (int y = 0; y < barH; y++) {
            g.setColor(ReceptiveFields.diverging(1 - 2.0 * y / (barH - 1)));
            g.fillRect(bx, top + y, 14, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, top, 14, barH);
        g.drawString("+4", bx + 18, top + 10);
        g.drawString("0", bx + 18, top + barH / 2 + 4);
        g.drawString("−4", bx + 18, top + barH);
        g.drawString("z", bx + 2, top + barH + 16);
        g.dispose();
        Path p = AtomicFiles.write(OutputDir.current().nextFigure(title), out -> javax.imageio.ImageIO.write(img, "png", out));
        System.out.println("saved " + p);
        return new Result(p, order);
    }
}
