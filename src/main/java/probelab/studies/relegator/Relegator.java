package probelab.studies.relegator;

import java.util.Locale;
import probelab.nn.Activation;
import probelab.nn.Mlp;
import probelab.util.Check;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * The relegator classifier (McCracken; fork by K. George): a network with three outputs —
 * background, signal, and "relegated" — trained to maximise the significance of the signal
 * in a mass peak rather than plain accuracy. Events it cannot separate it may relegate,
 * which costs less than misclassifying them. Inputs (x1, x2) → dropout → 40 → 40 → 20
 * (ReLU) → softmax over 3; Adam, full batch, early stop on the test-loss slope.
 *
 * <p><b>Default vs original.</b> The published code computes its σ mask once in the
 * original event order but trains on data reshuffled every epoch, so the mask falls on
 * random events (and its window is ±1 width, not ±2.5): {@code originalMask: true}
 * reproduces that. With the mask aligned, σ's soft counts favour passing everything a
 * little, and p_sig ≥ 0.5 is a poor cut; so by default the passing threshold on p_sig is
 * scanned on the held-out split (weighted to the target signal fraction), exactly as the
 * sigmoid baseline's is. {@code pass: 'half'} keeps the original's fixed 0.5.
 */
public final class Relegator implements EventClassifier {
    /** How events pass after training. */
    public enum Pass { SCAN, HALF }

    /** Hyperparameters, with the original's values as defaults. */
    public record Options(
            @Doc("hidden layer sizes (ReLU)") int[] hidden,
            @Doc("Adam learning rate") double lr,
            @Doc("most epochs (one full-batch step each)") int epochs,
            @Doc("input dropout rate") double dropout,
            @Doc("signal fraction the σ term is tuned for") double sigFraction,
            @Doc("half-width of the training mass window, in peak widths (0.03)") double nSigmas,
            @Doc("early stop: epochs in the test-loss slope fit (0: off)") int earlyStopDepth,
            @Doc("loss: ce_plus_inv_sigma, ce_over_sigma, ce_minus_sigma, two_class_ce_plus_inv_sigma") RelegatorLoss.Variant loss,
            @Doc("reproduce the original's misaligned σ mask (and its ±1-width window)") boolean originalMask,
            @Doc("scale the σ term by the raw σ (everything passing), so it weighs like CE at any signal fraction") boolean scaleSigma,
            @Doc("share of the data held out as the test split") double testFraction,
            @Doc("passing rule: scan (threshold on p_sig chosen on the test split) or half (p_sig ≥ 0.5)") Pass pass,
            @Doc("centre of the mass peak") double peak,
            @Doc("width of the mass peak (the σ window is nSigmas widths either side)") double peakWidth,
            @Doc("seed of weights, split and dropout") long seed,
            @Doc("show a progress bar") boolean progress,
            @Doc("a NaN or infinite loss or gradient: stop with an error naming the epoch (the weights the last finite ones) or warn (skip such epochs)") String onNonFinite) {
        public static final Options DEFAULTS = new Options(new int[] {40, 40, 20}, 5e-4, 1000, 0.05, 0.01, 2.5, 20,
                RelegatorLoss.Variant.CE_PLUS_INV_SIGMA, false, true, 0.25, Pass.SCAN, MoonsMass.PEAK,
                MoonsMass.PEAK_WIDTH, 1, true, "stop");

        /** The same without a progress bar (runs inside a comparison). */
        public Options quiet() {
            return new Options(hidden, lr, epochs, dropout, sigFraction, nSigmas, earlyStopDepth, loss, originalMask, scaleSigma,
                    testFraction, pass, peak, peakWidth, seed, false, onNonFinite);
        }

        /** The same, its σ term tuned for {@code sigFraction}, seeded with {@code seed}. */
        public Options forFraction(double sigFraction, long seed) {
            return new Options(hidden, lr, epochs, dropout, sigFraction, nSigmas, earlyStopDepth, loss, originalMask, scaleSigma,
                    testFraction, pass, peak, peakWidth, seed, progress, onNonFinite);
        }

        public Options {
            hidden = Check.layerSizes("hidden", hidden);
            Check.openUnit("sigFraction", sigFraction);
            Check.openUnit("testFraction", testFraction);
            Check.rate("dropout", dropout);
            Check.atLeast("epochs", epochs, 1);
            Check.positive("lr", lr);
            Check.positive("nSigmas", nSigmas);
            Check.atLeast("earlyStopDepth", earlyStopDepth, 0);
            Check.finite("peak", peak);
            Check.positive("peakWidth", peakWidth);
            probelab.optim.Optimizer.OnNonFinite.of(onNonFinite);
        }
    }

