package probelab.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import probelab.util.AtomicFiles;
import probelab.util.Doc;
import probelab.util.OutputDir;

/** Pictures (an environment's frame, a dataset image): a window with a display, else a PNG and a terminal sketch. */
public final class Images {
    private Images() {}

    /** Options of {@link #show}. */
    public record Options(@Doc("title (and the file's name)") String title) {
        public static final Options DEFAULTS = new Options("image");
    }

    /** Writes the picture as a PNG in the output folder and shows it where the user is. */
    public static Path show(BufferedImage img, Options o) {
        if (img == null) throw new IllegalArgumentException("image: expected a picture (BufferedImage), got null");
        Path p = AtomicFiles.write(OutputDir.current().nextFigure(o.title()), out -> ImageIO.write(img, "png", out));
        if (Display.canOpenWindows()) {
            javax.swing.SwingUtilities.invokeLater(() -> {
                javax.swing.JFrame frame = new javax.swing.JFrame(o.title());
                frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                frame.add(new javax.swing.JLabel(new javax.swing.ImageIcon(img)));
                frame.pack();
                frame.setLocationByPlatform(true);
                frame.setVisible(true);
            });
        } else {
            System.out.print(sketch(img, 60));
        }
        System.out.println("saved " + p);
        return p;
    }

    /**
     * The picture in 24-bit colour for terminals that show it: each character cell is two pixel
     * rows, the upper half block in the top pixel's colour on the bottom pixel's.
     */
    public static String colourSketch(BufferedImage img) {
        StringBuilder sb = new StringBuilder();
        int h = img.getHeight(), w = img.getWidth();
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x++) {
                int top = img.getRGB(x, y), bottom = y + 1 < h ? img.getRGB(x, y + 1) : 0;
                sb.append(String.format(java.util.Locale.ROOT, "\u001b[38;2;%d;%d;%dm\u001b[48;2;%d;%d;%dm\u2580", (top >> 16) & 0xff, (top >> 8) & 0xff,
                        top & 0xff, (bottom >> 16) & 0xff, (bottom >> 8) & 0xff, bottom & 0xff));
            }
            sb.append("\u001b[0m\n");
        }
        return sb.toString();
    }

    /** The picture in characters by brightness, {@code cols} wide (terminal cells are about twice as tall as wide). */
    static String sketch(BufferedImage img, int cols) {
        String ramp = " .:-=+*#%@";
        int w = Math.min(cols, img.getWidth()), rows = Math.max(1, (int) Math.round((double) img.getHeight() / img.getWidth() * w / 2));
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < w; c++) {
                int rgb = img.getRGB(c * img.getWidth() / w, r * img.getHeight() / rows);
                double y = (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff)) / 255;
                sb.append(ramp.charAt(Math.min(ramp.length() - 1, (int) (y * ramp.length()))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
