package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.active.BayesianCnn;
import probelab.util.OutputDir;
import probelab.workbench.shell.Evaluator;

/** Networks saved at the prompt load back computing exactly what they computed; damaged and foreign files are refused. */
class SaveLoadNetworksTest {
    private static float[][] images(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][size];
        for (float[] row : x) for (int j = 0; j < size; j++) row[j] = (float) r.nextDouble();
        return x;
    }

    @Test
    void aBayesianCnnLoadsBackWithItsPredictionsAndPasses(@TempDir Path dir) throws Exception {
        OutputDir before = OutputDir.current();
        OutputDir.setCurrent(new OutputDir(dir, true));
        try {
            float[][] x = images(24, 16 * 16, 1);
            int[] y = new int[24];
            for (int i = 0; i < y.length; i++) y[i] = i % 3;
            BayesianCnn cnn = new BayesianCnn(16, 16, 3, new BayesianCnn.Options(1, 10, 8, 1e-3, 0.5, 4, "stop"));
            cnn.fit(x, y);
            Path p = cnn.save("b.model");
            Evaluator ev = new Evaluator();
            ev.binding().setVariable("path", p.toString());
            BayesianCnn back = (BayesianCnn) ev.eval("load(path)");
            assertArrayEquals(cnn.predictProba(x)[7], back.predictProba(x)[7], 0);
            assertArrayEquals(cnn.sampleProba(x, 5, 9)[3][11], back.sampleProba(x, 5, 9)[3][11], 0, "the same MC-dropout passes");

            byte[] all = Files.readAllBytes(p);
            Path cut = dir.resolve("cut.model");
            Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
            var e = assertThrows(IllegalArgumentException.class, () -> BayesianCnn.load(cut));
            assertTrue(e.getMessage().contains("damaged or truncated"), e.getMessage());
            var relegator = new probelab.studies.relegator.Relegator(probelab.util.Options.apply(
                    probelab.studies.relegator.Relegator.Options.DEFAULTS, java.util.Map.of("epochs", 2, "progress", false), "relegator"));
            relegator.fit(probelab.studies.relegator.MoonsMass.generate(200, 0.2, 1.4, 0.5, 1));
            Path other = relegator.save("r.model");
            e = assertThrows(IllegalArgumentException.class, () -> BayesianCnn.load(other));
            assertTrue(e.getMessage().contains("holds a 'relegator' model, not a Bayesian CNN"), e.getMessage());
        } finally {
            OutputDir.setCurrent(before);
        }
    }

    @Test
    void aDl4jNetworkSavesInItsOwnFormatAndLoadsBack(@TempDir Path dir) throws Exception {
        OutputDir before = OutputDir.current();
        OutputDir.setCurrent(new OutputDir(dir, true));
        try {
            MultiLayerNetwork net = probelab.nn.Cnn.small(1, 20, 20, 3, new probelab.nn.Cnn.Options(0, 8, 1e-3, new int[] {2, 3}, 5, 1, false, "stop"));
            INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 20, 20);
            Evaluator ev = new Evaluator();
            ev.binding().setVariable("net", net);
            Path p = (Path) ev.eval("net.save('cnn.zip')");
            assertEquals(dir.resolve("cnn.zip"), p, "a relative path lands in the output folder");
            Object back = ev.eval("load('cnn.zip')");
            assertTrue(back instanceof MultiLayerNetwork, String.valueOf(back));
            assertEquals(net.output(x), ((MultiLayerNetwork) back).output(x));

            Path cut = dir.resolve("cut.zip");
            byte[] all = Files.readAllBytes(p);
            Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
            var e = assertThrows(IllegalArgumentException.class, () -> probelab.nn.Dl4jFiles.load(cut));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
            Path text = dir.resolve("notes.zip");
            Files.writeString(text, "hello");
            e = assertThrows(IllegalArgumentException.class, () -> probelab.nn.Dl4jFiles.load(text));
            assertTrue(e.getMessage().contains("is not a DL4J model"), e.getMessage());

            net.params().putScalar(3, Float.NaN);
            var nan = assertThrows(IllegalStateException.class, () -> ev.eval("net.save('nan.zip')"));
            assertTrue(nan.getMessage().contains("NaN or Infinity"), nan.getMessage());
            ev.eval("net.save('nan.zip', force: true)");
            assertTrue(Files.exists(dir.resolve("nan.zip")));
        } finally {
            OutputDir.setCurrent(before);
        }
    }

    @Test
    void anOnnxModelFeedsActivationsTsneAndAProbeAtThePrompt() throws Exception {
        Evaluator ev = new Evaluator();
        ev.eval("m = onnx('src/test/resources/onnx/fashion_cnn.onnx')");
        ev.eval("acts = activations(m, read('src/test/resources/onnx/inputs.npy'), layers: ['fc1', '/pool2/MaxPool_output_0'])");
        assertEquals(64, ((float[][]) ev.eval("acts['fc1']"))[0].length);
        assertArrayEquals(new long[] {16, 5, 5}, (long[]) ev.eval("acts.shape('/pool2/MaxPool_output_0')"));
        assertEquals(8, ((float[][]) ev.eval("pca(acts['fc1'], 2).asRows()")).length);
        Object a = ev.eval("attribution(m, read('src/test/resources/onnx/inputs.npy').asRows()[0], target: 9, method: 'integratedGradients')");
        assertNotNull(a, "integrated gradients through the ONNX model");
        ev.eval("m.close()");
    }
}