    private final Options o;
    private Mlp net;
    private double threshold = 0.5;
    private FitHistory history;

    public Relegator(Options options) {
        this.o = options;
    }

    /** The network for {@code features} inputs, made on the first fit. */
    private Mlp network(int features) {
        if (net == null || net.inputSize() != features) {
            net = new Mlp(Mlp.sizes(features, o.hidden(), 3), Activation.RELU, Activation.SOFTMAX, o.seed());
        }
        return net;
    }

    /** Trains on {@code data} (split into train and test here); returns the per-epoch history. */
    public FitHistory fit(Events data) {
        if (data.size() < 10) throw new IllegalArgumentException("too few events to fit: " + data.size());
        network(data.x()[0].length);
        Events[] split = data.split(o.testFraction(), o.seed() + 1);
        Events train = split[0], test = split[1];
        double width = o.peakWidth();
        boolean[] trainPeak = peakMask(train, o.peak(), (o.originalMask() ? 1.0 : o.nSigmas()) * width);
        boolean[] testPeak = peakMask(test, o.peak(), o.nSigmas() * width);
        FitHistory h = new FitHistory("relegator", o.epochs());
        // The original's bug, kept behind originalMask: its mask stays in the first event order
        // while the events are reshuffled before every epoch.
        java.util.SplittableRandom shuffle = new java.util.SplittableRandom(o.seed() + 2);
        Events[] epochTrain = {train};
        FullBatch.Inputs inputs = epoch -> {
            if (o.originalMask() && epoch > 0) epochTrain[0] = train.select(Events.permutation(train.size(), shuffle));
            return epochTrain[0].x();
        };
        double trainScale = o.scaleSigma() ? rawSigma(train, trainPeak, 1 - o.testFraction()) : 1;
        double testScale = o.scaleSigma() ? rawSigma(test, testPeak, o.testFraction()) : 1;
        FullBatch.Loss trainLoss = (out, n, grad, training, epoch) -> {
            int[] label = epochTrain[0].label();
            RelegatorLoss.Value v = RelegatorLoss.compute(out, n, label, trainPeak, 1 - o.testFraction(),
                    o.sigFraction(), o.loss(), trainScale, grad);
            h.trainLoss[epoch] = v.loss();
            h.trainSigma[epoch] = v.sigma();
            h.trainAccuracy[epoch] = accuracy(out, label);
            return v.loss();
        };
        FullBatch.Loss testLoss = (out, n, grad, training, epoch) -> {
            RelegatorLoss.Value v = RelegatorLoss.compute(out, n, test.label(), testPeak, o.testFraction(),
                    o.sigFraction(), o.loss(), testScale, null);
            h.testLoss[epoch] = v.loss();
            h.testSigma[epoch] = v.sigma();
            h.testAccuracy[epoch] = accuracy(out, test.label());
            return v.loss();
        };
        Progress bar = new Progress("relegator", o.epochs(), o.progress());
        long start = System.nanoTime();
        int epochs = FullBatch.train(net, inputs, test.x(), trainLoss, testLoss, o.lr(), o.epochs(), o.dropout(),
                o.earlyStopDepth(), o.seed() + 3, probelab.optim.Optimizer.OnNonFinite.of(o.onNonFinite()), bar, e -> new Object[] {"acc", h.testAccuracy[e], "σ", h.trainSigma[e],
                        "σ test", h.testSigma[e]});
        boolean interrupted = Thread.currentThread().isInterrupted();
        h.finish(epochs, (System.nanoTime() - start) / 1e9, interrupted);
        bar.finish(epochs, interrupted ? "interrupted" : "done");
        threshold = o.pass() == Pass.SCAN ? window().bestThreshold(test, signalScores(test.x()), o.sigFraction()) : 0.5;
        history = h;
        return h;
    }

