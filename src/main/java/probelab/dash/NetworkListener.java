package probelab.dash;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@code TrainingListener} for plain networks: the loss after every iteration; every
 * {@code every} iterations the gradient norm of each parameter, a histogram of each layer's
 * weights and the first convolution's filters as an image grid. To the dashboard and, when
 * given, to TensorBoard.
 */
public final class NetworkListener extends BaseTrainingListener {
    private final Dashboard dash;
    private final TensorBoard tb;
    private final int every;
    private final String name;
    private long iterations;

    /** Options of a listener. */
    public record Options(@probelab.util.Doc("name of the cells") String name,
                          @probelab.util.Doc("iterations between gradient norms, weight histograms and filters") int every) {
        public static final Options DEFAULTS = new Options("network", 50);

        public Options {
            probelab.util.Check.atLeast("every", every, 1);
        }
    }

    public NetworkListener(Dashboard dash, TensorBoard tb, Options o) {
        this(dash, tb, o.name(), o.every());
    }

    public NetworkListener(Dashboard dash, TensorBoard tb, String name, int every) {
        if (every < 1) throw new IllegalArgumentException("every must be ≥ 1, got " + every);
        this.dash = dash;
        this.tb = tb;
        this.name = name;
        this.every = every;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        long step = ++iterations;
        double loss = model.score();
        if (dash != null) dash.log(name + " loss", step, "loss", loss, "epoch", epoch);
        if (tb != null) tb.scalar(name + "/loss", step, loss);
        if (step % every == 0 && model instanceof MultiLayerNetwork net) {
            weights(net, step);
            filters(net, step);
            if (tb != null) tb.flush();
        }
    }

    @Override
    public void onGradientCalculation(Model model) {
        if ((iterations + 1) % every != 0) return;
        Map<String, INDArray> grads = model.gradient().gradientForVariable();
        Map<String, Double> norms = new LinkedHashMap<>();
        grads.forEach((k, g) -> norms.put(k, g.norm2Number().doubleValue()));
        if (dash != null) dash.log(name + " gradient norms", iterations + 1, norms);
        if (tb != null) norms.forEach((k, v) -> tb.scalar(name + "/grad_norm/" + k, iterations + 1, v));
    }

    private void weights(MultiLayerNetwork net, long step) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = net.getLayer(i);
            if (!l.paramTable().containsKey("W")) continue;
            double[] w = l.getParam("W").castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            String layer = l.conf().getLayer().getLayerName() == null ? "layer " + i : l.conf().getLayer().getLayerName();
            if (dash != null) dash.put(name + " weights: " + layer, "histogram", Images.histogram(w, 40), "step " + step);
        }
    }

    /** The first convolution's filters, one tile per output channel (first input channel), grey. */
    private void filters(MultiLayerNetwork net, long step) {
        for (int i = 0; i < net.getnLayers(); i++) {
            INDArray w = net.getLayer(i).paramTable().get("W");
            if (w == null || w.rank() != 4) continue;
            BufferedImage grid = filterGrid(w);
            if (dash != null) dash.put(name + " conv filters", "img", Images.dataUrl(grid), "layer " + i + ", step " + step);
            if (tb != null) tb.image(name + "/conv_filters", step, grid);
            return;
        }
    }

    static BufferedImage filterGrid(INDArray w) {
        long[] s = w.shape(); // [out, in, kh, kw]
        int out = (int) s[0], kh = (int) s[2], kw = (int) s[3], cols = (int) Math.ceil(Math.sqrt(out)), rows = (out + cols - 1) / cols;
        int scale = Math.max(1, 48 / Math.max(kh, kw));
        BufferedImage img = new BufferedImage(cols * (kw + 1) * scale, rows * (kh + 1) * scale, BufferedImage.TYPE_INT_RGB);
        double[][][][] v = new double[out][][][];
        INDArray d = w.castTo(DataType.DOUBLE);
        for (int o = 0; o < out; o++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            double[][] f = new double[kh][kw];
            for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) {
                f[y][x] = d.getDouble(o, 0, y, x);
                lo = Math.min(lo, f[y][x]);
                hi = Math.max(hi, f[y][x]);
            }
            int r0 = (o / cols) * (kh + 1) * scale, c0 = (o % cols) * (kw + 1) * scale;
            for (int y = 0; y < kh * scale; y++) for (int x = 0; x < kw * scale; x++) {
                int g = (int) Math.round(255 * (f[y / scale][x / scale] - lo) / Math.max(1e-12, hi - lo));
                img.setRGB(c0 + x, r0 + y, (g << 16) | (g << 8) | g);
            }
        }
        return img;
    }
}
