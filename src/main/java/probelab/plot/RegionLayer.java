package probelab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * Paints a grid of regions as a filled image over the plot area, then the point groups on
 * top. XChart paints annotations after its series, so the points are painted again here,
 * above the regions; the series XChart drew underneath keep the axes and the legend.
 */
public final class RegionLayer extends Annotation {
    /** Class indices over [x0, x1] × [y0, y1]: {@code cls[i][j]} at x column i, y row j (row 0 at y0). */
    public record Grid(double x0, double x1, double y0, double y1, int[][] cls) {
        public Grid {
            if (!(x1 > x0) || !(y1 > y0)) throw new IllegalArgumentException("a region grid needs x1 > x0 and y1 > y0");
            if (cls.length == 0 || cls[0].length == 0) throw new IllegalArgumentException("an empty region grid");
        }
    }

    private final BufferedImage image;
    private final Grid grid;
    private final List<Plots.Group> points;
    private final int marker;

    RegionLayer(Grid grid, List<Color> colors, List<Plots.Group> points, int marker) {
        super(false);
        this.grid = grid;
        this.points = points;
        this.marker = marker;
        int nx = grid.cls().length, ny = grid.cls()[0].length;
        image = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) image.setRGB(i, ny - 1 - j, colors.get(grid.cls()[i][j]).getRGB());
        }
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) return;
        int left = getXAxisScreenValue(grid.x0()), right = getXAxisScreenValue(grid.x1());
        int top = getYAxisScreenValue(grid.y1()), bottom = getYAxisScreenValue(grid.y0());
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            // cells as crisp blocks, not blurred across the boundary
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g2.drawImage(image, left, top, right - left, bottom - top, null);
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double r = marker / 2.0;
            for (Plots.Group p : points) {
                g2.setColor(p.color() != null ? p.color() : Color.DARK_GRAY);
                for (int i = 0; i < p.x().length; i++) {
                    Shape s = new Ellipse2D.Double(getXAxisScreenValue(p.x()[i]) - r, getYAxisScreenValue(p.y()[i]) - r, marker, marker);
                    g2.fill(s);
                }
            }
        } finally {
            g2.dispose();
        }
        bounds = new java.awt.geom.Rectangle2D.Double(left, top, right - left, bottom - top);
    }
}
