package probelab.workbench.dsl;

import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import probelab.data.Features;
import probelab.data.ImageDataset;
import probelab.embed.Pca;
import probelab.embed.Quality;
import probelab.embed.Tsne;
import probelab.inspect.Activations;
import probelab.inspect.Attribution;
import probelab.inspect.Probe;
import probelab.inspect.Raster;
import probelab.inspect.ReceptiveFields;
import probelab.inspect.Rollout;
import probelab.nn.Cnn;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.LineOptions;
import probelab.studies.retina.Lindsey;
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

    @Doc(value = "embedding quality: 10-NN preservation, trustworthiness and (with labels) 10-NN accuracy",
            example = "quality(x, e, labels: ds.labels)", topic = "analysis", options = Quality.Options.class)
    public static Map<String, Double> quality(Map<String, ?> opts, Object data, Tsne.Embedding e) {
        Quality.Options o = Options.apply(Quality.Options.DEFAULTS, opts, "quality");
        return Quality.measure(Features.rows(data, "quality"), e.getPoints(), o);
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
            example = "enc = lindsey(height: 72, width: 128)", topic = "analysis", options = Lindsey.Options.class)
    public static MultiLayerNetwork lindsey(Map<String, ?> opts) {
        return Lindsey.encoder(Options.apply(Lindsey.Options.DEFAULTS, opts, "lindsey"));
    }

    @Doc(value = "an ONNX model (torch.onnx.export and others) run by ONNX Runtime: layers(), predict(x), and activations(m, x) of any tensor",
            example = "m = onnx('encoder.onnx'); m.layers(); acts = activations(m, images, layers: ['conv2', 'fc1'])", topic = "analysis")
    public static probelab.onnx.OnnxModel onnx(String path) {
        probelab.onnx.OnnxModel m = probelab.onnx.OnnxModel.load(OutputDir.current().resolveExisting(path));
        System.out.println(m);
        return m;
    }

    @Doc(value = "every layer's activations for some inputs (a dataset or an array [n, ...]), by layer name; DL4J networks and ONNX models",
            example = "acts = activations(net, test); acts['dense']", topic = "analysis", options = Activations.Options.class)
    public static Activations activations(Map<String, ?> opts, Object net, Object inputs) {
        Activations a = Activations.of(net, inputs, Options.apply(Activations.Options.DEFAULTS, opts, "activations"));
        System.out.println(a);
        return a;
    }

    public static Activations activations(Object net, Object inputs) {
        return activations(Map.of(), net, inputs);
    }

    @Doc(value = "receptive fields by spike-triggered average of white noise through the first k conv layers (DL4J, ONNX, Bayesian CNN, RetinaNet; an MLP's hidden units)",
            example = "rf = receptiveFields(net, layer: 1, samples: 25000); rf.plot()", topic = "analysis", options = ReceptiveFields.Options.class)
    public static ReceptiveFields receptiveFields(Map<String, ?> opts, Object net) {
        ReceptiveFields.Options o = Options.apply(ReceptiveFields.Options.DEFAULTS, opts, "receptiveFields");
        ReceptiveFields rf = ReceptiveFields.compute(probelab.inspect.NetworkView.of(net), o);
        rf.toCsv(OutputDir.current().path().resolve("receptive-fields-layer" + o.layer() + ".csv"));
        return rf;
    }

    public static ReceptiveFields receptiveFields(Object net) {
        return receptiveFields(Map.of(), net);
    }

    @Doc(value = "input attribution of one output unit: saliency, guidedBackprop or integratedGradients (Captum's meanings); DL4J networks, Mlp, Bayesian CNN, RetinaNet",
            example = "attribution(net, image, target: 3, method: 'guidedBackprop').plot()", topic = "analysis", options = Attribution.Options.class)
    public static Attribution.Result attribution(Map<String, ?> opts, Object net, Object image) {
        Attribution.Options o = Options.apply(Attribution.Options.DEFAULTS, opts, "attribution");
        return Attribution.attribute(probelab.inspect.NetworkView.of(net), image, o);
    }

    public static Attribution.Result attribution(Object net, Object image) {
        return attribution(Map.of(), net, image);
    }

    @Doc(value = "attribution of every frame ([t, c, h, w]) as one GIF", example = "attributionGif(net, frames, target: 5, method: 'guidedBackprop')",
            topic = "analysis", options = Attribution.Options.class)
    public static java.nio.file.Path attributionGif(Map<String, ?> opts, MultiLayerNetwork net, INDArray frames) {
        Attribution.Options o = Options.apply(Attribution.Options.DEFAULTS, opts, "attributionGif");
        return Attribution.gif(net, frames, o, 100);
    }

    @Doc(value = "raster of units × time (rows of data are time steps): z-scored, ±4 colour limits, sorted by 1-D t-SNE, event lines",
            example = "raster(acts['fc'], events: [food: foodSteps, poison: poisonSteps])", topic = "analysis", options = Raster.Options.class)
    public static Raster.Result raster(Map<String, ?> opts, Object data) {
        return Raster.draw(data, Options.apply(Raster.Options.DEFAULTS, opts, "raster"));
    }

    public static Raster.Result raster(Object data) {
        return raster(Map.of(), data);
    }

    @Doc(value = "play an agent greedily and record every layer at every step, with action, reward, value and win/loss steps",
            example = "r = recordRollout(agent, env, steps: 1000); raster(r.activations['hidden1'], events: r.events)",
            topic = "analysis", options = Rollout.Options.class)
    public static Rollout recordRollout(Map<String, ?> opts, probelab.rl.Dqn agent, probelab.env.Env<Integer> env) {
        Rollout r = Rollout.record(agent, env, Options.apply(Rollout.Options.DEFAULTS, opts, "recordRollout"));
        System.out.println(r);
        return r;
    }

    public static Rollout recordRollout(probelab.rl.Dqn agent, probelab.env.Env<Integer> env) {
        return recordRollout(Map.of(), agent, env);
    }

    @Doc(value = "binary logistic regression (L2 penalty lambda) fitted tightly, for influence functions",
            example = "m = logisticModel(x, y, lambda: 0.01)", topic = "analysis", options = probelab.influence.Influence.Logistic.Options.class)
    public static probelab.influence.Influence.Logistic logisticModel(Map<String, ?> opts, Object features, Object labels) {
        probelab.influence.Influence.Logistic.Options o = Options.apply(probelab.influence.Influence.Logistic.Options.DEFAULTS, opts, "logisticModel");
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
