package probelab.workbench.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.inspect.Activations;
import probelab.inspect.Attribution;
import probelab.data.Features;
import probelab.inspect.ReceptiveFields;
import probelab.data.ImageDataset;
import probelab.nn.Cnn;
import probelab.studies.retina.Lindsey;
import probelab.util.Nd;
import probelab.embed.Pca;
import probelab.inspect.Probe;
import probelab.inspect.Raster;
import probelab.inspect.Rollout;
import probelab.embed.Quality;
import probelab.embed.Tsne;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.LineOptions;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Looking inside: PCA, t-SNE, embedding quality, linear probes. */
public final class AnalysisDsl {
    private AnalysisDsl() {}

    @Doc(value = "principal components of the rows (features, activations, a dataset)",
            example = "p = pca(acts['dense'], 10); screePlot(p)", topic = "analysis")
    public static Pca pca(Object data, int components) {
        return Pca.fit(Features.rows(data, "pca"), components);
    }

    @Doc(value = "scree plot: each component's share of the variance and the running total", example = "screePlot(p)", topic = "analysis",
            options = LineOptions.class)
    public static Figure screePlot(Map<String, ?> opts, Pca p) {
        return Display.show(p.figure(Options.apply(LineOptions.class, () -> p.plotDefaults(), opts, "screePlot")));
    }

    public static Figure screePlot(Pca p) {
        return screePlot(Map.of(), p);
    }

    @Doc(value = "t-SNE embedding (openTSNE defaults; exact below 2,000 points, FFT-interpolated above); Ctrl-C keeps the current one",
            example = "e = tsne(acts['dense'], perplexity: 30); scatter(e, color: labels)", topic = "analysis", options = Tsne.Options.class)
    public static Tsne.Embedding tsne(Map<String, ?> opts, Object data) {
        Tsne.Options o = Options.apply(Tsne.Options.DEFAULTS, opts, "tsne");
        Tsne.Embedding e = Tsne.fit(Features.rows(data, "tsne"), o);
        System.out.println(e);
        return e;
    }

    public static Tsne.Embedding tsne(Object data) {
        return tsne(Map.of(), data);
    }

    /** Options of {@link #quality}. */
    public record QualityOptions(@Doc("class labels, for the k-NN accuracy (optional)") Object labels, @Doc("neighbours k") int k) {
        public static final QualityOptions DEFAULTS = new QualityOptions(null, 10);
    }

    @Doc(value = "embedding quality: 10-NN preservation, trustworthiness and (with labels) 10-NN accuracy",
            example = "quality(x, e, labels: ds.labels)", topic = "analysis", options = QualityOptions.class)
    public static Map<String, Double> quality(Map<String, ?> opts, Object data, Tsne.Embedding e) {
        QualityOptions o = Options.apply(QualityOptions.DEFAULTS, opts, "quality");
        float[][] x = Features.rows(data, "quality");
        double[][] y = e.getPoints();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("knn_preservation", Quality.knnPreservation(x, y, o.k()));
        m.put("trustworthiness", Quality.trustworthiness(x, y, o.k()));
        if (o.labels() != null) m.put("knn_accuracy", Quality.knnAccuracy(y, Features.labels(o.labels(), "labels"), o.k()));
        return m;
    }

    public static Map<String, Double> quality(Object data, Tsne.Embedding e) {
        return quality(Map.of(), data, e);
    }

    @Doc(value = "linear decoding probe: multi-class and binary logistic regression vs permuted labels; writes analyze_class_score.txt",
            example = "probe(acts['dense'], ds.labels)", topic = "analysis", options = Probe.Options.class)
    public static Probe.Scores probe(Map<String, ?> opts, Object features, Object labels) {
        Probe.Options o = Options.apply(Probe.Options.DEFAULTS, opts, "probe");
        Probe.Scores s = Probe.run(Features.rows(features, "probe"), Features.labels(labels, "labels"), o);
        java.nio.file.Path file = s.write(OutputDir.current().path());
        System.out.print(s.text());
        System.out.println("saved " + file);
        return s;
    }

    public static Probe.Scores probe(Object features, Object labels) {
        return probe(Map.of(), features, labels);
    }

    @Doc(value = "train a small CNN (conv1, pool1, conv2, pool2, dense, output) on an image dataset",
            example = "net = cnn(fashionMnist(), epochs: 1)", topic = "analysis", options = Cnn.Options.class)
    public static MultiLayerNetwork cnn(Map<String, ?> opts, ImageDataset ds) {
        Cnn.Options o = Options.apply(Cnn.Options.DEFAULTS, opts, "cnn");
        return Cnn.train(ds, o);
    }

