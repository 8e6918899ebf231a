package probelab.workbench.dsl;

import java.nio.file.Path;
import java.util.Map;
import probelab.nn.ModelFile;
import probelab.rl.Dqn;
import probelab.util.Doc;
import probelab.util.OutputDir;

/** Workbench plumbing: the output folder, summaries, script arguments, loading saved things. */
public final class CoreDsl {
    private CoreDsl() {}

    @Doc(value = "the output folder of this REPL or script run", example = "out()", topic = "core")
    public static OutputDir out() {
        return OutputDir.current();
    }

    @Doc(value = "adds headline metrics to summary.json in the output folder", example = "summary(winRate: 0.98)", topic = "core")
    public static Path summary(Map<String, ?> metrics) {
        return OutputDir.current().summary(metrics);
    }

    @Doc(value = "adds settings to config.json in the output folder", example = "config(episodes: 1000)", topic = "core")
    public static Path config(Map<String, ?> settings) {
        return OutputDir.current().config(settings);
    }

    @Doc(value = "loads a saved agent, classifier or network (the kind is read from the file; DL4J's zips too)",
            example = "agent = load('catch.agent'); net = load('cnn.zip')", topic = "core")
    public static Object load(String path) {
        Path p = OutputDir.current().resolveExisting(path);
        if (startsAsZip(p)) return probelab.nn.Dl4jFiles.load(p);
        String kind = ModelFile.kind(p);
        return switch (kind) {
            case "dqn" -> Dqn.load(p);
            case "td3" -> probelab.rl.Td3.load(p);
            case "sac" -> probelab.rl.Sac.load(p);
            case "relegator" -> probelab.studies.relegator.Relegator.load(p);
            case "baseline" -> probelab.studies.relegator.Baseline.load(p);
            case "bayesianCnn" -> probelab.active.BayesianCnn.load(p);
            default -> throw new IllegalArgumentException(p + " holds a '" + kind + "' model, which this probelab cannot load");
        };
    }

    private static boolean startsAsZip(Path p) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(p)) {
            return probelab.nn.Dl4jFiles.isZip(in.readNBytes(4));
        } catch (java.io.IOException e) {
            return false; // ModelFile's reading says what is wrong
        }
    }

    /** Reads a script's {@code --name value} flags against defaults ({@link probelab.workbench.cli.ScriptArgs}). */
    @Doc(value = "parses a script's --flags against defaults (unknown flags are errors)",
            example = "opts = parseArgs(args, [episodes: 1000, seed: 1])", topic = "core")
    public static Map<String, Object> parseArgs(Object args, Map<String, ?> defaults) {
        return probelab.workbench.cli.ScriptArgs.parse(args, defaults);
    }
}
