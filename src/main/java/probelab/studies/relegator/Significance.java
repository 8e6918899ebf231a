package probelab.studies.relegator;

/**
 * Significance σ = s/√(s+b) of events in a mass window, and the threshold scan the
 * baselines use. The toy data's window is |m − 0.5| < 0.075 (2.5 widths of 0.03).
 */
public record Significance(double center, double halfWidth) {
    public static final Significance MOONS = new Significance(MoonsMass.PEAK, 2.5 * MoonsMass.PEAK_WIDTH);

    /** s/√(s+b), 0 when nothing passes. */
    public static double sigma(double s, double b) {
        return s + b > 0 ? s / Math.sqrt(s + b) : 0;
    }

    public boolean inPeak(double mass) {
        return Math.abs(mass - center) < halfWidth;
    }

    /** σ of the events in the peak that pass (all of them when {@code pass} is null). */
    public double sigma(Events e, boolean[] pass) {
        double s = 0, b = 0;
        for (int i = 0; i < e.size(); i++) {
            if (!inPeak(e.mass()[i]) || (pass != null && !pass[i])) continue;
            if (e.label()[i] == 1) s++; else b++;
        }
        return sigma(s, b);
    }

    /** The threshold among 101 evenly spaced values in [0, 1] that maximises σ of score ≥ t. */
    public double bestThreshold(Events e, double[] score) {
        return bestThreshold(e, score, 1, 1);
    }

    /**
     * The same, with signal and background events weighted as if the set had signal fraction
     * {@code sf} (so a 50/50 validation split picks the threshold for a rare signal).
     */
    public double bestThreshold(Events e, double[] score, double sf) {
        int sig = e.signalCount(), bkg = e.size() - sig;
        return bestThreshold(e, score, sig == 0 ? 0 : sf / sig, bkg == 0 ? 0 : (1 - sf) / bkg);
    }

    private double bestThreshold(Events e, double[] score, double ws, double wb) {
        double best = 0.5, bestSigma = -1;
        for (int k = 0; k <= 100; k++) {
            double t = k / 100.0;
            double s = 0, b = 0;
            for (int i = 0; i < e.size(); i++) {
                if (!inPeak(e.mass()[i]) || score[i] < t) continue;
                if (e.label()[i] == 1) s += ws; else b += wb;
            }
            double sg = sigma(s, b);
            if (sg > bestSigma) {
                bestSigma = sg;
                best = t;
            }
        }
        return best;
    }
}
