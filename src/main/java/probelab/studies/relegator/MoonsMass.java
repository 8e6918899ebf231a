package probelab.studies.relegator;

import java.util.SplittableRandom;

/**
 * The relegator's toy data ({@code make_moons_mass}): scikit-learn's two moons with a mass.
 * Signal is the lower moon, (1 − cos θ, 0.5 − sin θ); background the upper moon,
 * (cos θ, sin θ), rotated clockwise about the origin by {@code angle}; θ evenly spaced on
 * [0, π] as {@code make_moons} does, then N(0, noise²) on each coordinate. Signal and
 * background come from separate moon sets, so their counts follow the signal fraction.
 * Mass: signal ~ Normal(0.5, 0.03); background ~ Exponential(scale 0.6) redrawn until it
 * lies in [0, 1].
 */
public final class MoonsMass {
    public static final double PEAK = 0.5, PEAK_WIDTH = 0.03;

    /** Options of the toy data: training events by default, {@link #EVAL} for an evaluation set. */
    public record Options(
            @probelab.util.Doc("number of events") int n,
            @probelab.util.Doc("Gaussian noise on the moons") double noise,
            @probelab.util.Doc("clockwise rotation of the background moon, radians") double angle,
            @probelab.util.Doc("share of signal events") double sigFraction,
            @probelab.util.Doc("seed") long seed) {
        public static final Options DEFAULTS = new Options(20000, 0.2, 1.4, 0.5, 1);
        public static final Options EVAL = new Options(100_000, 0.2, 1.4, 0.01, 1001);

        public Options {
            if (n < 2) throw new IllegalArgumentException("n must be at least 2 events, got " + n);
            if (!(sigFraction >= 0 && sigFraction <= 1)) throw new IllegalArgumentException("sigFraction must be in [0, 1], got " + sigFraction);
            if (!(noise >= 0) || Double.isInfinite(noise)) throw new IllegalArgumentException("noise must be a finite number >= 0, got " + noise);
            if (!Double.isFinite(angle)) throw new IllegalArgumentException("angle must be finite, got " + angle);
        }
    }

    public static Events generate(Options o) {
        return generate(o.n(), o.noise(), o.angle(), o.sigFraction(), o.seed());
    }

    private MoonsMass() {}

    /** {@code n} events of which {@code round(n · sigFraction)} are signal, shuffled. */
    public static Events generate(int n, double noise, double angle, double sigFraction, long seed) {
        if (n < 2) throw new IllegalArgumentException("need at least 2 events, got " + n);
        if (sigFraction < 0 || sigFraction > 1) throw new IllegalArgumentException("sigFraction must be in [0, 1], got " + sigFraction);
        if (noise < 0) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
        SplittableRandom rng = new SplittableRandom(seed);
        int nSig = (int) Math.round(n * sigFraction), nBkg = n - nSig;
        float[][] x = new float[n][];
        int[] label = new int[n];
        double[] mass = new double[n];
        double c = Math.cos(angle), s = Math.sin(angle);
        for (int i = 0; i < nBkg; i++) {
            double t = nBkg == 1 ? 0 : Math.PI * i / (nBkg - 1);
            double x1 = Math.cos(t) + noise * rng.nextGaussian(), x2 = Math.sin(t) + noise * rng.nextGaussian();
            // clockwise rotation of the background moon only
            x[i] = new float[] {(float) (x1 * c + x2 * s), (float) (x2 * c - x1 * s)};
            label[i] = 0;
            mass[i] = truncatedExponential(rng, 0.6);
        }
        for (int k = 0; k < nSig; k++) {
            double t = nSig == 1 ? 0 : Math.PI * k / (nSig - 1);
            int i = nBkg + k;
            x[i] = new float[] {(float) (1 - Math.cos(t) + noise * rng.nextGaussian()),
                                (float) (0.5 - Math.sin(t) + noise * rng.nextGaussian())};
            label[i] = 1;
            mass[i] = PEAK + PEAK_WIDTH * rng.nextGaussian();
        }
        return new Events(x, label, mass).shuffle(seed ^ 0x9E3779B97F4A7C15L);
    }

    static double truncatedExponential(SplittableRandom rng, double scale) {
        while (true) {
            double m = -scale * Math.log(1 - rng.nextDouble());
            if (m <= 1) return m;
        }
    }
}
