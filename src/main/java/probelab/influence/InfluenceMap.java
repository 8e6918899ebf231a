package probelab.influence;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.inspect.Attribution;
import probelab.inspect.ReceptiveFields;
import probelab.util.AtomicFiles;
import probelab.util.OutputDir;

/**
 * Influence maps of an image classifier (seed 000): for class j and input pixel i,
 * M[j][i] = ⟨∂f_j/∂θ, H⁻¹ ∂²L/∂θ∂x_i⟩ at a probe input, with L = Σ_j (1 − f_j(x))², f the
 * network's outputs and H⁻¹ taken as the identity (the seed's default). One map per class,
 * shaped like the image.
 *
 * <p>DL4J has no second derivatives, so both derivatives are central differences, arranged so
 * that the work is batched: ⟨g_j, ∇θL(x)⟩ is the derivative of L along the parameter direction
 * g_j = ∂f_j/∂θ, i.e. (L(x; θ + εg_j) − L(x; θ − εg_j)) / 2ε, and its derivative in pixel i is a
 * difference over x ± h·e_i. All 2·(pixels) perturbed images go through each of the two
 * shifted networks in one batch; the network is copied to double precision first, since the
 * nested differences would drown in float rounding.
 */
public final class InfluenceMap {
    /** {@code [classes][channels·height·width]}. */
    public final double[][] maps;
    public final long[] imageShape;
    public final double seconds;

    private InfluenceMap(double[][] maps, long[] imageShape, double seconds) {
        this.maps = maps;
        this.imageShape = imageShape;
        this.seconds = seconds;
    }

    public static InfluenceMap compute(MultiLayerNetwork net, INDArray probe, double h, double eps) {
        long start = System.nanoTime();
        MultiLayerNetwork base = net.convertDataType(DataType.DOUBLE);
        INDArray x = (probe.size(0) == 1 ? probe : probe.reshape(prepend(probe.shape()))).castTo(DataType.DOUBLE);
        int pixels = (int) (x.length());
        long[] shape = x.shape();
        int classes = (int) base.output(x, false).size(1);
        // All perturbed images, + then −, pixel by pixel.
        long[] batchShape = shape.clone();
        batchShape[0] = 2L * pixels;
        INDArray batch = Nd4j.create(DataType.DOUBLE, batchShape);
        INDArray flatX = x.reshape(1, pixels);
        INDArray flatBatch = batch.reshape(2L * pixels, pixels);
        for (int i = 0; i < pixels; i++) {
            INDArray plus = flatX.dup(), minus = flatX.dup();
            plus.putScalar(0, i, flatX.getDouble(0, i) + h);
            minus.putScalar(0, i, flatX.getDouble(0, i) - h);
            flatBatch.putRow(2L * i, plus);
            flatBatch.putRow(2L * i + 1, minus);
        }
        INDArray theta = base.params().dup();
        double[][] maps = new double[classes][pixels];
        for (int j = 0; j < classes; j++) {
            if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("interrupted");
            INDArray g = outputGradient(base, x, j);
            double scale = eps / Math.max(1e-12, g.norm2Number().doubleValue());
            base.setParams(theta.add(g.mul(scale)));
            double[] lPlus = loss(base.output(batch, false));
            base.setParams(theta.sub(g.mul(scale)));
            double[] lMinus = loss(base.output(batch, false));
            base.setParams(theta);
            for (int i = 0; i < pixels; i++) {
                double dirPlus = (lPlus[2 * i] - lMinus[2 * i]) / (2 * scale);
                double dirMinus = (lPlus[2 * i + 1] - lMinus[2 * i + 1]) / (2 * scale);
                maps[j][i] = (dirPlus - dirMinus) / (2 * h);
            }
        }
        long[] image = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        return new InfluenceMap(maps, image, (System.nanoTime() - start) / 1e9);
    }

    /** L = Σ_j (1 − f_j)² per row of outputs. */
    static double[] loss(INDArray out) {
        double[][] f = out.toDoubleMatrix();
        double[] l = new double[f.length];
        for (int r = 0; r < f.length; r++) for (double v : f[r]) l[r] += (1 - v) * (1 - v);
        return l;
    }

    /** ∂f_j/∂θ at x, flattened like {@code params()}: DL4J's backward pass on a scoring copy. */
    static INDArray outputGradient(MultiLayerNetwork net, INDArray x, int j) {
        MultiLayerNetwork scorer = Attribution.scorer(net, "output", false);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 1, net.output(x, false).size(1));
        w.putScalar(0, j, 1);
        return scorer.calculateGradients(x, w, null, null).getFirst().gradient().dup();
    }

    private static long[] prepend(long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = 1;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }

    /** One map per class in a row, symmetric colour limits per map; returns the PNG's path. */
    public Path plot(String[] classNames) {
        int classes = maps.length;
        int hgt = imageShape.length >= 2 ? (int) imageShape[imageShape.length - 2] : 1;
        int wid = (int) imageShape[imageShape.length - 1];
        int channels = maps[0].length / (hgt * wid), scale = Math.max(2, 112 / Math.max(hgt, wid)), gap = 6;
        BufferedImage img = new BufferedImage(classes * (wid * scale + gap) + gap, hgt * scale + 2 * gap + 14, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int j = 0; j < classes; j++) {
            double max = 1e-300;
            for (double v : maps[j]) max = Math.max(max, Math.abs(v));
            int ox = gap + j * (wid * scale + gap);
            for (int y = 0; y < hgt; y++) for (int x = 0; x < wid; x++) {
                double v = 0;
                for (int c = 0; c < channels; c++) v += maps[j][(c * hgt + y) * wid + x];
                g.setColor(ReceptiveFields.diverging(v / (max * channels)));
                g.fillRect(ox + x * scale, gap + y * scale, scale, scale);
            }
            g.setColor(java.awt.Color.BLACK);
            String name = classNames != null && j < classNames.length ? classNames[j] : String.valueOf(j);
            g.drawString(name, ox, hgt * scale + gap + 13);
        }
        g.dispose();
        Path p = AtomicFiles.write(OutputDir.current().nextFigure("influence maps"), out -> javax.imageio.ImageIO.write(img, "png", out));
        System.out.println(this);
        System.out.println("saved " + p);
        return p;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "influence maps: %d classes × %d inputs (%.1f s)", maps.length, maps[0].length, seconds);
    }
}
