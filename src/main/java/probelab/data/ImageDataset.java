package probelab.data;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images: pixels in [0, 1], stored as one row of {@code channels·height·width}
 * values per image (channel-major, as ND4J's NCHW wants), integer labels and class names.
 * {@link #images()} gives {@code [n, c, h, w]}, {@link #flat()} gives {@code [n, d]}.
 */
public final class ImageDataset {
    private final String name;
    private final float[][] pixels;
    private final int[] labels;
    private final String[] classes;
    private final int channels, height, width;

    public ImageDataset(String name, float[][] pixels, int[] labels, String[] classes, int channels, int height, int width) {
        if (pixels.length != labels.length) throw new IllegalArgumentException(pixels.length + " images but " + labels.length + " labels");
        for (int l : labels) {
            if (l < 0 || l >= classes.length) throw new IllegalArgumentException("label " + l + " outside the " + classes.length + " classes");
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.classes = classes;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public String getName() { return name; }
    public int size() { return labels.length; }
    public int getChannels() { return channels; }
    public int getHeight() { return height; }
    public int getWidth() { return width; }
    public String[] getClassNames() { return classes.clone(); }
    public int[] getLabels() { return labels.clone(); }

    /** One image's pixels (a copy). */
    public float[] image(int i) {
        return pixels[i].clone();
    }

    /** The rows themselves, for fast paths that do not copy (do not modify them). */
    public float[][] rows() {
        return pixels;
    }

    /** Image i as an ND4J array {@code [1, channels, height, width]}. */
    public INDArray tensor(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("image " + i + " of " + size());
        return Nd4j.createFromArray(pixels[i]).reshape(1, channels, height, width);
    }

    /** All images as an ND4J array {@code [n, channels, height, width]}. */
    public INDArray images() {
        return flat().reshape(size(), channels, height, width);
    }

    /** All images as an ND4J array {@code [n, channels·height·width]}. */
    public INDArray flat() {
        return probelab.util.Nd.matrix(pixels);
    }

    /** Labels as an ND4J one-hot matrix {@code [n, classes]}. */
    public INDArray oneHot() {
        float[][] m = new float[size()][classes.length];
        for (int i = 0; i < size(); i++) m[i][labels[i]] = 1;
        return Nd4j.createFromArray(m);
    }

    /** The images at the given positions. */
    public ImageDataset subset(int[] idx) {
        float[][] p = new float[idx.length][];
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= size()) throw new IndexOutOfBoundsException("index " + idx[i] + " outside 0.." + (size() - 1));
            p[i] = pixels[idx[i]];
            l[i] = labels[idx[i]];
        }
        return new ImageDataset(name, p, l, classes, channels, height, width);
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public ImageDataset subset(int from, int to) {
        if (from < 0 || to > size() || from > to) throw new IndexOutOfBoundsException("range " + from + ".." + to + " outside 0.." + size());
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return subset(idx);
    }

    /** A seeded shuffle. */
    public ImageDataset shuffle(long seed) {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return subset(idx);
    }

    /** (first, second) after a seeded shuffle, with {@code fraction} of the images in the first. */
    public ImageDataset[] split(double fraction, long seed) {
        if (fraction <= 0 || fraction >= 1) throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        ImageDataset s = shuffle(seed);
        int k = (int) Math.round(size() * fraction);
        return new ImageDataset[] {s.subset(0, k), s.subset(k, size())};
    }

    /** Images per class. */
    public int[] classCounts() {
        int[] c = new int[classes.length];
        for (int l : labels) c[l]++;
        return c;
    }

    /** One image as a picture (grey for one channel, RGB for three). */
    /** The first {@code n} images in a grid, each {@code scale} times its size, 2 pixels apart. */
    public BufferedImage grid(int n, int scale) {
        n = Math.min(n, size());
        if (n == 0) throw new IllegalArgumentException("the dataset is empty");
        int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
        int w = getWidth() * scale, h = getHeight() * scale, gap = 2;
        BufferedImage grid = new BufferedImage(cols * (w + gap), rows * (h + gap), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        for (int i = 0; i < n; i++) g.drawImage(picture(i, scale), (i % cols) * (w + gap), (i / cols) * (h + gap), null);
        g.dispose();
        return grid;
    }

    /** Options of a preview: how many images and how large. */
    public record PreviewOptions(@probelab.util.Doc("images in the grid") int n, @probelab.util.Doc("pixel scale") int scale) {
        public static final PreviewOptions DEFAULTS = new PreviewOptions(25, 3);

        public PreviewOptions {
            probelab.util.Check.atLeast("n", n, 1);
            probelab.util.Check.atLeast("scale", scale, 1);
        }
    }

    public BufferedImage picture(int i, int scale) {
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        float[] p = pixels[i];
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r, g, b;
                if (channels >= 3) {
                    r = byteOf(p[y * width + x]);
                    g = byteOf(p[plane + y * width + x]);
                    b = byteOf(p[2 * plane + y * width + x]);
                } else {
                    r = g = b = byteOf(p[y * width + x]);
                }
                int rgb = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, rgb);
            }
        }
        return img;
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** A terminal rendering of image {@code i}: two pixel rows per text line, shaded. */
    public String text(int i) {
        String ramp = " .:-=+*#%@";
        float[] p = pixels[i];
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < height; y += 2) {
            for (int x = 0; x < width; x++) {
                float v = p[y * width + x];
                if (y + 1 < height) v = Math.max(v, p[(y + 1) * width + x]);
                sb.append(ramp.charAt(Math.min(ramp.length() - 1, (int) (v * ramp.length()))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ImageDataset %s: %d images %d×%d×%d, %d classes %s", name, size(), channels, height,
                width, classes.length, Arrays.toString(classCounts()));
    }
}
