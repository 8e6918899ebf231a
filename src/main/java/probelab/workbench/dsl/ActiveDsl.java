package probelab.workbench.dsl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import probelab.active.ActiveLearner;
import probelab.active.BayesianCnn;
import probelab.active.Committee;
import probelab.active.Estimator;
import probelab.active.Experiment;
import probelab.active.Labeler;
import probelab.active.SmileLogistic;
import probelab.active.Strategies;
import probelab.active.Strategy;
import probelab.data.ImageDataset;
import probelab.plot.Display;
import probelab.plot.Figure;
import probelab.plot.ImageWindow;
import probelab.plot.LineOptions;
import probelab.util.Console;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Active learning with modAL's names: estimators, query strategies, learners, and a person labelling. */
public final class ActiveDsl {
    private ActiveDsl() {}

    @Doc(value = "multinomial logistic regression (Smile) as an estimator", example = "est = logistic(classes: 10)",
            topic = "active", options = SmileLogistic.Options.class)
    public static Estimator logistic(Map<String, ?> opts) {
        return new SmileLogistic(Options.apply(SmileLogistic.Options.DEFAULTS, opts, "logistic"));
    }

    public static Estimator logistic() {
        return logistic(Map.of());
    }

    @Doc(value = "the BatchBALD paper's CNN (dropout in every block, MC-dropout sampling) as an estimator, shaped for the dataset's images",
            example = "learner = activeLearner(bayesianCnn(mnist(), epochs: 10), batchBaldSampling(), ds.subset(0, 20))",
            topic = "active", options = BayesianCnn.Options.class)
    public static BayesianCnn bayesianCnn(Map<String, ?> opts, ImageDataset like) {
        return BayesianCnn.forImages(like, Options.apply(BayesianCnn.Options.DEFAULTS, opts, "bayesianCnn"));
    }

    public static BayesianCnn bayesianCnn(ImageDataset like) {
        return bayesianCnn(Map.of(), like);
    }

    @Doc(value = "query strategy: uniformly random (the baseline every comparison needs)", example = "randomSampling(seed: 1)",
            topic = "active", options = Strategies.RandomOptions.class)
    public static Strategy randomSampling(Map<String, ?> opts) {
        return Strategies.random(Options.apply(Strategies.RandomOptions.DEFAULTS, opts, "randomSampling").seed());
    }

    public static Strategy randomSampling() {
        return randomSampling(Map.of());
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

    @Doc(value = "query strategy: top-n BALD over MC-dropout passes", example = "baldSampling(passes: 20)", topic = "active",
            options = Strategies.BaldOptions.class)
    public static Strategy baldSampling(Map<String, ?> opts) {
        Strategies.BaldOptions o = Options.apply(Strategies.BaldOptions.DEFAULTS, opts, "baldSampling");
        return Strategies.bald(o.passes(), o.seed());
    }

    public static Strategy baldSampling() {
        return baldSampling(Map.of());
    }

    @Doc(value = "query strategy: BatchBALD, a batch chosen for joint information (Kirsch et al. 2019)",
            example = "batchBaldSampling(passes: 20)", topic = "active", options = Strategies.BatchBaldOptions.class)
    public static Strategy batchBaldSampling(Map<String, ?> opts) {
        Strategies.BatchBaldOptions o = Options.apply(Strategies.BatchBaldOptions.DEFAULTS, opts, "batchBaldSampling");
        return Strategies.batchBald(o.passes(), o.configurations(), o.seed());
    }

    public static Strategy batchBaldSampling() {
        return batchBaldSampling(Map.of());
    }

    @Doc(value = "a committee of estimators (query by committee): its probabilities are the members' mean",
            example = "c = committee([logistic(lambda: 0.1), logistic(lambda: 10)]); activeLearner(c, voteEntropySampling(), ds.subset(0, 20))",
            topic = "active", options = Committee.Options.class)
    public static Committee committee(Map<String, ?> opts, List<Estimator> members) {
        return new Committee(members, Options.apply(Committee.Options.DEFAULTS, opts, "committee").classes());
    }

    public static Committee committee(List<Estimator> members) {
        return committee(Map.of(), members);
    }

    @Doc(value = "committee strategy: entropy of the members' votes", example = "voteEntropySampling()", topic = "active")
    public static Strategy voteEntropySampling() {
        return Committee.voteEntropy();
    }

    @Doc(value = "committee strategy: entropy of the members' mean probabilities", example = "consensusEntropySampling()", topic = "active")
    public static Strategy consensusEntropySampling() {
        return Committee.consensusEntropy();
    }

    @Doc(value = "committee strategy: largest KL divergence of a member from the consensus", example = "maxDisagreementSampling()",
            topic = "active")
    public static Strategy maxDisagreementSampling() {
        return Committee.maxDisagreement();
    }

    @Doc(value = "an active learner: estimator + strategy + the initially labelled images",
            example = "learner = activeLearner(logistic(), marginSampling(), ds.subset(0, 20))", topic = "active")
    public static ActiveLearner activeLearner(Estimator estimator, Strategy strategy, ImageDataset initial) {
        return new ActiveLearner(estimator, strategy, initial.rows(), initial.getLabels());
    }

    @Doc(value = "a person labels the images the learner asks about; answers are saved as given, then taught",
            example = "label(learner, pool, n: 5)", topic = "active", options = Labeler.Options.class)
    public static Map<Integer, Integer> label(Map<String, ?> opts, ActiveLearner learner, ImageDataset pool) {
        Labeler.Options o = Options.apply(Labeler.Options.DEFAULTS, opts, "label");
        Path file = OutputDir.current().resolve(o.file());
        ImageWindow window = new ImageWindow("probelab: which class is this?");
        Map<Integer, Integer> answers = new Labeler(Console::ask, System.out, file, pool.getClassNames()).round(learner, pool, o.n(), index -> {
            System.out.println("image " + index + ":");
            System.out.print(pool.text(index));
            window.show(pool.picture(index, 8));
        });
        System.out.println(answers.size() + " labelled, saved in " + file + "; the learner now has " + learner.labelled());
        return answers;
    }

    public static Map<Integer, Integer> label(ActiveLearner learner, ImageDataset pool) {
        return label(Map.of(), learner, pool);
    }

    @Doc(value = "strategies against random over seeds, with the held-back labels as oracle",
            example = "r = compareStrategies(mnist(), strategies: ['margin'], estimator: 'logistic', maxLabels: 120); plot(r)",
            topic = "active", options = Experiment.CompareOptions.class)
    public static Experiment.Result compareStrategies(Map<String, ?> opts, ImageDataset data) {
        return Experiment.compare(data, Options.apply(Experiment.CompareOptions.DEFAULTS, opts, "compareStrategies"));
    }

    @Doc(value = "test accuracy against labels: mean over seeds with ± sd bars", example = "plotLearningCurves(r)", topic = "active",
            options = LineOptions.class)
    public static Figure plotLearningCurves(Map<String, ?> opts, Experiment.Result r) {
        return Display.show(r.figure(Options.apply(LineOptions.class, () -> r.plotDefaults(), opts, "plotLearningCurves")));
    }

    public static Figure plotLearningCurves(Experiment.Result r) {
        return plotLearningCurves(Map.of(), r);
    }
}
