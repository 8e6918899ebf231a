package probelab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.data.Npy;

/** MLP weights under PyTorch's names, against networks PyTorch built and ran (scripts/fixtures/torch_mlp_fixtures.py). */
class TorchWeightsTest {
    static final Path DIR = Path.of("src/test/resources/torch");

    private static void check(String name, Mlp net, Path dir) {
        Npy.Archive state = Npy.readNpz(DIR.resolve("mlp_" + name + ".npz"));
        TorchWeights.load(net, state.arrays());
        float[][] x = Npy.read(DIR.resolve("mlp_inputs.npy")).asRows();
        float[][] want = Npy.read(DIR.resolve("mlp_" + name + "_out.npy")).asRows();
        float[][] got = net.predictAll(x);
        for (int i = 0; i < want.length; i++) assertArrayEquals(want[i], got[i], 1e-5f, name + " output " + i + " equals PyTorch's");

        // and back: the same names in PyTorch's order, the same values, through an .npz
        Map<String, Object> mine = TorchWeights.of(net);
        assertEquals(state.keys(), List.copyOf(mine.keySet()));
        Npy.Archive written = Npy.readNpz(Npy.save(mine, dir.resolve(name + ".npz")));
        for (String k : state.keys()) {
            assertArrayEquals(state.get(k).shape(), written.get(k).shape(), k);
            assertArrayEquals(state.get(k).doubles(), written.get(k).doubles(), 0, k);
        }
    }

    @Test
    void aPlainMlpMatchesPyTorchsSequential(@TempDir Path dir) {
        check("plain", new Mlp(new int[] {4, 6, 5, 3}, Activation.RELU, Activation.LINEAR, 9), dir);
    }

    @Test
    void anMlpWithLayerNormMatchesPyTorchsSequential(@TempDir Path dir) {
        check("norm", Mlp.torch(new int[] {4, 6, 2}, true, false, Activation.RELU, Activation.TANH, 0, 9), dir);
    }

    @Test
    void aStateDictOfAnotherShapeIsRefusedNamingWhatIsMissing() {
        Npy.Archive state = Npy.readNpz(DIR.resolve("mlp_plain.npz"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(Mlp.torch(new int[] {4, 6, 2}, true, false, Activation.RELU, Activation.TANH, 0, 9), state.arrays()));
        assertTrue(e.getMessage().startsWith("no '1.weight' among"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TorchWeights.load(new Mlp(new int[] {4, 7, 5, 3}, Activation.RELU, Activation.LINEAR, 9), state.arrays()));
        assertTrue(e.getMessage().contains("'0.weight' is 6×4; the layer needs 7×4 (out × in)"), e.getMessage());
    }
}