    /** The loss's σ when every event passes with certainty (p_sig = 1). */
    private double rawSigma(Events e, boolean[] peak, double share) {
        float[][] all = new float[e.size()][];
        for (int i = 0; i < all.length; i++) all[i] = new float[] {0, 1, 0};
        return RelegatorLoss.compute(all, all.length, e.label(), peak, share, o.sigFraction(), o.loss(), null).sigma();
    }

    static boolean[] peakMask(Events e, double center, double halfWidth) {
        boolean[] m = new boolean[e.size()];
        for (int i = 0; i < m.length; i++) m[i] = Math.abs(e.mass()[i] - center) <= halfWidth;
        return m;
    }

    static double accuracy(float[][] out, int[] label) {
        int right = 0;
        for (int i = 0; i < label.length; i++) if (argmax(out[i]) == label[i]) right++;
        return (double) right / label.length;
    }

    static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    /** (p_bkg, p_sig, p_rel) for each row. */
    public float[][] predict(float[][] x) {
        if (net == null) throw new IllegalStateException("fit the relegator before predicting");
        return net.predictAll(x);
    }

    /** p_sig for each row. */
    public double[] signalScores(float[][] x) {
        float[][] p = predict(x);
        double[] s = new double[p.length];
        for (int i = 0; i < p.length; i++) s[i] = p[i][1];
        return s;
    }

    /** σ raw and passing, accuracy (relegated counts as wrong) and the relegated share on {@code eval}. */
    @Override
    public Evaluation evaluate(Events eval) {
        float[][] p = predict(eval.x());
        boolean[] pass = new boolean[p.length];
        int right = 0, relegated = 0;
        for (int i = 0; i < p.length; i++) {
            int k = argmax(p[i]);
            if (k == 2) relegated++;
            if (k == eval.label()[i]) right++;
            pass[i] = p[i][1] >= threshold;
        }
        return new Evaluation("relegator", window().sigma(eval, null), window().sigma(eval, pass),
                (double) right / p.length, (double) relegated / p.length, threshold);
    }

    /** BACKGROUND, SIGNAL (p_sig at or above the passing threshold) or RELEGATED (argmax). */
    @Override
    public int[] decide(float[][] x) {
        float[][] p = predict(x);
        int[] d = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = p[i][1] >= threshold ? SIGNAL : argmax(p[i]) == 2 ? RELEGATED : BACKGROUND;
        }
        return d;
    }

    public double getThreshold() { return threshold; }
    /** The evaluation window: 2.5 peak widths either side of the peak. */
    public Significance window() {
        return new Significance(o.peak(), 2.5 * o.peakWidth());
    }

    @Override
    public FitHistory getHistory() { return history; }
    public Options getOptions() { return o; }
    public Mlp getNetwork() { return net; }

    // ---------------------------------------------------------------- files

    /** Saves options, passing threshold and network; a relative path lands in the output folder. NaN weights are refused. */
    public java.nio.file.Path save(String path) {
        return save(path, false);
    }

    /** {@code clf.save('relegator.model', force: true)}: writes even NaN or infinite weights. */
    public java.nio.file.Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, probelab.nn.ModelFile.SaveOptions.force(opts));
    }

    public java.nio.file.Path save(String path, boolean force) {
        return ClassifierFiles.save(path, "relegator", o, threshold, net, force);
    }

    /** Loads a relegator saved by {@link #save}: it scores and decides as the saved one did. */
    public static Relegator load(java.nio.file.Path path) {
        return probelab.nn.ModelFile.load(path, "relegator", "a relegator", Options.DEFAULTS, (o, in) -> {
            ClassifierFiles.Saved saved = ClassifierFiles.read(in, 3);
            Relegator c = new Relegator(o);
            c.threshold = saved.threshold();
            c.net = saved.net();
            return c;
        });
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Relegator %s, loss %s, lr %s, σ tuned for signal fraction %s%s, pass %s",
                net == null ? "(not fitted)" : net, o.loss().name().toLowerCase(Locale.ROOT), probelab.util.Num.format(o.lr()),
                probelab.util.Num.format(o.sigFraction()),
                o.originalMask() ? ", original (misaligned) mask" : "", o.pass().name().toLowerCase(Locale.ROOT));
    }
}
