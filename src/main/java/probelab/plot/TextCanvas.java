package probelab.plot;

import java.util.Locale;

/**
 * A terminal picture of a plot: Braille characters give 2×4 dots per cell, so a 60×12 cell
 * preview has 120×48 dots. Used when no window can open, so a headless run still sees
 * the shape of a curve next to the PNG's path.
 */
final class TextCanvas {
    private static final int[][] BIT = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    private final int cols, rows;
    private final int[][] cells;

    TextCanvas(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        this.cells = new int[rows][cols];
    }

    int width() {
        return cols * 2;
    }

    int height() {
        return rows * 4;
    }

    void set(int x, int y) {
        if (x < 0 || y < 0 || x >= width() || y >= height()) return;
        cells[y / 4][x / 2] |= BIT[y % 4][x % 2];
    }

    void line(int x0, int y0, int x1, int y1) {
        int dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true) {
            set(x0, y0);
            if (x0 == x1 && y0 == y1) break;
            int e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    /** The canvas with y labels on the left and an x range below. */
    String render(double yMin, double yMax, double xMin, double xMax) {
        String top = num(yMax), bottom = num(yMin);
        int pad = Math.max(top.length(), bottom.length());
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            String label = r == 0 ? top : r == rows - 1 ? bottom : "";
            sb.append(" ".repeat(pad - label.length())).append(label).append(" ┤");
            for (int c = 0; c < cols; c++) sb.append((char) (0x2800 + cells[r][c]));
            sb.append('\n');
        }
        String left = num(xMin), right = num(xMax);
        sb.append(" ".repeat(pad + 2)).append(left)
                .append(" ".repeat(Math.max(1, cols - left.length() - right.length()))).append(right).append('\n');
        return sb.toString();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.format(Locale.ROOT, "%d", (long) v);
        double a = Math.abs(v);
        return a >= 1e4 || a < 1e-2 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