    public static MultiLayerNetwork cnn(ImageDataset ds) {
        return cnn(Map.of(), ds);
    }

    @Doc(value = "fraction of a dataset's images a network classifies correctly", example = "accuracy(net, test)", topic = "analysis")
    public static double accuracy(MultiLayerNetwork net, ImageDataset ds) {
        return Cnn.accuracy(net, ds);
    }

    @Doc(value = "the Lindsey retinal encoder of seed 003 (kernel 7, ELU; bipolar, bottleneck, v1, fc)",
            example = "enc = lindsey(height: 72, width: 128)", topic = "analysis", options = LindseyOptions.class)
    public static MultiLayerNetwork lindsey(Map<String, ?> opts) {
        LindseyOptions o = Options.apply(LindseyOptions.DEFAULTS, opts, "lindsey");
        return Lindsey.encoder(o.height(), o.width(), o.channels(), o.filters(), o.bottleneck(), o.extraLayers(), o.classes(), o.seed());
    }

    /** Options of {@link #lindsey}. */
    public record LindseyOptions(@Doc("input height") int height, @Doc("input width") int width, @Doc("input channels") int channels,
                                 @Doc("filters C of the bipolar and v1 layers") int filters, @Doc("bottleneck width B") int bottleneck,
                                 @Doc("extra C→C layers") int extraLayers, @Doc("classes of a softmax output (0: none)") int classes,
                                 @Doc("seed of the weights") long seed) {
        public static final LindseyOptions DEFAULTS = new LindseyOptions(72, 128, 3, 16, 4, 0, 0, 1);
    }

    /** Options of {@link #activations}. */
    public record ActivationOptions(@Doc("inputs per forward pass") int batch, @Doc("layers to keep (empty: all)") List<?> layers) {
        public static final ActivationOptions DEFAULTS = new ActivationOptions(256, List.of());
    }

    @Doc(value = "every layer's activations for some inputs (a dataset or an array [n, ...]), by layer name",
            example = "acts = activations(net, test); acts['dense']", topic = "analysis", options = ActivationOptions.class)
    public static Activations activations(Map<String, ?> opts, Object net, Object inputs) {
        ActivationOptions o = Options.apply(ActivationOptions.DEFAULTS, opts, "activations");
        Set<String> keep = o.layers().isEmpty() ? null : new LinkedHashSet<>(o.layers().stream().map(String::valueOf).toList());
        INDArray x = inputs instanceof ImageDataset ds ? ds.images() : inputs instanceof INDArray a ? a
                : Nd.matrix(Features.rows(inputs, "activations"));
        Activations a;
        if (net instanceof MultiLayerNetwork m) a = Activations.of(m, x, o.batch(), keep);
        else if (net instanceof ComputationGraph g) a = Activations.of(g, x, o.batch(), keep);
        else throw new IllegalArgumentException("activations: expected a DL4J MultiLayerNetwork or ComputationGraph, got "
                    + (net == null ? "null" : net.getClass().getSimpleName()));
        System.out.println(a);
        return a;
    }

    public static Activations activations(Object net, Object inputs) {
        return activations(Map.of(), net, inputs);
    }

    @Doc(value = "receptive fields by spike-triggered average of white noise through the first k conv layers",
            example = "rf = receptiveFields(net, layer: 1, samples: 25000); rf.plot()", topic = "analysis", options = ReceptiveFields.Options.class)
    public static ReceptiveFields receptiveFields(Map<String, ?> opts, MultiLayerNetwork net) {
        ReceptiveFields.Options o = Options.apply(ReceptiveFields.Options.DEFAULTS, opts, "receptiveFields");
        ReceptiveFields rf = ReceptiveFields.compute(net, o);
        rf.toCsv(OutputDir.current().path().resolve("receptive-fields-layer" + o.layer() + ".csv"));
        return rf;
    }

    public static ReceptiveFields receptiveFields(MultiLayerNetwork net) {
        return receptiveFields(Map.of(), net);
    }

    @Doc(value = "input attribution of one output unit: saliency, guidedBackprop or integratedGradients (Captum's meanings)",
            example = "attribution(net, image, target: 3, method: 'guidedBackprop').plot()", topic = "analysis", options = Attribution.Options.class)
    public static Attribution.Result attribution(Map<String, ?> opts, MultiLayerNetwork net, Object image) {
        Attribution.Options o = Options.apply(Attribution.Options.DEFAULTS, opts, "attribution");
        return Attribution.attribute(net, example(net, image), o);
    }

    public static Attribution.Result attribution(MultiLayerNetwork net, Object image) {
        return attribution(Map.of(), net, image);
    }

