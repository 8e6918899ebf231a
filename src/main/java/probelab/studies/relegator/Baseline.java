package probelab.studies.relegator;

import java.util.Locale;
import probelab.nn.Activation;
import probelab.nn.Mlp;
import probelab.util.Check;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * The relegator's baselines, with the same hidden layers, data, optimiser and early stop:
 * a sigmoid network whose threshold is scanned over 101 values to maximise σ (on the
 * held-out split, weighted to the target signal fraction), and a two-class softmax network
 * that passes events by argmax.
 */
public final class Baseline implements EventClassifier {
    public enum Kind { SIGMOID, SOFTMAX }

    /** Hyperparameters (the relegator's, less its σ term). */
    public record Options(
            @Doc("sigmoid (threshold scanned) or softmax (argmax)") Kind kind,
            @Doc("hidden layer sizes (ReLU)") int[] hidden,
            @Doc("Adam learning rate") double lr,
            @Doc("most epochs") int epochs,
            @Doc("input dropout rate") double dropout,
            @Doc("signal fraction the threshold scan weights for") double sigFraction,
            @Doc("early stop: epochs in the test-loss slope fit (0: off)") int earlyStopDepth,
            @Doc("share of the data held out as the test split") double testFraction,
            @Doc("centre of the mass peak") double peak,
            @Doc("width of the mass peak (the σ window is nSigmas widths either side)") double peakWidth,
            @Doc("seed of weights, split and dropout") long seed,
            @Doc("show a progress bar") boolean progress,
            @Doc("a NaN or infinite loss or gradient: stop with an error naming the epoch (the weights the last finite ones) or warn (skip such epochs)") String onNonFinite) {
        public static final Options DEFAULTS = new Options(Kind.SIGMOID, new int[] {40, 40, 20}, 5e-4, 1000, 0.05, 0.01,
                20, 0.25, MoonsMass.PEAK, MoonsMass.PEAK_WIDTH, 1, true, "stop");

        public Options {
            hidden = Check.layerSizes("hidden", hidden);
            Check.openUnit("sigFraction", sigFraction);
            Check.openUnit("testFraction", testFraction);
            Check.rate("dropout", dropout);
            Check.atLeast("epochs", epochs, 1);
            Check.positive("lr", lr);
            Check.atLeast("earlyStopDepth", earlyStopDepth, 0);
            Check.finite("peak", peak);
            Check.positive("peakWidth", peakWidth);
            probelab.optim.Optimizer.OnNonFinite.of(onNonFinite);
        }

        /** The relegator's settings that a baseline shares: same network, optimiser, data split and peak. */
        public static Options like(Relegator.Options r, Kind kind, double sigFraction, long seed) {
            return new Options(kind, r.hidden(), r.lr(), r.epochs(), r.dropout(), sigFraction, r.earlyStopDepth(),
                    r.testFraction(), r.peak(), r.peakWidth(), seed, r.progress(), r.onNonFinite());
        }
    }

    private final Options o;
    private Mlp net;
    private double threshold = 0.5;
    private FitHistory history;

    public Baseline(Options options) {
        this.o = options;
    }

    private String name() {
        return o.kind() == Kind.SIGMOID ? "sigmoid (scanned threshold)" : "softmax (argmax)";
    }

    public FitHistory fit(Events data) {
        net = new Mlp(Mlp.sizes(data.x()[0].length, o.hidden(), o.kind() == Kind.SIGMOID ? 1 : 2), Activation.RELU,
                o.kind() == Kind.SIGMOID ? Activation.SIGMOID : Activation.SOFTMAX, o.seed());
        Events[] split = data.split(o.testFraction(), o.seed() + 1);
        Events train = split[0], test = split[1];
        FitHistory h = new FitHistory(name(), o.epochs());
        FullBatch.Loss trainLoss = (out, n, grad, training, epoch) -> {
            double l = crossEntropy(out, n, train.label(), grad);
            h.trainLoss[epoch] = l;
            h.trainAccuracy[epoch] = accuracy(out, train.label());
            return l;
        };
        FullBatch.Loss testLoss = (out, n, grad, training, epoch) -> {
            double l = crossEntropy(out, n, test.label(), null);
            h.testLoss[epoch] = l;
            h.testAccuracy[epoch] = accuracy(out, test.label());
            return l;
        };
        Progress bar = new Progress(o.kind().name().toLowerCase(Locale.ROOT), o.epochs(), o.progress());
        long start = System.nanoTime();
        int epochs = FullBatch.train(net, e -> train.x(), test.x(), trainLoss, testLoss, o.lr(), o.epochs(), o.dropout(),
                o.earlyStopDepth(), o.seed() + 3, probelab.optim.Optimizer.OnNonFinite.of(o.onNonFinite()), bar, e -> new Object[] {"acc", h.testAccuracy[e]});
        boolean interrupted = Thread.currentThread().isInterrupted();
        h.finish(epochs, (System.nanoTime() - start) / 1e9, interrupted);
        bar.finish(epochs, interrupted ? "interrupted" : "done");
        threshold = o.kind() == Kind.SIGMOID ? window().bestThreshold(test, signalScores(test.x()), o.sigFraction()) : 0.5;
        history = h;
        return h;
    }

