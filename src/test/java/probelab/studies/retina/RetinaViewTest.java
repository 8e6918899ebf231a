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
        // the spike-triggered average: the centre unit of each channel weighting N(0, 1) frames, here by hand
        ReceptiveFields rf = ReceptiveFields.compute(NetworkView.of(NET), new ReceptiveFields.Options(2, 96, 32, 0, 9, false));
        SplittableRandom rng = new SplittableRandom(9);
        float[][] noise = new float[96][3 * 36 * 64];
        for (float[] f : noise) for (int i = 0; i < f.length; i++) f[i] = (float) rng.nextGaussian();
        float[][] conv2 = NetworkView.of(NET).activations(noise, new Activations.Options(96, List.of("conv2"))).get("conv2");
        long[] shape = Activations.of(NET, noise, new Activations.Options(96, List.of("conv2"))).shape("conv2");
        int[] centre = NetworkView.centreOfChannelLast(shape);
        assertEquals(centre.length, rf.filters());
        for (int ch = 0; ch < centre.length; ch++) {
            double[] mine = new double[noise[0].length], theirs = new double[noise[0].length];
            for (int s = 0; s < noise.length; s++) for (int i = 0; i < mine.length; i++) mine[i] += conv2[s][centre[ch]] * noise[s][i] / noise.length;
            int i = 0;
            for (float[][] plane : rf.sta[ch]) for (float[] row : plane) for (float val : row) theirs[i++] = val;
            for (int j = 0; j < mine.length; j++) assertEquals(mine[j], theirs[j], 1e-4 * (1 + Math.abs(mine[j])), "channel " + ch + " value " + j);
        }
        // conv2 only: the pass stops there, with the values the whole pass gives
        float[][] whole = Activations.of(NET, new float[][] {noise[0]}, Activations.Options.DEFAULTS).get("conv2");
        assertArrayEquals(whole[0], conv2[0], 1e-6f);
    }
}
