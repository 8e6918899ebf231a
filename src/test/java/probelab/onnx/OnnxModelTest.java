package probelab.onnx;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.data.Npy;

/**
 * A PyTorch CNN exported to ONNX (scripts/fixtures/onnx_fixtures.py): every layer ONNX Runtime
 * hands back equals what PyTorch computed for the same images.
 */
class OnnxModelTest {
    static final Path DIR = Path.of("src/test/resources/onnx");
    static final List<String> MODULES = List.of("conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "relu3", "fc2");

    static float[][] inputs() {
        return Npy.read(DIR.resolve("inputs.npy")).asRows();
    }

    @Test
    void listsEveryTensorWithItsOperatorAndModule() {
        try (OnnxModel m = OnnxModel.load(DIR.resolve("fashion_cnn.onnx"))) {
            assertEquals("image", m.inputName());
            assertArrayEquals(new long[] {-1, 1, 28, 28}, m.inputShape());
            assertEquals(784, m.inputSize());
            List<OnnxModel.Layer> layers = m.layers();
            assertEquals(10, layers.size());
            assertEquals(new OnnxModel.Layer("/conv1/Conv_output_0", "Conv", "conv1"), layers.get(0));
            assertEquals(new OnnxModel.Layer("logits", "Gemm", "fc2"), layers.get(9));
            assertEquals(MODULES, layers.stream().map(OnnxModel.Layer::module).toList());
            assertEquals("/conv2/Conv_output_0", m.tensor("conv2"));
            assertTrue(m.toString().contains("input image [-1, 1, 28, 28], 10 layers, outputs [logits]"), m.toString());
        }
        assertEquals("layer1.0.conv1", OnnxModel.module("/layer1/0/conv1/Conv"));
        assertEquals("", OnnxModel.module("Conv_3"));
    }

    @Test
    void everyLayerEqualsPyTorchs() {
        Npy.Archive refs = Npy.readNpz(DIR.resolve("refs.npz"));
        try (OnnxModel m = OnnxModel.load(DIR.resolve("fashion_cnn.onnx"))) {
            OnnxModel.Outputs out = m.run(inputs(), MODULES, 3); // batches of 3: 3 + 3 + 2
            for (String module : MODULES) {
                Npy.Array want = refs.get(module);
                float[][] got = out.rows().get(module);
                float[][] ref = want.asRows();
                assertEquals(ref.length, got.length, module);
                double max = 0, worst = 0;
                for (float[] r : ref) for (float v : r) max = Math.max(max, Math.abs(v));
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i].length, got[i].length, module + " width");
                    for (int j = 0; j < ref[i].length; j++) worst = Math.max(worst, Math.abs(ref[i][j] - got[i][j]));
                }
                assertTrue(worst <= 1e-5 * max + 1e-6, module + ": max |difference| " + worst + " against max |value| " + max);
                long[] shape = out.shapes().get(module);
                assertArrayEquals(java.util.Arrays.copyOfRange(want.shape(), 1, want.shape().length),
                        java.util.Arrays.stream(shape).mapToInt(Math::toIntExact).toArray(), module + " shape");
            }
            // the model's own output, asked for by tensor name, and predict()
            assertArrayEquals(out.rows().get("fc2")[5], m.predict(inputs())[5], 0f);
            int right = 0;
            int[] labels = Npy.read(DIR.resolve("labels.npy")).ints();
            float[][] logits = m.predict(inputs());
            for (int i = 0; i < labels.length; i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) if (logits[i][c] > logits[i][best]) best = c;
                if (best == labels[i]) right++;
            }
            assertTrue(right >= 6, "the trained fixture classifies most of its 8 images: " + right);
        }
    }

    @Test
    void refusesDamagedFilesAndBadInputsWithTheReason(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(DIR.resolve("fashion_cnn.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.load(cut));
        assertTrue(e.getMessage().startsWith("cut.onnx: not a whole ONNX model") && e.getMessage().contains("truncated"), e.getMessage());
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.load(text));
        assertTrue(e.getMessage().startsWith("notes.onnx: not"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OnnxModel.load(dir.resolve("missing.onnx")));
        assertTrue(e.getMessage().startsWith("cannot read the ONNX model"), e.getMessage());

        try (OnnxModel m = OnnxModel.load(DIR.resolve("fashion_cnn.onnx"))) {
            e = assertThrows(IllegalArgumentException.class, () -> m.run(new float[][] {new float[100]}, List.of("fc1"), 8));
            assertTrue(e.getMessage().contains("input 0 has 100 values; the model takes 784 (image [-1, 1, 28, 28])"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.run(inputs(), List.of("fc9"), 8));
            assertTrue(e.getMessage().startsWith("no layer 'fc9' in fashion_cnn.onnx; tensors: /conv1/Conv_output_0,")
                    && e.getMessage().contains("modules: conv1, relu1"), e.getMessage());
        }
    }
}
