package probelab.dsl;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import probelab.active.ActiveLearner;
import probelab.active.Committee;
import probelab.active.Estimator;
import probelab.active.Labeler;
import probelab.active.Query;
import probelab.active.SmileLogistic;
import probelab.active.Strategies;
import probelab.active.Strategy;
import probelab.data.ImageDataset;
import probelab.util.Console;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Active learning with modAL's names: estimators, query strategies, learners, and a person labelling. */
public final class ActiveDsl {
    private ActiveDsl() {}

    /** Options of {@link #logistic}. */
    public record LogisticOptions(@Doc("number of classes") int classes, @Doc("L2 penalty") double lambda) {
        public static final LogisticOptions DEFAULTS = new LogisticOptions(10, 1.0);
    }

    @Doc(value = "multinomial logistic regression (Smile) as an estimator", example = "est = logistic(classes: 10)",
            topic = "active", options = LogisticOptions.class)
    public static Estimator logistic(Map<String, ?> opts) {
        LogisticOptions o = Options.apply(LogisticOptions.DEFAULTS, opts, "logistic");
        return new SmileLogistic(o.classes(), o.lambda());
    }

    public static Estimator logistic() {
        return logistic(Map.of());
    }

    @Doc(value = "the BatchBALD paper's CNN (dropout in every block, MC-dropout sampling) as an estimator, shaped for the dataset's images",
            example = "learner = activeLearner(bayesianCnn(mnist(), epochs: 10), batchBaldSampling(), ds.subset(0, 20))",
            topic = "active", options = probelab.active.BayesianCnn.Options.class)
    public static probelab.active.BayesianCnn bayesianCnn(Map<String, ?> opts, ImageDataset like) {
        probelab.active.BayesianCnn.Options o = Options.apply(probelab.active.BayesianCnn.Options.DEFAULTS, opts, "bayesianCnn");
        if (like.getChannels() != 1) throw new IllegalArgumentException("bayesianCnn takes one-channel images (as the paper's MNIST), got " + like.getChannels() + " channels");
        return new probelab.active.BayesianCnn(like.getHeight(), like.getWidth(), like.getClassNames().length, o);
    }

    public static probelab.active.BayesianCnn bayesianCnn(ImageDataset like) {
        return bayesianCnn(Map.of(), like);
    }

    @Doc(value = "query strategy: uniformly random (the baseline every comparison needs)", example = "randomSampling(seed: 1)", topic = "active")
    public static Strategy randomSampling(Map<String, ?> opts) {
        Object seed = opts.get("seed");
        for (String k : opts.keySet()) if (!k.equals("seed")) throw new IllegalArgumentException("unknown option '" + k + "' for randomSampling; valid options: seed (integer)");
        return Strategies.random(seed instanceof Number n ? n.longValue() : 1);
    }

    public static Strategy randomSampling() {
        return Strategies.random(1);
    }

    @Doc(value = "query strategy: least confident, 1 − max p", example = "uncertaintySampling()", topic = "active")
    public static Strategy uncertaintySampling() {
        return Strategies.leastConfident();
    }

    @Doc(value = "query strategy: smallest margin between the two most likely classes", example = "marginSampling()", topic = "active")
    public static Strategy marginSampling() {
        return Strategies.margin();
    }

    @Doc(value = "query strategy: largest predictive entropy", example = "entropySampling()", topic = "active")
    public static Strategy entropySampling() {
        return Strategies.entropy();
    }

    /** Options of the MC-dropout strategies. */
    public record McOptions(@Doc("stochastic forward passes") int passes,
                            @Doc("BatchBALD: most joint label configurations (exact below, sampled above)") int configurations,
                            @Doc("seed of the passes and samples") long seed) {
        public static final McOptions DEFAULTS = new McOptions(20, 1000, 1);
    }

    @Doc(value = "query strategy: top-n BALD over MC-dropout passes", example = "baldSampling(passes: 20)", topic = "active",
            options = McOptions.class)
    public static Strategy baldSampling(Map<String, ?> opts) {
        McOptions o = Options.apply(McOptions.DEFAULTS, opts, "baldSampling");
        return Strategies.bald(o.passes(), o.seed());
    }

