package probelab.studies.relegator;

/**
 * The relegator's loss on softmax outputs p = (p_bkg, p_sig, p_rel), with its gradient.
 *
 * <p>CE_rel, the cross-entropy on the merged probabilities [p_bkg + p_rel, p_sig + p_rel]
 * renormalised, is per event −log((p_true + p_rel) / (1 + p_rel)): relegating costs less
 * than a wrong answer. σ is a differentiable significance in the mass peak: soft counts
 * n_S = Σ p_sig over true signal in the peak and n_B the same over background, each
 * divided by the split's share of the data, then σ = n_S·sf / √(n_S·sf + n_B·(1 − sf)) with
 * sf the signal fraction the model is tuned for. The default loss is CE_rel + 1/σ; the
 * original's variants are selectable.
 */
public final class RelegatorLoss {
    /** How CE and σ combine. */
    public enum Variant {
        /** CE_rel + 1/σ (the default). */
        CE_PLUS_INV_SIGMA,
        /** CE_rel / σ. */
        CE_OVER_SIGMA,
        /** CE_rel − σ. */
        CE_MINUS_SIGMA,
        /** two-class CE (−log p_true, relegation earns nothing) + 1/σ. */
        TWO_CLASS_CE_PLUS_INV_SIGMA
    }

    private static final double EPS = 1e-7;

    /** The loss and its parts. */
    public record Value(double loss, double ce, double sigma) {}

    private RelegatorLoss() {}

    /**
     * Loss of {@code n} events; fills {@code grad} (∂loss/∂p, n × 3) when it is not null.
     *
     * @param peak     which events count in the σ term (the training window)
     * @param share    the split's share of all events (0.75 train, 0.25 test)
     * @param sf       the signal fraction σ is computed for
     */
    public static Value compute(float[][] p, int n, int[] label, boolean[] peak, double share, double sf,
                                Variant variant, float[][] grad) {
        return compute(p, n, label, peak, share, sf, variant, 1, grad);
    }

    /**
     * The same with the σ term scaled: {@code scale/σ} (or CE·scale/σ, or CE − σ/scale). A scale
     * of the split's raw σ (everything passing) makes the term start near 1 whatever the
     * signal fraction, instead of dwarfing CE when the signal is rare.
     */
    public static Value compute(float[][] p, int n, int[] label, boolean[] peak, double share, double sf,
                                Variant variant, double scale, float[][] grad) {
        boolean twoClass = variant == Variant.TWO_CLASS_CE_PLUS_INV_SIGMA;
        double ce = 0, nS = 0, nB = 0;
        for (int i = 0; i < n; i++) {
            float[] pi = p[i];
            double pt = Math.max(EPS, pi[label[i]]), pr = pi[2];
            ce += twoClass ? -Math.log(pt) : Math.log((1 + pr) / Math.max(EPS, pt + pr)); // one log, not two: it is most of the loss's time
            if (peak[i]) {
                if (label[i] == 1) nS += pi[1]; else nB += pi[1];
            }
        }
        ce /= n;
        nS /= share;
        nB /= share;
        double a = nS * sf, b = nB * (1 - sf), ab = a + b + EPS;
        double sigma = a / Math.sqrt(ab) + EPS;
        double loss = switch (variant) {
            case CE_PLUS_INV_SIGMA, TWO_CLASS_CE_PLUS_INV_SIGMA -> ce + scale / sigma;
            case CE_OVER_SIGMA -> ce * scale / sigma;
            case CE_MINUS_SIGMA -> ce - sigma / scale;
        };
        if (grad == null) return new Value(loss, ce, sigma);

        // ∂loss/∂CE and ∂loss/∂σ for the variant
        double dCe = variant == Variant.CE_OVER_SIGMA ? scale / sigma : 1;
        double dSigma = switch (variant) {
            case CE_PLUS_INV_SIGMA, TWO_CLASS_CE_PLUS_INV_SIGMA -> -scale / (sigma * sigma);
            case CE_OVER_SIGMA -> -ce * scale / (sigma * sigma);
            case CE_MINUS_SIGMA -> -1 / scale;
        };
        double sqrt = Math.sqrt(ab), ab32 = ab * sqrt;
        double dSigmaDa = (a + 2 * b) / (2 * ab32), dSigmaDb = -a / (2 * ab32);
        double perSig = dSigma * dSigmaDa * sf / share, perBkg = dSigma * dSigmaDb * (1 - sf) / share;
        for (int i = 0; i < n; i++) {
            float[] pi = p[i], g = grad[i];
            g[0] = g[1] = g[2] = 0;
            int t = label[i];
            double pt = pi[t], pr = pi[2];
            if (twoClass) {
                if (pt > EPS) g[t] += (float) (dCe * -1 / pt / n);
            } else if (pt + pr > EPS) {
                double d = -1 / (pt + pr);
                g[t] += (float) (dCe * d / n);
                g[2] += (float) (dCe * (d + 1 / (1 + pr)) / n);
            }
            if (peak[i]) g[1] += (float) (t == 1 ? perSig : perBkg);
        }
        return new Value(loss, ce, sigma);
    }
}
