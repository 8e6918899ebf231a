package probelab.inspect;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import probelab.util.AtomicFiles;
import probelab.util.Doc;
import probelab.util.OutputDir;
import probelab.util.Progress;

/**
 * Receptive fields by spike-triggered average (seed 003): white noise N(0, 1) goes through the
 * first k convolution layers; each filter's response at the central output unit weights the
 * noise crop around that unit's centre, and the weighted crops are averaged. Crop radius 5, 9,
 * 13 pixels for layers 1–3 (then +4 per layer) as the seed plots them.
 *
 * <p>The central unit sees only its receptive field, so the noise images need only be as
 * large as that field and the crop (31×31 for the 3-layer Lindsey encoder rather than the
 * 72×128 frame): the same average for a fraction of the work. Networks whose first layer
 * reshapes flat rows to a fixed image size get noise of that size.
 */
public final class ReceptiveFields {
    public record Options(
            @Doc("how many convolution layers deep (1 = the first)") int layer,
            @Doc("white-noise images") int samples,
            @Doc("images per forward pass (bounds memory)") int batch,
            @Doc("crop radius in pixels (0: the seed's 5, 9, 13, … by depth)") int radius,
            @Doc("seed of the noise") long seed,
            @Doc("show a progress bar") boolean progress) {
        public static final Options DEFAULTS = new Options(1, 25_000, 500, 0, 0, true);

        public Options {
            probelab.util.Check.atLeast("layer", layer, 1);
            probelab.util.Check.atLeast("samples", samples, 1);
            probelab.util.Check.atLeast("batch", batch, 1);
            probelab.util.Check.atLeast("radius", radius, 0);
        }
    }

    /** {@code [filters][channels][2r+1][2r+1]}, the average response-weighted noise crop ({@code [h][w]} of the whole input when {@code radius} is −1). */
    public final float[][][][] sta;
    public final int layer;
    public final int radius;
    public final int samples;
    /** Side of the noise images actually used. */
    public final int inputHeight, inputWidth;
    public final double seconds;

    private ReceptiveFields(float[][][][] sta, int layer, int radius, int samples, int h, int w, double seconds) {
        this.sta = sta;
        this.layer = layer;
        this.radius = radius;
        this.samples = samples;
        this.inputHeight = h;
        this.inputWidth = w;
        this.seconds = seconds;
    }

    public int filters() {
        return sta.length;
    }

    /** Geometry along one axis after a stack of layers: output size, receptive field, jump, first centre. */
    record Axis(int size, int field, int jump, double start) {}

    static Axis through(Axis in, int kernel, int stride, int pad, ConvolutionMode mode) {
        int out;
        int p = pad;
        if (mode == ConvolutionMode.Same) {
            out = (in.size() + stride - 1) / stride;
            p = Math.max(0, ((out - 1) * stride + kernel - in.size()) / 2);
        } else {
            out = (in.size() + 2 * pad - kernel) / stride + 1;
        }
        return new Axis(out, in.field() + (kernel - 1) * in.jump(), in.jump() * stride, in.start() + ((kernel - 1) / 2.0 - p) * in.jump());
    }

