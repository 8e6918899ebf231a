package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retinal agent's network: the reference's layer shapes, and backprop through time against finite differences. */
class RetinaNetTest {
    @Test
    void layerShapesMatchTheReferenceAt72By128() {
        RetinaNet net = new RetinaNet(RetinaNet.Options.DEFAULTS);
        assertEquals(33, net.convs[0].outH);
        assertEquals(61, net.convs[0].outW);
        assertEquals(27, net.convs[1].outH);
        assertEquals(55, net.convs[1].outW);
        assertEquals(21, net.convs[2].outH);
        assertEquals(49, net.convs[2].outW);
        assertEquals(16, net.convs[2].out);
        assertEquals(4, net.convs[1].out);
    }

    static double loss(RetinaNet net, float[][][] frames, float[][] h0, boolean[][] reset, float[][][] c) {
        RetinaNet.Sequence s = net.forward(frames, h0, reset);
        double l = 0;
        for (int t = 0; t < frames.length; t++) for (int e = 0; e < frames[0].length; e++) for (int j = 0; j < RetinaNet.OUTPUTS; j++) l += c[t][e][j] * s.outputs[t][e][j];
        return l;
    }

    @Test
    void gradientsThroughTimeMatchFiniteDifferences() {
        RetinaNet net = new RetinaNet(new RetinaNet.Options(32, 36, 3, 2, 0, 5, 4, 7));
        SplittableRandom r = new SplittableRandom(3);
        int T = 3, E = 2;
        float[][][] frames = new float[T][E][3 * 32 * 36];
        float[][][] c = new float[T][E][RetinaNet.OUTPUTS];
        for (int t = 0; t < T; t++) for (int e = 0; e < E; e++) {
            for (int i = 0; i < frames[t][e].length; i++) frames[t][e][i] = (float) r.nextDouble();
            for (int j = 0; j < RetinaNet.OUTPUTS; j++) c[t][e][j] = (float) r.nextGaussian();
        }
        float[][] h0 = {{0.1f, -0.2f, 0.3f, 0f}, {0f, 0f, 0f, 0f}};
        boolean[][] reset = {{false, true}, {false, false}, {true, false}};
        for (float[] row : net.headW) for (int j = 0; j < row.length; j++) row[j] *= 100; // undo the small first policy, so gradients reach every layer
        net.zeroGradients();
        net.backward(net.forward(frames, h0, reset), c);
        List<float[]> p = net.parameters(), g = net.gradients();
        int checked = 0, nonzero = 0;
        double worst = 0;
        for (int k = 0; k < p.size(); k++) {
            float[] a = p.get(k);
            for (int idx = 0; idx < a.length; idx += Math.max(1, a.length / 8)) {
                float keep = a[idx];
                double eps = 1e-2;
                a[idx] = (float) (keep + eps);
                double up = loss(net, frames, h0, reset, c);
                a[idx] = (float) (keep - eps);
                double down = loss(net, frames, h0, reset, c);
                a[idx] = keep;
                double fd = (up - down) / (2 * eps), an = g.get(k)[idx];
                double err = Math.abs(fd - an) / Math.max(0.05, Math.abs(fd) + Math.abs(an));
                worst = Math.max(worst, err);
                assertTrue(err < 0.03, "parameter array " + k + "[" + idx + "]: backprop " + an + ", finite differences " + fd);
                checked++;
                if (Math.abs(an) > 1e-3) nonzero++;
            }
        }
        System.out.printf("RetinaNet BPTT: %d parameters checked (%d with |gradient| > 1e-3), worst relative error %.2e%n", checked, nonzero, worst);
        assertTrue(nonzero > 100, nonzero + " non-trivial gradients");
    }

    @Test
    void inputGradientsMatchFiniteDifferences() {
        RetinaNet net = new RetinaNet(new RetinaNet.Options(32, 36, 3, 2, 0, 5, 4, 7));
        for (float[] row : net.headW) for (int j = 0; j < row.length; j++) row[j] *= 100;
        SplittableRandom r = new SplittableRandom(5);
        float[] frame = new float[3 * 32 * 36];
        for (int i = 0; i < frame.length; i++) frame[i] = (float) r.nextDouble();
        float[] h = {0.2f, -0.1f, 0f, 0.3f};
        for (int k : new int[] {1, 6}) {
            float[] g = net.inputGradient(frame, h, k, false);
            for (int idx = 0; idx < frame.length; idx += 97) {
                float keep = frame[idx];
                frame[idx] = keep + 1e-2f;
                double up = net.act(new float[][] {frame}, new float[][] {h}).outputs()[0][k];
                frame[idx] = keep - 1e-2f;
                double down = net.act(new float[][] {frame}, new float[][] {h}).outputs()[0][k];
                frame[idx] = keep;
                double fd = (up - down) / 2e-2;
                assertEquals(fd, g[idx], 0.03 * Math.max(Math.abs(fd), 1e-2), "pixel " + idx + " output " + k);
            }
            float[] guided = net.inputGradient(frame, h, k, true);
            assertTrue(java.util.Arrays.equals(guided, g) == false, "guided differs from the plain gradient");
        }
    }
}
