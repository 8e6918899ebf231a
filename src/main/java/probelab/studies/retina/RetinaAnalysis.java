package probelab.studies.retina;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.data.ImageDataset;
import probelab.embed.Pca;
import probelab.embed.Tsne;
import probelab.inspect.Probe;
import probelab.inspect.Raster;
import probelab.plot.Display;
import probelab.plot.Gif;
import probelab.plot.HeatmapOptions;
import probelab.plot.LineOptions;
import probelab.plot.Plots;
import probelab.plot.ScatterOptions;
import probelab.rl.Ppo;
import probelab.studies.retina.ForagingEnv;
import probelab.studies.retina.RetinaNet;
import probelab.util.Doc;
import probelab.util.Json;
import probelab.util.OutputDir;

/**
 * The seed's {@code analyze} for a retinal agent (seed 003), writing everything into one folder:
 * always the receptive fields of each convolution and a GIF of a short rollout;
 * {@code environment}: activity recorded over N steps — GIFs of the convolutions' activations
 * (capped at 100 frames), PCA of the dense layer coloured by the critic's value with a scree
 * plot, PC 1 over time with value and health, 2-D t-SNE of the dense and GRU activity, rasters
 * sorted by a 1-D t-SNE with pickup lines (GRU: the first 500 steps cropped);
 * {@code dataset}: dataset images pasted into an empty room in front of the agent, the dense
 * layer's PCA and t-SNE coloured by class, the linear decoding probe against permuted labels
 * ({@code analyze_class_score.txt}) and the action probabilities per class. {@code summary.json}
 * lists what was written.
 */
public final class RetinaAnalysis {
    private RetinaAnalysis() {}

    public record Options(
            @Doc("environment, dataset or both") String acts,
            @Doc("steps recorded in the environment / images forwarded from the dataset") int maxFrames,
            @Doc("noise frames for the receptive fields") int rfSamples,
            @Doc("frames in the rollout GIF") int gifFrames,
            @Doc("output attributed by guided backprop over the rollout: value, turn-none, turn-left, turn-right, move-none, move-forward, move-backward") String attribute,
            @Doc("seed of the rollout, the noise and the probe's split") long seed) {
        public static final Options DEFAULTS = new Options("environment", 1000, 5000, 100, "value", 1);

        public Options {
            if (!java.util.List.of("environment", "dataset", "both").contains(acts)) throw new IllegalArgumentException("acts must be environment, dataset or both, got '" + acts + "'");
            probelab.util.Check.atLeast("maxFrames", maxFrames, 1);
            probelab.util.Check.atLeast("rfSamples", rfSamples, 1);
            probelab.util.Check.atLeast("gifFrames", gifFrames, 1);
        }
    }

    static final List<String> OUTPUT_NAMES = List.of("turn-none", "turn-left", "turn-right", "move-none", "move-forward", "move-backward", "value");

