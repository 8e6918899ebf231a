package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import probelab.data.Npy;

/**
 * The retinal network under its PyTorch twin's names (scripts/fixtures/torch_retina_fixtures.py,
 * the peer's own Net): PyTorch's weights give PyTorch's outputs over two steps, the second from
 * the first's hidden state, and the export is the import's inverse.
 */
class RetinaTorchTest {
    static final Path DIR = probelab.nn.TorchFixtures.DIR;

    @Test
    void pytorchsWeightsGivePytorchsOutputsThroughTheGru() {
        Npy.Archive state = Npy.readNpz(DIR.resolve("retina_state.npz"));
        float[][] frames = Npy.read(DIR.resolve("retina_frames.npy")).asRows();
        float[][] torch = Npy.read(DIR.resolve("retina_outputs.npy")).asRows();
        RetinaNet net = new RetinaNet(new RetinaNet.Options(36, 64, 16, 4, 0, 64, 64, 1));
        net.setTorchWeights(state.arrays());
        RetinaNet.Act first = net.act(Arrays.copyOfRange(frames, 0, 3), new float[3][64]);
        RetinaNet.Act second = net.act(Arrays.copyOfRange(frames, 3, 6), first.hidden());
        for (int e = 0; e < 3; e++) for (int j = 0; j < 7; j++) {
            assertEquals(torch[e][j], first.outputs()[e][j], 1e-5 * Math.abs(torch[e][j]) + 2e-6, "step 1 env " + e + " output " + j);
            assertEquals(torch[3 + e][j], second.outputs()[e][j], 1e-5 * Math.abs(torch[3 + e][j]) + 2e-6, "step 2 env " + e + " output " + j);
        }
        probelab.nn.TorchFixtures.assertExportMatches(state, net.torchWeights());
        // a network of another size refuses them by name, before setting anything
        RetinaNet wide = new RetinaNet(new RetinaNet.Options(72, 128, 16, 4, 0, 64, 64, 1));
        float[] before = wide.convs[0].weight.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wide.setTorchWeights(state.arrays()));
        assertTrue(e.getMessage().startsWith("'fc.0.weight' is [64, 816]; this network needs [64, 16464]"), e.getMessage());
        assertArrayEquals(before, wide.convs[0].weight, 0f);
    }
}