    /** Index in the network of the k-th convolution layer (1-based), and the layers up to it. */
    static int convIndex(MultiLayerNetwork net, int k) {
        int seen = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = net.getLayer(i).conf().getLayer();
            if (l instanceof ConvolutionLayer) {
                if (++seen == k) return i;
            } else if (l instanceof DenseLayer || l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer) {
                break;
            }
        }
        throw new IllegalArgumentException("layer must be in 1.." + seen + " (the network has " + seen + " convolution layers before its dense part), got " + k);
    }

    /** Geometry of both axes through layers 0..last for an input of h × w. */
    static Axis[] geometry(MultiLayerNetwork net, int last, int h, int w) {
        Axis ay = new Axis(h, 1, 1, 0), ax = new Axis(w, 1, 1, 0);
        for (int i = 0; i <= last; i++) {
            Layer l = net.getLayer(i).conf().getLayer();
            int[] k, s, p;
            ConvolutionMode mode;
            if (l instanceof ConvolutionLayer c) {
                k = c.getKernelSize();
                s = c.getStride();
                p = c.getPadding();
                mode = c.getConvolutionMode();
                if (c.getDilation()[0] != 1 || c.getDilation()[1] != 1) throw new IllegalArgumentException("dilated convolutions are not supported for receptive fields");
            } else if (l instanceof SubsamplingLayer sl) {
                k = sl.getKernelSize();
                s = sl.getStride();
                p = sl.getPadding();
                mode = sl.getConvolutionMode();
            } else {
                continue; // activations, dropout, normalisation: same geometry
            }
            ay = through(ay, k[0], s[0], p[0], mode);
            ax = through(ax, k[1], s[1], p[1], mode);
        }
        return new Axis[] {ay, ax};
    }

    public static ReceptiveFields compute(MultiLayerNetwork net, Options o) {
        int last = convIndex(net, o.layer());
        int radius = o.radius() > 0 ? o.radius() : 5 + 4 * (o.layer() - 1);
        int d = 2 * radius + 1;
        ConvolutionLayer first = (ConvolutionLayer) net.getLayer(convIndex(net, 1)).conf().getLayer();
        int channels = (int) first.getNIn();
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(0);
        boolean flat = pre instanceof FeedForwardToCnnPreProcessor;
        int h, w;
        int[] centre;
        if (flat) {
            FeedForwardToCnnPreProcessor f = (FeedForwardToCnnPreProcessor) pre;
            h = (int) f.getInputHeight();
            w = (int) f.getInputWidth();
            centre = centre(geometry(net, last, h, w), radius, h, w);
            if (centre == null) throw new IllegalArgumentException("a crop of radius " + radius + " around the central unit does not fit the " + h + "×" + w + " input; pass a smaller radius");
        } else {
            // The smallest square noise image that holds the central unit's field and the crop.
            int side = Math.max(2 * radius + 1, geometry(net, last, 1, 1)[0].field());
            while ((centre = centre(geometry(net, last, side, side), radius, side, side)) == null) {
                if (++side > 4096) throw new IllegalArgumentException("no input size up to 4096 fits the field and a crop of radius " + radius);
            }
            h = w = side;
        }
        Axis[] g = geometry(net, last, h, w);
        int cy = (g[0].size() - 1) / 2, cx = (g[1].size() - 1) / 2;
        int iy = centre[0], ix = centre[1];

        ConvTwin twin = ConvTwin.of(net, last, h, w);
        if (twin != null) return throughTwin(twin, o, channels, h, w, cy, cx, iy, ix, radius);

        int filters = -1;
        INDArray sum = null;
        Progress bar = new Progress("receptive fields (layer " + o.layer() + ")", o.samples(), o.progress());
        Nd4j.getRandom().setSeed(o.seed());
        long start = System.nanoTime();
        int done = 0;
        while (done < o.samples()) {
            if (Thread.currentThread().isInterrupted()) break;
            int b = Math.min(o.batch(), o.samples() - done);
            INDArray noise = Nd4j.randn(DataType.FLOAT, b, channels, h, w);
            INDArray in = flat ? noise.reshape(b, (long) channels * h * w) : noise;
            List<INDArray> acts = net.feedForwardToLayer(last, in, false);
            INDArray out = acts.get(last + 1);
            INDArray response = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(cy), NDArrayIndex.point(cx)).dup('c');
            INDArray crop = noise.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(iy - radius, iy + radius + 1),
                    NDArrayIndex.interval(ix - radius, ix + radius + 1)).dup('c').reshape(b, (long) channels * d * d);
            if (sum == null) {
                filters = (int) response.size(1);
                sum = Nd4j.zeros(DataType.FLOAT, filters, (long) channels * d * d);
            }
            Nd4j.gemm(response, crop, sum, true, false, 1.0, 1.0);
            done += b;
            bar.update(done);
        }
        bar.finish(done, Thread.currentThread().isInterrupted() ? "interrupted — averaged " + done + " images" : "done");
        if (sum == null) throw new IllegalStateException("interrupted before any noise went through");
        float[] flatSta = probelab.util.Nd.floats(sum.divi(done));
        float[][][][] sta = new float[filters][channels][d][d];
        for (int f = 0; f < filters; f++) for (int c = 0; c < channels; c++) for (int y = 0; y < d; y++) {
            System.arraycopy(flatSta, ((f * channels + c) * d + y) * d, sta[f][c][y], 0, d);
        }
        return new ReceptiveFields(sta, o.layer(), radius, done, h, w, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The same average through the network's plain-array twin ({@link ConvTwin}): noise drawn
     * channel-last from a seeded generator, each batch through the twin, and each filter's
     * response at the central unit weighting the crop (stored channel-first, as the DL4J path's).
     */
    private static ReceptiveFields throughTwin(ConvTwin twin, Options o, int channels, int h, int w, int cy, int cx, int iy, int ix,
                                               int radius) {
        int d = 2 * radius + 1, filters = twin.filters(), cropSize = channels * d * d;
        int centre = (cy * twin.outWidth() + cx) * filters;
        float[][] sum = new float[filters][cropSize];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(o.seed());
        Progress bar = new Progress("receptive fields (layer " + o.layer() + ")", o.samples(), o.progress());
        long start = System.nanoTime();
        int done = 0;
        float[] crop = new float[cropSize];
        while (done < o.samples()) {
            if (Thread.currentThread().isInterrupted()) break;
            int b = Math.min(o.batch(), o.samples() - done);
            float[][] noise = new float[b][h * w * channels];
            for (float[] image : noise) for (int j = 0; j < image.length; j++) image[j] = (float) rng.nextGaussian();
            float[][] out = twin.forward(noise);
            for (int i = 0; i < b; i++) {
                float[] image = noise[i];
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < d; y++) {
                        for (int x = 0; x < d; x++) crop[(c * d + y) * d + x] = image[((iy - radius + y) * w + ix - radius + x) * channels + c];
                    }
                }
                for (int f = 0; f < filters; f++) {
                    float r = out[i][centre + f];
                    if (r == 0f) continue;
                    float[] s = sum[f];
                    for (int j = 0; j < cropSize; j++) s[j] += r * crop[j];
                }
            }
            done += b;
            bar.update(done);
        }
        bar.finish(done, Thread.currentThread().isInterrupted() ? "interrupted — averaged " + done + " images" : "done");
        if (done == 0) throw new IllegalStateException("interrupted before any noise went through");
        float[][][][] sta = new float[filters][channels][d][d];
        for (int f = 0; f < filters; f++) for (int c = 0; c < channels; c++) for (int y = 0; y < d; y++) for (int x = 0; x < d; x++) {
            sta[f][c][y][x] = sum[f][(c * d + y) * d + x] / done;
        }
        return new ReceptiveFields(sta, o.layer(), radius, done, h, w, (System.nanoTime() - start) / 1e9);
    }

    /** Input position (y, x) of the central output unit if its field and the crop fit inside, else null. */
    private static int[] centre(Axis[] g, int radius, int h, int w) {
        if (g[0].size() < 1 || g[1].size() < 1) return null;
        int[] out = new int[2];
        int[] sizes = {h, w};
        for (int a = 0; a < 2; a++) {
            Axis ax = g[a];
            int c = (ax.size() - 1) / 2;
            double pos = ax.start() + c * ax.jump();
            if (pos != Math.rint(pos)) pos = Math.floor(pos); // even kernels: the field's centre falls between pixels
            int p = (int) pos, half = (ax.field() - 1) / 2;
            if (p - radius < 0 || p + radius >= sizes[a] || p - half < 0 || p + ax.field() - 1 - half >= sizes[a]) return null;
            out[a] = p;
        }
        return out;
    }

    /** One filter's field with the channels summed, {@code [2r+1][2r+1]} (the whole input's height × width when not cropped). */
    public double[][] field(int filter) {
        int dh = sta[filter][0].length, dw = sta[filter][0][0].length;
        double[][] out = new double[dh][dw];
        for (float[][] ch : sta[filter]) for (int y = 0; y < dh; y++) for (int x = 0; x < dw; x++) out[y][x] += ch[y][x];
        return out;
    }

    /**
     * Receptive fields of any network ({@link NetworkView}): a DL4J network's through the crops above;
     * others by the spike-triggered average over whole inputs of N(0, 1) noise, each channel's
     * centre unit (or each unit of a dense layer) weighting the noise. {@code layer} counts the
     * view's {@link NetworkView#convolutions}.
     */
    public static ReceptiveFields compute(NetworkView view, Options o) {
        if (view instanceof Views.Dl4j d) return compute(d.net, o);
        List<String> layers = view.convolutions();
        if (layers.isEmpty()) throw new IllegalArgumentException(view.describe() + " has no convolution (or hidden) layers to take receptive fields of");
        if (o.layer() > layers.size()) throw new IllegalArgumentException("layer must be in 1.." + layers.size() + " (" + String.join(", ", layers) + "), got " + o.layer());
        String name = layers.get(o.layer() - 1);
        int[] shape = view.inputShape(), units = view.centreUnits(name);
        int size = view.inputSize(), c = shape.length == 3 ? shape[0] : 1, h = shape.length == 3 ? shape[1] : 1, w = shape.length == 3 ? shape[2] : size;
        long start = System.nanoTime();
        double[][] sum = new double[units.length][size];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(o.seed());
        Progress bar = new Progress("receptive fields", o.samples(), o.progress());
        int done = 0;
        while (done < o.samples() && !Thread.currentThread().isInterrupted()) {
            int m = Math.min(o.batch(), o.samples() - done);
            float[][] noise = new float[m][size];
            for (float[] f : noise) for (int i = 0; i < size; i++) f[i] = (float) rng.nextGaussian();
            float[][] acts = view.activations(noise, new Activations.Options(o.batch(), List.of(name))).get(name);
            probelab.nn.kernels.Threads.forEach(units.length, u -> {
                double[] su = sum[u];
                for (int s = 0; s < m; s++) {
                    float r = acts[s][units[u]];
                    if (r == 0f) continue;
                    float[] f = noise[s];
                    for (int i = 0; i < size; i++) su[i] += r * f[i];
                }
            });
            done += m;
            bar.update(done);
        }
        bar.finish(done, done < o.samples() ? "interrupted — kept " + done + " samples" : "done");
        if (done == 0) throw new IllegalStateException("interrupted before any noise went through the network");
        float[][][][] sta = new float[units.length][c][h][w];
        for (int u = 0; u < units.length; u++) for (int ch = 0; ch < c; ch++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
            sta[u][ch][y][x] = (float) (sum[u][(ch * h + y) * w + x] / done);
        return new ReceptiveFields(sta, o.layer(), -1, done, h, w, (System.nanoTime() - start) / 1e9);
    }

    /** A grid of every filter's field, symmetric colour limits per filter; RGB inputs in colour. Returns the PNG's path. */
    public Path plot() {
        BufferedImage img = image(6);
        Path p = AtomicFiles.write(OutputDir.current().nextFigure("receptive fields layer " + layer),
                out -> javax.imageio.ImageIO.write(img, "png", out));
        System.out.println(this);
        System.out.println("saved " + p);
        return p;
    }

    /** Every filter's field in a grid, {@code scale} pixels a value; RGB inputs in colour, others blue–white–red. */
    public BufferedImage image(int scale) {
        int f = filters(), channels = sta[0].length, dh = sta[0][0].length, dw = sta[0][0][0].length;
        int cols = (int) Math.ceil(Math.sqrt(f)), rows = (f + cols - 1) / cols, tileW = dw * scale, tileH = dh * scale, gap = 4;
        BufferedImage img = new BufferedImage(cols * (tileW + gap) + gap, rows * (tileH + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int k = 0; k < f; k++) {
            double max = 1e-12;
            for (float[][] ch : sta[k]) for (float[] row : ch) for (float v : row) max = Math.max(max, Math.abs(v));
            int ox = gap + (k % cols) * (tileW + gap), oy = gap + (k / cols) * (tileH + gap);
            for (int y = 0; y < dh; y++) for (int x = 0; x < dw; x++) {
                Color c;
                if (channels == 3) {
                    float r = (float) (0.5 + 0.5 * sta[k][0][y][x] / max), gr = (float) (0.5 + 0.5 * sta[k][1][y][x] / max),
                            b = (float) (0.5 + 0.5 * sta[k][2][y][x] / max);
                    c = new Color(r, gr, b);
                } else {
                    double v = 0;
                    for (int ch = 0; ch < channels; ch++) v += sta[k][ch][y][x];
                    c = diverging(v / (max * channels));
                }
                g.setColor(c);
                g.fillRect(ox + x * scale, oy + y * scale, scale, scale);
            }
        }
        g.dispose();
        return img;
    }

    /** Blue (−1) through white (0) to red (+1). */
    public static Color diverging(double v) {
        double t = Math.max(-1, Math.min(1, v));
        int r = (int) Math.round(t < 0 ? 255 * (1 + t) : 255), b = (int) Math.round(t > 0 ? 255 * (1 - t) : 255);
        int gr = (int) Math.round(255 * (1 - Math.abs(t)));
        return new Color(r, gr, b);
    }

    /** Writes filter, channel, y, x, value rows. */
    public Path toCsv(Path file) {
        StringBuilder sb = new StringBuilder("filter,channel,y,x,value\n");
        int dh = sta[0][0].length, dw = sta[0][0][0].length;
        for (int f = 0; f < filters(); f++) for (int c = 0; c < sta[f].length; c++) for (int y = 0; y < dh; y++) for (int x = 0; x < dw; x++) {
            sb.append(f).append(',').append(c).append(',').append(y).append(',').append(x).append(',').append(sta[f][c][y][x]).append('\n');
        }
        return AtomicFiles.writeString(file, sb.toString());
    }

    /** Pearson correlation of two equally long arrays (for comparing a field with a kernel). */
    public static double correlation(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Override
    public String toString() {
        if (radius < 0) return String.format(Locale.ROOT, "receptive fields of layer %d: %d units over whole %d×%d inputs from %d noise inputs (%.1f s)",
                layer, filters(), inputHeight, inputWidth, samples, seconds);
        return String.format(Locale.ROOT, "receptive fields of conv layer %d: %d filters, %d×%d crops from %d noise images of %d×%d (%.1f s)",
                layer, filters(), 2 * radius + 1, 2 * radius + 1, samples, inputHeight, inputWidth, seconds);
    }
}
