package probelab.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import probelab.analysis.Features;
import probelab.analysis.Pca;
import probelab.analysis.Probe;
import probelab.analysis.Quality;
import probelab.analysis.Tsne;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.Plots;
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
            options = Plots.PlotOptions.class)
    public static Figure screePlot(Map<String, ?> opts, Pca p) {
        int k = Math.min(p.spectrum.length, Math.max(p.size(), 20));
        double[] x = new double[k], share = new double[k], cum = new double[k];
        double run = 0;
        for (int i = 0; i < k; i++) {
            x[i] = i + 1;
            share[i] = p.spectrum[i];
            run += share[i];
            cum[i] = run;
        }
        Map<String, Object> o = new LinkedHashMap<>(Map.of("title", "scree plot", "xlabel", "component", "ylabel", "fraction of variance"));
        o.putAll(opts);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("explained", share);
        series.put("cumulative", cum);
        return Display.show(Plots.linesWithErrors(x, series, Map.of(), o));
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
            example = "quality(x, e, labels: ds.labels)", topic = "analysis")
    public static Map<String, Double> quality(Map<String, ?> opts, Object data, Tsne.Embedding e) {
        for (String k : opts.keySet()) {
            if (!k.equals("labels") && !k.equals("k")) throw new IllegalArgumentException("unknown option '" + k + "' for quality; valid options: labels, k");
        }
        int k = opts.containsKey("k") ? ((Number) opts.get("k")).intValue() : 10;
        float[][] x = Features.rows(data, "quality");
        double[][] y = e.getPoints();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("knn_preservation", Quality.knnPreservation(x, y, k));
        m.put("trustworthiness", Quality.trustworthiness(x, y, k));
        if (opts.containsKey("labels")) m.put("knn_accuracy", Quality.knnAccuracy(y, Features.labels(opts.get("labels"), "labels"), k));
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
}
