package probelab.influence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import probelab.nn.Cnn;
import probelab.studies.retina.Lindsey;

/** The plain-array twin of Cnn.small gives DL4J's own losses and gradients, in DL4J's parameter layout. */
class SmallCnnMirrorTest {
    static void check(int channels, int height, int width) {
        MultiLayerNetwork net = Cnn.small(channels, height, width, 4, new Cnn.Options(1, 8, 1e-3, new int[] {3, 5}, 6, 2, false, "stop"))
                .convertDataType(DataType.DOUBLE);
        SmallCnnMirror m = SmallCnnMirror.of(net, channels, height, width);
        assertNotNull(m, "Cnn.small is recognised");
        SplittableRandom r = new SplittableRandom(3);
        int n = 12, size = channels * height * width;
        float[][] chw = new float[n][size], x = new float[n][];
        int[] y = new int[n];
        INDArray images = Nd4j.zeros(DataType.DOUBLE, n, channels, height, width), labels = Nd4j.zeros(DataType.DOUBLE, n, 4);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) chw[i][j] = (float) r.nextDouble();
            y[i] = r.nextInt(4);
            labels.putScalar(i, y[i], 1);
            images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(Nd4j.createFromArray(chw[i]).castTo(DataType.DOUBLE).reshape(channels, height, width));
            x[i] = m.channelLast(chw[i]);
        }
        double[] expected = net.calculateGradients(images, labels, null, null).getFirst().gradient().toDoubleVector();
        double[] got = m.meanGradient(x, y);
        double worst = 0, scale = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] / n - got[i])); // DL4J sums over the batch
            scale = Math.max(scale, Math.abs(expected[i] / n));
        }
        assertTrue(scale > 0 && worst < 1e-4 * scale, "gradient differs by " + worst + " (largest entry " + scale + ")");
        double[] losses = net.scoreExamples(new DataSet(images, labels), false).toDoubleVector(), ours = m.losses(x, y);
        for (int i = 0; i < n; i++) assertEquals(losses[i], ours[i], 1e-5, "loss of image " + i);
    }

    @Test
    void greyscaleMatchesDl4j() {
        check(1, 28, 28);
    }

    @Test
    void colourImagesMatchDl4jThroughTheChannelOrder() {
        check(3, 20, 24);
    }

    /** The shared-first-layer central difference is two gradients' difference, computed another way. */
    @Test
    void gradientDifferenceIsTheDifferenceOfTwoGradients() {
        MultiLayerNetwork net = Cnn.small(1, 20, 20, 4, new Cnn.Options(1, 8, 1e-3, new int[] {3, 5}, 6, 2, false, "stop"));
        SmallCnnMirror m = SmallCnnMirror.of(net, 1, 20, 20);
        SplittableRandom r = new SplittableRandom(5);
        int n = 600; // more than one 512-image chunk
        float[][] x = new float[n][400];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 400; j++) x[i][j] = (float) r.nextDouble();
            y[i] = r.nextInt(4);
        }
        double[] theta = net.params().toDoubleVector(), s = new double[theta.length], plus = theta.clone(), minus = theta.clone();
        double eps = 1e-2;
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextGaussian();
            plus[i] += eps * s[i];
            minus[i] -= eps * s[i];
        }
        m.setParameters(plus);
        double[] gp = m.meanGradient(x, y);
        m.setParameters(minus);
        double[] gm = m.meanGradient(x, y);
        double[] got = m.gradientDifference(x, y, theta, s, eps);
        int first = (int) net.getLayer(0).numParams(); // the first convolution's part is computed apart: checked on its own scale
        for (int[] range : new int[][] {{0, first}, {first, got.length}}) {
            double worst = 0, scale = 0;
            for (int i = range[0]; i < range[1]; i++) {
                double expected = (gp[i] - gm[i]) / (2 * eps);
                worst = Math.max(worst, Math.abs(expected - got[i]));
                scale = Math.max(scale, Math.abs(expected));
            }
            assertTrue(scale > 0 && worst < 1e-4 * scale, "parameters " + range[0] + ".." + range[1] + " differ by " + worst + " (largest entry " + scale + ")");
        }
        double[] after = m.meanGradient(x, y); // θ is left in place
        m.setParameters(theta);
        assertEquals(java.util.Arrays.toString(m.meanGradient(x, y)), java.util.Arrays.toString(after));
    }

    @Test
    void otherLayoutsAreLeftToDl4j() {
        MultiLayerNetwork lindsey = Lindsey.encoder(36, 64, 3, 4, 2, 0, 3, 1);
        assertNull(SmallCnnMirror.of(lindsey, 3, 36, 64));
    }
}