    /** Mean cross-entropy; for the sigmoid, binary CE on p(signal). */
    private double crossEntropy(float[][] out, int n, int[] label, float[][] grad) {
        double l = 0;
        for (int i = 0; i < n; i++) {
            if (o.kind() == Kind.SIGMOID) {
                double p = Math.min(1 - 1e-7, Math.max(1e-7, out[i][0]));
                l += label[i] == 1 ? -Math.log(p) : -Math.log(1 - p);
                if (grad != null) grad[i][0] = (float) ((label[i] == 1 ? -1 / p : 1 / (1 - p)) / n);
            } else {
                double p = Math.max(1e-7, out[i][label[i]]);
                l += -Math.log(p);
                if (grad != null) {
                    grad[i][0] = grad[i][1] = 0;
                    grad[i][label[i]] = (float) (-1 / p / n);
                }
            }
        }
        return l / n;
    }

    private double accuracy(float[][] out, int[] label) {
        int right = 0;
        for (int i = 0; i < label.length; i++) {
            int k = o.kind() == Kind.SIGMOID ? (out[i][0] >= 0.5 ? 1 : 0) : (out[i][1] > out[i][0] ? 1 : 0);
            if (k == label[i]) right++;
        }
        return (double) right / label.length;
    }

    /** p(signal) per row. */
    public double[] signalScores(float[][] x) {
        if (net == null) throw new IllegalStateException("fit the baseline before predicting");
        float[][] out = net.predictAll(x);
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) s[i] = o.kind() == Kind.SIGMOID ? out[i][0] : out[i][1];
        return s;
    }

    @Override
    public Evaluation evaluate(Events eval) {
        double[] s = signalScores(eval.x());
        boolean[] pass = new boolean[s.length];
        int right = 0;
        for (int i = 0; i < s.length; i++) {
            // the softmax's argmax is p_sig > p_bkg, i.e. p_sig > 0.5
            pass[i] = o.kind() == Kind.SIGMOID ? s[i] >= threshold : s[i] > 0.5;
            if ((pass[i] ? 1 : 0) == eval.label()[i]) right++;
        }
        return new Evaluation(name(), window().sigma(eval, null), window().sigma(eval, pass),
                (double) right / s.length, 0, o.kind() == Kind.SIGMOID ? threshold : 0.5);
    }

    /** The evaluation window: 2.5 peak widths either side of the peak. */
    public Significance window() {
        return new Significance(o.peak(), 2.5 * o.peakWidth());
    }

    @Override
    public FitHistory getHistory() { return history; }
    @Override
    public int[] decide(float[][] x) {
        double[] s = signalScores(x);
        int[] d = new int[s.length];
        double t = o.kind() == Kind.SIGMOID ? threshold : 0.5;
        for (int i = 0; i < s.length; i++) d[i] = (o.kind() == Kind.SIGMOID ? s[i] >= t : s[i] > t) ? SIGNAL : BACKGROUND;
        return d;
    }

    public double getThreshold() { return threshold; }

    // ---------------------------------------------------------------- files

    /** Saves options, passing threshold and network; a relative path lands in the output folder. NaN weights are refused. */
    public java.nio.file.Path save(String path) {
        return save(path, false);
    }

    /** {@code clf.save('baseline.model', force: true)}: writes even NaN or infinite weights. */
    public java.nio.file.Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, probelab.nn.ModelFile.SaveOptions.force(opts));
    }

    public java.nio.file.Path save(String path, boolean force) {
        return ClassifierFiles.save(path, "baseline", o, threshold, net, force);
    }

    /** Loads a baseline saved by {@link #save}: it scores and decides as the saved one did. */
    public static Baseline load(java.nio.file.Path path) {
        return probelab.nn.ModelFile.load(path, "baseline", "a baseline", Options.DEFAULTS, (o, in) -> {
            ClassifierFiles.Saved saved = ClassifierFiles.read(in, o.kind() == Kind.SIGMOID ? 1 : 2);
            Baseline c = new Baseline(o);
            c.threshold = saved.threshold();
            c.net = saved.net();
            return c;
        });
    }

    @Override
    public String toString() {
        return "Baseline " + name() + (net == null ? " (not fitted)" : ", " + net);
    }
}