    @Doc(value = "query strategy: BatchBALD, a batch chosen for joint information (Kirsch et al. 2019)",
            example = "batchBaldSampling(passes: 20)", topic = "active", options = McOptions.class)
    public static Strategy batchBaldSampling(Map<String, ?> opts) {
        McOptions o = Options.apply(McOptions.DEFAULTS, opts, "batchBaldSampling");
        return Strategies.batchBald(o.passes(), o.configurations(), o.seed());
    }

    @Doc(value = "committee strategies: vote entropy, consensus entropy, max disagreement",
            example = "c = committee([logistic(lambda: 0.1), logistic(lambda: 10)]); voteEntropySampling()", topic = "active")
    public static Committee committee(Map<String, ?> opts, List<Estimator> members) {
        return new Committee(members, Options.apply(LogisticOptions.DEFAULTS, opts, "committee").classes());
    }

    public static Committee committee(List<Estimator> members) {
        return committee(Map.of(), members);
    }

    public static Strategy voteEntropySampling() {
        return Committee.voteEntropy();
    }

    public static Strategy consensusEntropySampling() {
        return Committee.consensusEntropy();
    }

    public static Strategy maxDisagreementSampling() {
        return Committee.maxDisagreement();
    }

    @Doc(value = "an active learner: estimator + strategy + the initially labelled images",
            example = "learner = activeLearner(logistic(), marginSampling(), ds.subset(0, 20))", topic = "active")
    public static ActiveLearner activeLearner(Estimator estimator, Strategy strategy, ImageDataset initial) {
        return new ActiveLearner(estimator, strategy, initial.rows(), initial.getLabels());
    }

    /** Options of {@link #label}. */
    public record LabelOptions(@Doc("images to ask about") int n,
                               @Doc("labels file (a relative path lands in the output folder)") String file) {
        public static final LabelOptions DEFAULTS = new LabelOptions(5, "labels.csv");
    }