    /** Runs the analyses into {@code dir} with pickups (and dataset stimuli) from {@code images}. */
    public static Map<String, Object> run(Ppo<RetinaNet> agent, ImageDataset images, Path dir, Options o) throws java.io.IOException {
        if (!List.of("environment", "dataset", "both").contains(o.acts())) {
            throw new IllegalArgumentException("acts must be environment, dataset or both, got '" + o.acts() + "'");
        }
        if (o.maxFrames() < 10) throw new IllegalArgumentException("maxFrames must be at least 10, got " + o.maxFrames());
        if (!OUTPUT_NAMES.contains(o.attribute())) throw new IllegalArgumentException("attribute must be one of " + OUTPUT_NAMES + ", got '" + o.attribute() + "'");
        Files.createDirectories(dir);
        OutputDir before = OutputDir.current();
        OutputDir.setCurrent(new OutputDir(dir, true)); // figures go to files in this folder
        Map<String, Object> summary = new LinkedHashMap<>();
        try {
            RetinaNet net = agent.net;
            ForagingEnv.Options eo = ForagingEnv.Options.DEFAULTS;
            ForagingEnv env = new ForagingEnv(images, new ForagingEnv.Options(net.o.height(), net.o.width(), eo.roomSize(), eo.food(), eo.poison(),
                    eo.health(), eo.drain(), eo.maxSteps(), eo.turnDegrees(), eo.speed(), eo.fov(), eo.rewardPerGain(), effects(images)));
            List<String> files = new ArrayList<>();
            // always: receptive fields of each convolution, and what the agent sees
            for (int l = 0; l < net.convs.length; l++) {
                Path f = dir.resolve("receptive_fields_layer" + (l + 1) + ".png");
                probelab.inspect.ReceptiveFields rf = probelab.inspect.ReceptiveFields.compute(net.view(),
                        new probelab.inspect.ReceptiveFields.Options(l + 1, o.rfSamples(), 64, 0, o.seed(), false));
                javax.imageio.ImageIO.write(rf.image(3), "png", f.toFile());
                files.add(f.getFileName().toString());
            }
            Recording rec = Recording.of(agent, env, o.acts().equals("dataset") ? o.gifFrames() : Math.max(o.gifFrames(), o.maxFrames()), o.seed(), o.gifFrames());
            files.add(Gif.write(rec.pictures(), dir.resolve("rollout.gif"), 80, 1).getFileName().toString());
            files.add(attribution(net, rec, o, dir).getFileName().toString());
            summary.put("steps_recorded", rec.steps());
            summary.put("food_pickups", rec.foodSteps().length);
            summary.put("poison_pickups", rec.poisonSteps().length);
            if (!o.acts().equals("dataset")) environment(agent, rec, dir, o, files);
            if (!o.acts().equals("environment")) dataset(agent, env, images, dir, o, files, summary);
            try (var s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("fig-")).sorted().forEach(files::add);
            }
            summary.put("files", files);
            Json.writeFile(dir.resolve("summary.json"), summary);
            return summary;
        } finally {
            OutputDir.setCurrent(before);
        }
    }

    /**
     * Guided backpropagation of the chosen output over the rollout's first frames: each GIF frame
     * is the view beside |∂output/∂pixel| summed over colour (normalised per frame, hot = large).
     */
    static Path attribution(RetinaNet net, Recording rec, Options o, Path dir) {
        int k = OUTPUT_NAMES.indexOf(o.attribute()), h = net.o.height(), w = net.o.width(), plane = h * w, scale = 3;
        int n = Math.min(o.gifFrames(), rec.steps());
        List<BufferedImage> pics = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            float[] hidden = t == 0 ? new float[net.hiddenSize()] : rec.hidden()[t - 1];
            float[] g = net.inputGradient(rec.frames()[t], hidden, k, true);
            float[] mag = new float[plane];
            float max = 1e-12f;
            for (int p = 0; p < plane; p++) {
                mag[p] = Math.abs(g[p]) + Math.abs(g[plane + p]) + Math.abs(g[2 * plane + p]);
                max = Math.max(max, mag[p]);
            }
            BufferedImage img = new BufferedImage(2 * w * scale + scale, h * scale, BufferedImage.TYPE_INT_RGB);
            float[] f = rec.frames()[t];
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int p = (y / scale) * w + x / scale;
                    int r = (int) (255 * f[p]), gg = (int) (255 * f[plane + p]), b = (int) (255 * f[2 * plane + p]);
                    img.setRGB(x, y, (r << 16) | (gg << 8) | b);
                    float v = mag[p] / max; // black → red → yellow → white
                    int hr = (int) (255 * Math.min(1, 3 * v)), hg = (int) (255 * Math.min(1, Math.max(0, 3 * v - 1))), hb = (int) (255 * Math.max(0, 3 * v - 2));
                    img.setRGB(w * scale + scale + x, y, (hr << 16) | (hg << 8) | hb);
                }
            }
            pics.add(img);
        }
        return Gif.write(pics, dir.resolve("attribution_" + o.attribute() + ".gif"), 80, 1);
    }

    /** The reference rule set for ten classes; other class counts alternate food and poison. */
    static double[] effects(ImageDataset images) {
        int k = images.getClassNames().length;
        if (k == 10) return ForagingEnv.Options.REFERENCE_EFFECTS;
        double[] e = new double[k];
        for (int c = 0; c < k; c++) e[c] = c % 2 == 0 ? 10 + 10 * (c / 2) : -5 - 5 * (c / 2);
        return e;
    }

    private static void environment(Ppo<RetinaNet> agent, Recording rec, Path dir, Options o, List<String> files) throws java.io.IOException {
        RetinaNet net = agent.net;
        // conv activations over the first steps, one GIF per layer, channels tiled
        int frames = Math.min(100, rec.steps());
        for (int l = 0; l < net.convs.length; l++) {
            List<BufferedImage> pics = new ArrayList<>();
            float max = 1e-6f;
            float[][] acts = new float[frames][];
            for (int t = 0; t < frames; t++) {
                acts[t] = net.encode(rec.frames()[t]).conv(l);
                for (float v : acts[t]) max = Math.max(max, Math.abs(v));
            }
            for (int t = 0; t < frames; t++) pics.add(channelGrid(acts[t], net.convs[l].outH, net.convs[l].outW, net.convs[l].out, max, 3));
            files.add(Gif.write(pics, dir.resolve("conv" + (l + 1) + "_activations.gif"), 80, 1).getFileName().toString());
        }
        Pca p = Pca.fit(rec.dense(), Math.min(10, rec.dense()[0].length));
        double[] pc1 = new double[rec.steps()], pc2 = new double[rec.steps()];
        for (int t = 0; t < rec.steps(); t++) {
            pc1[t] = p.scores[t][0];
            pc2[t] = p.scores[t].length > 1 ? p.scores[t][1] : 0;
        }
        Display.show(Plots.scatter(pc1, pc2, ScatterOptions.of("dense layer PCA coloured by value", "PC 1", "PC 2").coloured(rec.value(), null)));
        double[] share = new double[p.spectrum.length], x = new double[p.spectrum.length];
        for (int i = 0; i < share.length; i++) {
            share[i] = p.spectrum[i];
            x[i] = i + 1;
        }
        Display.show(Plots.linesWithErrors(x, Map.of("explained", share), Map.of(), LineOptions.of("dense layer scree plot", "component", "fraction of variance")));
        double[] health = new double[rec.steps()], steps = new double[rec.steps()];
        for (int t = 0; t < rec.steps(); t++) {
            health[t] = rec.health()[t] / 100;
            steps[t] = t;
        }
        Map<String, double[]> overTime = new LinkedHashMap<>();
        overTime.put("PC 1", pc1);
        overTime.put("value", rec.value());
        overTime.put("health / 100", health);
        Display.show(Plots.linesWithErrors(steps, overTime, Map.of(), LineOptions.of("PC 1 value and health over time", "step", "")));
        Tsne.Options to = Tsne.Options.DEFAULTS.quiet(o.seed());
        for (var layer : List.of(Map.entry("dense", rec.dense()), Map.entry("GRU", rec.hidden()))) {
            Tsne.Embedding e = Tsne.fit(layer.getValue(), to);
            double[][] pts = e.getPoints();
            double[] ex = new double[pts.length], ey = new double[pts.length];
            for (int i = 0; i < pts.length; i++) {
                ex[i] = pts[i][0];
                ey[i] = pts[i][1];
            }
            Display.show(Plots.scatter(ex, ey, ScatterOptions.of(layer.getKey() + " t-SNE coloured by value", "t-SNE 1", "t-SNE 2").coloured(rec.value(), null)));
        }
        Map<String, int[]> events = new LinkedHashMap<>();
        events.put("food", rec.foodSteps());
        events.put("poison", rec.poisonSteps());
        Raster.draw(rec.dense(), events, true, "dense layer raster");
        int crop = Math.min(500, rec.steps() / 2);
        float[][] gru = java.util.Arrays.copyOfRange(rec.hidden(), crop, rec.steps());
        Map<String, int[]> shifted = new LinkedHashMap<>();
        events.forEach((k, v) -> shifted.put(k, java.util.Arrays.stream(v).filter(s -> s >= crop).map(s -> s - crop).toArray()));
        Raster.draw(gru, shifted, true, "GRU raster first " + crop + " steps cropped");
    }

    private static void dataset(Ppo<RetinaNet> agent, ForagingEnv env, ImageDataset images, Path dir, Options o, List<String> files, Map<String, Object> summary) {
        RetinaNet net = agent.net;
        int n = Math.min(o.maxFrames(), images.size());
        double room = env.options().roomSize();
        env.reset(o.seed());
        float[][] dense = new float[n][];
        // a seeded random subset: dataset files are often sorted by class
        int[] pick = java.util.Arrays.copyOf(probelab.util.Shuffle.permutation(images.size(), new java.util.SplittableRandom(o.seed())), n);
        int[] all = images.getLabels(), labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = all[pick[i]];
        int classes = images.getClassNames().length;
        double[][] actionProb = new double[classes][6];
        int[] count = new int[classes];
        List<BufferedImage> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // the image as a pickup 1.6 units straight ahead in an otherwise empty room
            env.setPose(room / 2 - 1.6, room / 2, 0);
            env.setObjects(List.of(new ForagingEnv.Pickup(room / 2, room / 2, pick[i], labels[i], 0)));
            float[] frame = env.observation();
            if (i < 16) examples.add(env.frame(2));
            RetinaNet.Act a = net.act(new float[][] {frame}, new float[][] {new float[net.hiddenSize()]});
            dense[i] = a.encoded()[0].features;
            float[] out = a.outputs()[0];
            double[] pt = Ppo.softmax(out, 0, 3), pm = Ppo.softmax(out, 3, 3);
            for (int j = 0; j < 3; j++) {
                actionProb[labels[i]][j] += pt[j];
                actionProb[labels[i]][3 + j] += pm[j];
            }
            count[labels[i]]++;
        }
        files.add(Gif.write(examples, dir.resolve("dataset_stimuli.gif"), 400, 1).getFileName().toString());
        Pca p = Pca.fit(dense, Math.min(10, dense[0].length));
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = p.scores[i][0];
            y[i] = p.scores[i].length > 1 ? p.scores[i][1] : 0;
        }
        Display.show(Plots.scatter(x, y, ScatterOptions.of("dataset dense PCA by class", "PC 1", "PC 2").coloured(labels, images.getClassNames())));
        Tsne.Embedding e = Tsne.fit(dense, Tsne.Options.DEFAULTS.quiet(o.seed()));
        double[][] pts = e.getPoints();
        for (int i = 0; i < n; i++) {
            x[i] = pts[i][0];
            y[i] = pts[i][1];
        }
        Display.show(Plots.scatter(x, y, ScatterOptions.of("dataset dense t-SNE by class", "t-SNE 1", "t-SNE 2").coloured(labels, images.getClassNames())));
        Probe.Scores scores = Probe.run(dense, labels, new Probe.Options(0.33, o.seed(), 0.1, 500, classes / 2));
        files.add(scores.write(dir).getFileName().toString());
        files.add("analyze_class_score.json");
        summary.put("probe", scores.toMap());
        List<Map<String, Object>> table = new ArrayList<>();
        double[][] heat = new double[classes][6];
        for (int c = 0; c < classes; c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", images.getClassNames()[c]);
            row.put("images", count[c]);
            String[] names = {"turn none", "turn left", "turn right", "move none", "move forward", "move backward"};
            for (int j = 0; j < 6; j++) {
                heat[c][j] = count[c] == 0 ? 0 : actionProb[c][j] / count[c];
                row.put(names[j], heat[c][j]);
            }
            table.add(row);
        }
        Json.writeFile(dir.resolve("action_probabilities.json"), table);
        files.add("action_probabilities.json");
        Display.show(Plots.heatmap(heat, HeatmapOptions.of("action probabilities per class: turn none left right, move none fwd back", "action", "class")));
        System.out.println(scores);
    }

    /** Channel-last activations [h·w·c] as a grid of grey maps, one per channel, scaled by {@code max}. */
    static BufferedImage channelGrid(float[] act, int h, int w, int c, float max, int scale) {
        int cols = Math.min(c, 8), rows = (c + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * (w + 1) * scale, rows * (h + 1) * scale, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < c; k++) {
            for (int yy = 0; yy < h * scale; yy++) {
                for (int xx = 0; xx < w * scale; xx++) {
                    float v = act[((yy / scale) * w + xx / scale) * c + k];
                    int g = Math.max(0, Math.min(255, (int) (128 + 127 * v / max)));
                    img.setRGB((k % cols) * (w + 1) * scale + xx, (k / cols) * (h + 1) * scale + yy, (g << 16) | (g << 8) | g);
                }
            }
        }
        return img;
    }
}
