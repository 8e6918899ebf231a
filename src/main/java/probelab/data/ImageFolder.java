package probelab.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * Pictures from a folder as an image dataset: PNG, JPEG, BMP or GIF files, each scaled to one
 * size (bilinear) and read as RGB or grey in [0, 1]. Subfolders are classes, named by the
 * folder and numbered in sorted order; a folder without subfolders is one class. A file that
 * is not a readable picture is refused by name.
 */
public final class ImageFolder {
    private ImageFolder() {}

    public record Options(
            @Doc("the folder of pictures (subfolders: one class each)") String dir,
            @Doc("height every picture is scaled to") int height,
            @Doc("width every picture is scaled to") int width,
            @Doc("3 (RGB) or 1 (grey)") int channels) {
        public static final Options DEFAULTS = new Options("", 48, 48, 3);

        public Options {
            Check.atLeast("height", height, 1);
            Check.atLeast("width", width, 1);
            if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
        }
    }

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    public static ImageDataset read(Options o) {
        if (o.dir() == null || o.dir().isBlank()) throw new IllegalArgumentException("images needs dir: the folder of pictures");
        Path root = Path.of(o.dir());
        if (!Files.isDirectory(root)) throw new IllegalArgumentException("images: " + root + " is not a folder");
        List<Path> classes = list(root).stream().filter(Files::isDirectory).toList();
        List<String> names = new ArrayList<>();
        List<float[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> folders = classes.isEmpty() ? List.of(root) : classes;
        for (Path folder : folders) {
            int label = names.size();
            names.add(folder.getFileName() == null ? "images" : folder.getFileName().toString());
            for (Path f : list(folder)) {
                if (!Files.isRegularFile(f) || EXTENSIONS.stream().noneMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e))) continue;
                pixels.add(read(f, o));
                labels.add(label);
            }
        }
        if (pixels.isEmpty()) throw new IllegalArgumentException("images: no pictures (" + String.join(", ", EXTENSIONS) + ") in " + root);
        return new ImageDataset(root.getFileName() == null ? "images" : root.getFileName().toString(), pixels.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), names.toArray(String[]::new), o.channels(), o.height(), o.width());
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One picture scaled to the size, channel-major {@code [channels, height, width]}. */
    static float[] read(Path f, Options o) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("images: " + f + " is not a readable picture: " + e.getMessage(), e);
        }
        if (img == null) throw new IllegalArgumentException("images: " + f + " is not a readable picture (no reader for its format)");
        BufferedImage scaled = new BufferedImage(o.width(), o.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, o.width(), o.height(), null);
        g.dispose();
        int hw = o.height() * o.width();
        float[] out = new float[o.channels() * hw];
        for (int y = 0; y < o.height(); y++) {
            for (int x = 0; x < o.width(); x++) {
                int rgb = scaled.getRGB(x, y), p = y * o.width() + x;
                float r = ((rgb >> 16) & 0xff) / 255f, gr = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
                if (o.channels() == 1) {
                    out[p] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[p] = r;
                    out[hw + p] = gr;
                    out[2 * hw + p] = b;
                }
            }
        }
        return out;
    }
}
