package probelab.studies.retina;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import probelab.data.Datasets;
import probelab.data.ImageDataset;
import probelab.rl.Ppo;
import probelab.studies.retina.RetinaAnalysis;

/**
 * {@code probelab analyze}: the seed's analysis command, with its flags in our spelling
 * ({@code --analyze_acts} → {@code --analyze-acts}, {@code --analyze_max_num_frames} →
 * {@code --analyze-max-num-frames}, {@code --analyze_ds_name} → {@code --analyze-ds-name};
 * {@code --env gathering} is the foraging room; {@code --experiment NAME} is a folder, or
 * {@code runs/NAME}, holding {@code checkpoints/} from training). Outputs go to
 * {@code NAME/analysis/} unless {@code --out DIR}.
 */
public final class Analyze {
    private Analyze() {}

    static final String USAGE = "usage: probelab analyze --env gathering --experiment NAME [--analyze-acts environment|dataset|both]\n"
            + "           [--analyze-max-num-frames N] [--analyze-ds-name MNIST|FASHION|CIFAR] [--cifar-dir DIR] [--attribute value|turn-left|…] [--out DIR]\n";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags = new LinkedHashMap<>(Map.of("--env", "gathering", "--analyze-acts", "environment",
                "--analyze-max-num-frames", "1000", "--analyze-ds-name", "MNIST", "--cifar-dir", "", "--out", "", "--experiment", "", "--attribute", "value"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replace('_', '-');
            if (!flags.containsKey(a)) {
                err.print("probelab analyze: unknown flag " + args[i] + "; valid: " + String.join(", ", flags.keySet()) + "\n" + USAGE);
                return 2;
            }
            if (i + 1 >= args.length) {
                err.print("probelab analyze: " + args[i] + " needs a value\n" + USAGE);
                return 2;
            }
            flags.put(a, args[++i]);
        }
        if (!flags.get("--env").equals("gathering")) {
            err.println("probelab analyze: --env must be gathering (the foraging room), got " + flags.get("--env"));
            return 2;
        }
        if (flags.get("--experiment").isEmpty()) {
            err.print("probelab analyze: --experiment NAME is required\n" + USAGE);
            return 2;
        }
        int frames;
        try {
            frames = Integer.parseInt(flags.get("--analyze-max-num-frames"));
        } catch (NumberFormatException e) {
            err.println("probelab analyze: --analyze-max-num-frames must be a whole number, got " + flags.get("--analyze-max-num-frames"));
            return 2;
        }
        try {
            Path exp = Path.of(flags.get("--experiment"));
            if (!Files.isDirectory(exp)) exp = Path.of("runs").resolve(flags.get("--experiment"));
            if (!Files.isDirectory(exp)) {
                err.println("probelab analyze: no experiment folder " + flags.get("--experiment") + " (nor runs/" + flags.get("--experiment") + ")");
                return 1;
            }
            Path ckpt = Ppo.latest(exp.resolve("checkpoints"));
            if (ckpt == null) {
                err.println("probelab analyze: no checkpoint (ppo-*.ckpt) in " + exp.resolve("checkpoints") + "; train first, e.g. bin/probelab scripts/retina_foraging.groovy --out " + exp);
                return 1;
            }
            Ppo<RetinaNet> agent = RetinaAgent.fromCheckpoint(ckpt);
            ImageDataset images = switch (flags.get("--analyze-ds-name").toUpperCase(java.util.Locale.ROOT)) {
                case "MNIST" -> Datasets.mnist();
                case "FASHION" -> Datasets.fashionMnist("test");
                case "CIFAR" -> {
                    if (flags.get("--cifar-dir").isEmpty()) throw new IllegalArgumentException("--analyze-ds-name CIFAR needs --cifar-dir DIR (the official binary files)");
                    yield Datasets.cifar10(Path.of(flags.get("--cifar-dir")), "test");
                }
                default -> throw new IllegalArgumentException("--analyze-ds-name must be MNIST, FASHION or CIFAR, got " + flags.get("--analyze-ds-name"));
            };
            Path dir = flags.get("--out").isEmpty() ? exp.resolve("analysis") : Path.of(flags.get("--out"));
            out.println("analysing " + ckpt + " (" + agent.frames() + " frames trained) into " + dir);
            RetinaAnalysis.Options o = new RetinaAnalysis.Options(flags.get("--analyze-acts"), frames, 5000, 100, flags.get("--attribute"), 1);
            Map<String, Object> summary = RetinaAnalysis.run(agent, images, dir, o);
            out.println("wrote " + ((java.util.List<?>) summary.get("files")).size() + " files and summary.json in " + dir);
            return 0;
        } catch (RuntimeException | java.io.IOException e) {
            err.println("probelab analyze: " + e.getMessage());
            return 1;
        }
    }
}