    @Doc(value = "attribution of every frame ([t, c, h, w]) as one GIF", example = "attributionGif(net, frames, target: 5, method: 'guidedBackprop')",
            topic = "analysis", options = Attribution.Options.class)
    public static java.nio.file.Path attributionGif(Map<String, ?> opts, MultiLayerNetwork net, INDArray frames) {
        Attribution.Options o = Options.apply(Attribution.Options.DEFAULTS, opts, "attributionGif");
        return Attribution.gif(net, frames, o, 100);
    }

    /** One example: an INDArray as given, or one dataset image (shaped as the dataset's images). */
    private static INDArray example(MultiLayerNetwork net, Object image) {
        if (image instanceof INDArray a) return a;
        if (image instanceof float[] f) {
            // Pixels of a square image: shape them for a convolutional first layer.
            if (net.getLayer(0).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c
                    && net.getLayerWiseConfigurations().getInputPreProcess(0) == null) {
                int ch = (int) c.getNIn(), side = (int) Math.round(Math.sqrt(f.length / (double) ch));
                if (ch * side * side != f.length) {
                    throw new IllegalArgumentException("attribution: " + f.length + " pixels are not a square image of " + ch + " channels; pass an INDArray [1, c, h, w]");
                }
                return Nd4j.createFromArray(f).reshape(1, ch, side, side);
            }
            return Nd4j.createFromArray(f).reshape(1, f.length);
        }
        throw new IllegalArgumentException("attribution: expected an image as an INDArray ([c, h, w] or [1, c, h, w]) or float[], got "
                + (image == null ? "null" : image.getClass().getSimpleName()));
    }

    /** Options of {@link #raster}. */
    public record RasterOptions(@Doc("time steps to mark: a list, or [name: list, …] for several kinds") Object events,
                                @Doc("sort the units by a 1-D t-SNE of their time courses") boolean sort,
                                @Doc("title above the raster") String title) {
        public static final RasterOptions DEFAULTS = new RasterOptions(null, true, "raster");
    }

