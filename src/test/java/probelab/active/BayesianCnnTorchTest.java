package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import probelab.data.Npy;

/**
 * The Bayesian CNN under its PyTorch twin's names: PyTorch's weights (scripts/fixtures/
 * torch_cnn_fixtures.py, the peer's own class) give PyTorch's logits here, and the export is
 * the import's inverse.
 */
class BayesianCnnTorchTest {
    static final Path DIR = probelab.nn.TorchFixtures.DIR;

    @Test
    void pytorchsWeightsGivePytorchsLogitsAndExportInvertsImport() {
        Npy.Archive state = Npy.readNpz(DIR.resolve("bcnn_state.npz"));
        float[][] x = Npy.read(DIR.resolve("bcnn_inputs.npy")).asRows();
        float[][] torch = Npy.read(DIR.resolve("bcnn_logits.npy")).asRows();
        BayesianCnn net = new BayesianCnn(28, 28, 10, BayesianCnn.Options.DEFAULTS);
        net.setTorchWeights(state.arrays());
        float[][] ours = net.layers(x).get("logits");
        for (int i = 0; i < x.length; i++) for (int c = 0; c < 10; c++)
            assertEquals(torch[i][c], ours[i][c], 1e-5 * Math.abs(torch[i][c]) + 1e-5, "image " + i + " class " + c);

        // exported: the same arrays PyTorch saved, under the same names and shapes
        probelab.nn.TorchFixtures.assertExportMatches(state, net.torchWeights());
        // a wrong shape is refused by name, before anything is set
        BayesianCnn other = new BayesianCnn(28, 28, 10, BayesianCnn.Options.DEFAULTS);
        Map<String, Object> bad = new java.util.LinkedHashMap<>(state.arrays());
        bad.put("fc2.weight", new Npy.Array(new int[] {5, 128}, "<f8", new double[640]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.setTorchWeights(bad));
        assertTrue(e.getMessage().contains("'fc2.weight' is [5, 128]; this network needs [10, 128]"), e.getMessage());
        bad.remove("conv1.bias");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> other.setTorchWeights(bad)).getMessage().contains("no array 'conv1.bias'"));
    }
}
