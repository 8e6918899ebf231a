package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.data.ImageDataset;
import probelab.rl.Ppo;
import probelab.studies.retina.RetinaNet;

/** {@code analyze} on a tiny untrained agent writes every promised file; the CLI finds the latest checkpoint. */
class RetinaAnalysisTest {
    @TempDir
    Path dir;

    static ImageDataset squares() {
        return probelab.studies.retina.ForagingEnvTest.squares(60);
    }

    static Ppo<RetinaNet> tinyAgent() {
        return new Ppo<>(new RetinaNet(new RetinaNet.Options(36, 64, 8, 4, 0, 16, 16, 1)), Ppo.Options.DEFAULTS);
    }

    @Test
    void bothAnalysesWriteEveryPromisedFile() throws Exception {
        Path out = dir.resolve("analysis");
        Map<String, Object> summary = RetinaAnalysis.run(tinyAgent(), squares(), out, new RetinaAnalysis.Options("both", 60, 200, 10, "move-forward", 1));
        for (String f : List.of("receptive_fields_layer1.png", "receptive_fields_layer2.png", "receptive_fields_layer3.png", "rollout.gif", "attribution_move-forward.gif",
                "conv1_activations.gif", "conv2_activations.gif", "conv3_activations.gif", "dataset_stimuli.gif",
                "analyze_class_score.txt", "analyze_class_score.json", "action_probabilities.json", "summary.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        List<String> figures;
        try (var s = Files.list(out)) {
            figures = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("fig-")).sorted().toList();
        }
        for (String part : List.of("pca-coloured-by-value", "scree", "pc-1-value-and-health", "dense-t-sne", "gru-t-sne", "dense-layer-raster",
                "gru-raster", "pca-by-class", "t-sne-by-class", "action-probabilities")) {
            assertTrue(figures.stream().anyMatch(f -> f.contains(part)), part + " among " + figures);
        }
        assertTrue(Files.readString(out.resolve("analyze_class_score.txt")).contains("permuted multi classification scores"));
        assertEquals(60, summary.get("steps_recorded"));
    }

    @Test
    void theCommandAnalysesTheLatestCheckpoint() throws Exception {
        probelab.testing.TestData.mnist(); // the command reads the installed digits
        Path exp = dir.resolve("exp");
        Ppo<RetinaNet> agent = tinyAgent();
        agent.save(exp.resolve("checkpoints/ppo-000000000000.ckpt"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int rc = probelab.workbench.cli.Main.run(new String[] {"analyze", "--env", "gathering", "--experiment", exp.toString(),
                "--analyze_acts", "environment", "--analyze-max-num-frames", "30"}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, rc, err.toString());
        assertTrue(Files.exists(exp.resolve("analysis/summary.json")));
        assertTrue(Files.exists(exp.resolve("analysis/conv3_activations.gif")));
        assertTrue(Files.exists(exp.resolve("analysis/attribution_value.gif")));
        int bad = probelab.workbench.cli.Main.run(new String[] {"analyze", "--experiment", exp.toString(), "--analyze-acts", "everything"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(1, bad);
        assertTrue(err.toString().contains("environment, dataset or both"), err.toString());
    }
}
