package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.inspect.Activations;
import probelab.inspect.Attribution;
import probelab.inspect.NetworkView;
import probelab.inspect.ReceptiveFields;

/** The retinal agent's network through the analysis toolkit's one view. */
class RetinaViewTest {
    static final RetinaNet NET = new RetinaNet(new RetinaNet.Options(36, 64, 8, 4, 0, 16, 16, 1));

    static float[] frame(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[3 * 36 * 64];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextDouble();
        return f;
    }

    @Test
    void activationsNameEveryLayerAndAgreeWithTheAgentsOwnPass() {
        NetworkView v = NetworkView.of(NET);
        assertEquals(List.of("conv1", "conv2", "conv3", "dense", "gru", "outputs"), v.layers());
        float[][] x = {frame(1), frame(2), frame(3)};
        Activations a = probelab.inspect.Activations.of(NET, x, Activations.Options.DEFAULTS);
        assertEquals(v.layers(), a.names());
        assertArrayEquals(NET.encode(x[1]).features, a.get("dense")[1], 1e-6f); // one frame alone or three in one product: rounding apart
        assertArrayEquals(NET.encode(x[2]).conv(0), a.get("conv1")[2], 1e-6f);
        // the first step of an episode: what act() gives from a zero state
        float[][] outputs = NET.act(new float[][] {x[0]}, new float[][] {new float[NET.hiddenSize()]}).outputs();
        assertArrayEquals(outputs[0], a.get("outputs")[0], 1e-6f);
        assertEquals(3, a.shape("conv1").length);
    }

    @Test
    void attributionAndReceptiveFieldsComeFromTheNetworksOwnCode() {
        float[] x = frame(4);
        Attribution.Result r = probelab.workbench.dsl.AnalysisDsl.attribution(java.util.Map.of("target", 6, "abs", false), NET, x);
        float[] own = NET.inputGradient(x, new float[NET.hiddenSize()], 6, false);
        assertArrayEquals(own, probelab.util.Nd.floats(r.values), 0f);
        assertEquals(36, r.heat().length);
        // the view's spike-triggered average uses the same noise as the network's own: the same fields
        ReceptiveFields rf = ReceptiveFields.compute(NetworkView.of(NET), new ReceptiveFields.Options(1, 256, 64, 0, 9, false));
        float[][] mine = NET.receptiveFields(0, 256, 9);
        assertEquals(mine.length, rf.filters());
        for (int ch = 0; ch < mine.length; ch++) {
            double[] a = new double[mine[ch].length], b = new double[mine[ch].length];
            int i = 0;
            for (float[][] plane : rf.sta[ch]) for (float[] row : plane) for (float val : row) a[i++] = val;
            for (int j = 0; j < b.length; j++) b[j] = mine[ch][j];
            assertTrue(ReceptiveFields.correlation(a, b) > 0.9999, "channel " + ch);
        }
    }
}