    @Doc(value = "raster of units × time (rows of data are time steps): z-scored, ±4 colour limits, sorted by 1-D t-SNE, event lines",
            example = "raster(acts['fc'], events: [food: foodSteps, poison: poisonSteps])", topic = "analysis", options = RasterOptions.class)
    public static Raster.Result raster(Map<String, ?> opts, Object data) {
        RasterOptions o = Options.apply(RasterOptions.DEFAULTS, opts, "raster");
        Map<String, int[]> events = new java.util.LinkedHashMap<>();
        if (o.events() instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) events.put(String.valueOf(e.getKey()), Features.labels(e.getValue(), "events"));
        } else if (o.events() != null) {
            events.put("event", Features.labels(o.events(), "events"));
        }
        return Raster.draw(Features.rows(data, "raster"), events, o.sort(), o.title());
    }

    public static Raster.Result raster(Object data) {
        return raster(Map.of(), data);
    }

    /** Options of {@link #recordRollout}. */
    public record RolloutOptions(@Doc("steps to play (episodes restart as they end)") int steps, @Doc("seed of the first reset") long seed) {
        public static final RolloutOptions DEFAULTS = new RolloutOptions(1000, 0);
    }

    @Doc(value = "play an agent greedily and record every layer at every step, with action, reward, value and win/loss steps",
            example = "r = recordRollout(agent, env, steps: 1000); raster(r.activations['hidden1'], events: r.events)",
            topic = "analysis", options = RolloutOptions.class)
    public static Rollout recordRollout(Map<String, ?> opts, probelab.rl.Dqn agent, probelab.env.Env<Integer> env) {
        RolloutOptions o = Options.apply(RolloutOptions.DEFAULTS, opts, "recordRollout");
        Rollout r = Rollout.record(agent, env, o.steps(), o.seed());
        System.out.println(r);
        return r;
    }

    public static Rollout recordRollout(probelab.rl.Dqn agent, probelab.env.Env<Integer> env) {
        return recordRollout(Map.of(), agent, env);
    }

    /** Options of {@link #logisticModel}. */
    public record LogisticOptions(@Doc("L2 penalty on all parameters") double lambda) {
        public static final LogisticOptions DEFAULTS = new LogisticOptions(0.01);
    }

    @Doc(value = "binary logistic regression (L2 penalty lambda) fitted tightly, for influence functions",
            example = "m = logisticModel(x, y, lambda: 0.01)", topic = "analysis", options = LogisticOptions.class)
    public static probelab.influence.Influence.Logistic logisticModel(Map<String, ?> opts, Object features, Object labels) {
        LogisticOptions o = Options.apply(LogisticOptions.DEFAULTS, opts, "logisticModel");
        return probelab.influence.Influence.Logistic.fit(Features.rows(features, "logisticModel"), Features.labels(labels, "labels"), o.lambda());
    }

    public static probelab.influence.Influence.Logistic logisticModel(Object features, Object labels) {
        return logisticModel(Map.of(), features, labels);
    }

    @Doc(value = "a DL4J classifier and its training images as a model for influence() (Hessian-vector products by differences of gradients)",
            example = "m = influenceModel(net, train, damping: 0.01, hvpBatch: 1000)", topic = "analysis",
            options = probelab.influence.NetworkInfluence.Options.class)
    public static probelab.influence.NetworkInfluence.Model influenceModel(Map<String, ?> opts, MultiLayerNetwork net, ImageDataset train) {
        probelab.influence.NetworkInfluence.Options o = Options.apply(probelab.influence.NetworkInfluence.Options.DEFAULTS, opts, "influenceModel");
        return probelab.influence.NetworkInfluence.of(net, train.images(), train.getLabels(), o);
    }

    public static probelab.influence.NetworkInfluence.Model influenceModel(MultiLayerNetwork net, ImageDataset train) {
        return influenceModel(Map.of(), net, train);
    }

    @Doc(value = "Koh & Liang influence: each training point's predicted effect on the test loss if removed (cg or lissa)",
            example = "inf = influence(m, test.image(0), test.labels[0]); inf.top(10)", topic = "analysis",
            options = probelab.influence.Influence.Options.class)
    public static probelab.influence.Influence.Result influence(Map<String, ?> opts, probelab.influence.Influence.Model m, Object xTest, int yTest) {
        probelab.influence.Influence.Options o = Options.apply(probelab.influence.Influence.Options.DEFAULTS, opts, "influence");
        float[][] x = Features.rows(xTest instanceof float[] f ? new float[][] {f} : xTest instanceof INDArray a && a.rank() != 2 ? a.reshape(1, a.length()) : xTest, "influence test input");
        if (x.length != 1) throw new IllegalArgumentException("influence: expected one test input, got " + x.length + " rows");
        return new probelab.influence.Influence.Result(probelab.influence.Influence.removalEffect(m, x[0], yTest, o, m instanceof probelab.influence.NetworkInfluence.Model));
    }

    public static probelab.influence.Influence.Result influence(probelab.influence.Influence.Model m, Object xTest, int yTest) {
        return influence(Map.of(), m, xTest, yTest);
    }

    @Doc(value = "self-influence of every training point (high: likely mislabelled)", example = "s = selfInfluence(m)", topic = "analysis")
    public static probelab.influence.Influence.Result selfInfluence(probelab.influence.Influence.Logistic m) {
        return new probelab.influence.Influence.Result(probelab.influence.Influence.selfInfluence(m));
    }

    @Doc(value = "influence maps of an image classifier at a probe input (seed 000): one map per class, H⁻¹ = I",
            example = "influenceMap(net, ones(1, 1, 28, 28)).plot(classes)", topic = "analysis")
    public static probelab.influence.InfluenceMap influenceMap(MultiLayerNetwork net, INDArray probe) {
        return probelab.influence.InfluenceMap.compute(net, probe, 1e-3, 1e-3);
    }

    @Doc(value = "the seed's analyze for a retinal agent: receptive fields, rollout GIF, environment activity (PCA, t-SNE, rasters) and/or dataset responses (probe, action probabilities) into out()/analysis",
            example = "analyze(agent, mnist(), acts: 'both', maxFrames: 1000)", topic = "analysis", options = probelab.studies.retina.RetinaAnalysis.Options.class)
    public static Map<String, Object> analyze(Map<String, ?> opts, probelab.rl.Ppo<probelab.studies.retina.RetinaNet> agent, ImageDataset images) throws java.io.IOException {
        probelab.studies.retina.RetinaAnalysis.Options o = Options.apply(probelab.studies.retina.RetinaAnalysis.Options.DEFAULTS, opts, "analyze");
        java.nio.file.Path dir = OutputDir.current().path().resolve("analysis");
        Map<String, Object> summary = probelab.studies.retina.RetinaAnalysis.run(agent, images, dir, o);
        System.out.println("analysis of " + agent.frames() + " trained frames in " + dir);
        return summary;
    }

    public static Map<String, Object> analyze(probelab.rl.Ppo<probelab.studies.retina.RetinaNet> agent, ImageDataset images) throws java.io.IOException {
        return analyze(Map.of(), agent, images);
    }
}
