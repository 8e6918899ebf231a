package probelab.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import probelab.data.Npy;

/** The PyTorch fixtures (scripts/fixtures/torch_*_fixtures.py) and what every network's check of them shares. */
public final class TorchFixtures {
    public static final Path DIR = Path.of("src/test/resources/torch");

    private TorchFixtures() {}

    /** A network's export equals PyTorch's saved state_dict: the same names, shapes and float values. */
    public static void assertExportMatches(Npy.Archive state, Map<String, Npy.Array> exported) {
        assertEquals(state.arrays().keySet(), exported.keySet());
        for (String k : exported.keySet()) {
            assertArrayEquals(state.get(k).shape(), exported.get(k).shape(), k);
            double[] a = state.get(k).values(), b = exported.get(k).values();
            for (int i = 0; i < a.length; i++) assertEquals((float) a[i], (float) b[i], 0f, k + "[" + i + "]");
        }
    }
}