    @Doc(value = "a person labels the images the learner asks about; answers are saved as given, then taught",
            example = "label(learner, pool, n: 5)", topic = "active", options = LabelOptions.class)
    public static Map<Integer, Integer> label(Map<String, ?> opts, ActiveLearner learner, ImageDataset pool) {
        LabelOptions o = Options.apply(LabelOptions.DEFAULTS, opts, "label");
        Path file = OutputDir.current().resolve(o.file());
        Labeler labeler = new Labeler(Console::ask, System.out, file, pool.getClassNames());
        // ask only about images not answered before (in this labels file)
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) if (!labeler.isLabelled(i)) open.add(i);
        if (open.isEmpty()) throw new IllegalStateException("every image of the pool is labelled in " + file);
        int[] openIdx = open.stream().mapToInt(Integer::intValue).toArray();
        Query q = learner.query(pool.subset(openIdx).rows(), o.n());
        int[] ask = new int[q.indices().length];
        for (int i = 0; i < ask.length; i++) ask[i] = openIdx[q.indices()[i]];
        Map<Integer, Integer> answers = labeler.ask(ask, index -> show(pool, index));
        if (!answers.isEmpty()) {
            float[][] x = new float[answers.size()][];
            int[] y = new int[answers.size()];
            int k = 0;
            for (Map.Entry<Integer, Integer> e : answers.entrySet()) {
                x[k] = pool.image(e.getKey());
                y[k++] = e.getValue();
            }
            learner.teach(x, y);
        }
        System.out.println(answers.size() + " labelled, saved in " + file + "; the learner now has " + learner.labelled());
        return answers;
    }

    public static Map<Integer, Integer> label(ActiveLearner learner, ImageDataset pool) {
        return label(Map.of(), learner, pool);
    }

    /** Options of {@link #compareStrategies}. */
    public record CompareOptions(
            @Doc("strategies besides random: uncertainty, margin, entropy, bald, batchbald") java.util.List<String> strategies,
            @Doc("estimator: logistic, cnn (the seed notebook's CNN, dropout before its last layer) or bayesian (the BatchBALD paper's CNN, dropout in every block)") String estimator,
            @Doc("initial labels per class") int initialPerClass,
            @Doc("labels acquired per round") int perRound,
            @Doc("stop at this many labels") int maxLabels,
            @Doc("seeds (shuffles and initialisations)") int seeds,
            @Doc("held-out test images") int testSize,
            @Doc("CNN epochs per refit") int epochs,
            @Doc("CNN gradient steps per refit at least (small labelled sets)") int minSteps,
            @Doc("MC-dropout passes for bald and batchbald") int passes,
            @Doc("show a progress bar") boolean progress) {
        public static final CompareOptions DEFAULTS = new CompareOptions(java.util.List.of("entropy", "bald", "batchbald"), "cnn",
                2, 10, 300, 3, 1000, 10, 300, 20, true);
    }

    @Doc(value = "strategies against random over seeds, with the held-back labels as oracle",
            example = "r = compareStrategies(mnist(), strategies: ['margin'], estimator: 'logistic', maxLabels: 120); plot(r)",
            topic = "active", options = CompareOptions.class)
    public static probelab.active.Experiment.Result compareStrategies(Map<String, ?> opts, ImageDataset data) {
        CompareOptions o = Options.apply(CompareOptions.DEFAULTS, opts, "compareStrategies");
        Map<String, java.util.function.LongFunction<Strategy>> strategies = new java.util.LinkedHashMap<>();
        for (String name : o.strategies()) {
            java.util.function.LongFunction<Strategy> f = switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "random" -> Strategies::random;
                case "uncertainty", "leastconfident" -> seed -> Strategies.leastConfident();
                case "margin" -> seed -> Strategies.margin();
                case "entropy" -> seed -> Strategies.entropy();
                case "bald" -> seed -> Strategies.bald(o.passes(), seed);
                case "batchbald" -> seed -> Strategies.batchBald(o.passes(), 1000, seed);
                default -> throw new IllegalArgumentException("unknown strategy '" + name
                        + "'; valid: random, uncertainty, margin, entropy, bald, batchbald");
            };
            strategies.put(name, f);
        }
        int classes = data.getClassNames().length;
        java.util.function.LongFunction<Estimator> est = switch (o.estimator()) {
            case "logistic" -> seed -> new SmileLogistic(classes, 1.0);
            case "cnn" -> seed -> new probelab.active.SeedCnn(data.getHeight(), data.getWidth(), classes, o.epochs(), 32,
                    o.minSteps(), seed);
            case "bayesian" -> seed -> bayesianCnn(Map.of("epochs", o.epochs(), "minSteps", o.minSteps(), "seed", seed), data);
            default -> throw new IllegalArgumentException("estimator must be logistic, cnn or bayesian, got '" + o.estimator() + "'");
        };
        return probelab.active.Experiment.run(data, strategies, est,
                new probelab.active.Experiment.Setup(o.initialPerClass(), o.perRound(), o.maxLabels(), o.seeds(), o.testSize()),
                o.progress());
    }

    @Doc(value = "test accuracy against labels: mean over seeds with ± sd bars", example = "plotLearningCurves(r)", topic = "active")
    public static probelab.plot.Figure plotLearningCurves(probelab.active.Experiment.Result r) {
        Map<String, double[]> means = new java.util.LinkedHashMap<>(), sds = new java.util.LinkedHashMap<>();
        for (String s : r.accuracy.keySet()) {
            means.put(s, r.mean(s));
            sds.put(s, r.std(s));
        }
        double[] x = java.util.Arrays.stream(r.labels).asDoubleStream().toArray();
        return probelab.plot.Display.show(probelab.plot.Plots.linesWithErrors(x, means, sds,
                Map.of("title", "accuracy vs labels", "xlabel", "labels", "ylabel", "test accuracy")));
    }

    private static javax.swing.JFrame window;
    private static javax.swing.JLabel picture;

    /** The image in the terminal always, and in a window when there is a display. */
    private static void show(ImageDataset pool, int index) {
        System.out.println("image " + index + ":");
        System.out.print(pool.text(index));
        if (GraphicsEnvironment.isHeadless() || OutputDir.current().isScript()) return;
        javax.swing.SwingUtilities.invokeLater(() -> {
            if (window == null) {
                window = new javax.swing.JFrame("probelab: which class is this?");
                picture = new javax.swing.JLabel();
                window.add(picture);
                window.setDefaultCloseOperation(javax.swing.WindowConstants.HIDE_ON_CLOSE);
            }
            picture.setIcon(new javax.swing.ImageIcon(pool.picture(index, 8)));
            window.pack();
            window.setVisible(true);
        });
    }
}
