package probelab.optim;

import java.util.List;

/**
 * Gradient-descent update rules over a network's parameter arrays. Each keeps its own state
 * (momentum, moment estimates) per parameter array, made on the first step.
 */
public abstract class Optimizer {
    public enum Kind { SGD, ADAM, RMSPROP }

    protected double lr;
    protected float[][] s1, s2;
    protected long t;

    protected Optimizer(double lr) {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        this.lr = lr;
    }

    public static Optimizer of(Kind kind, double lr) {
        return switch (kind) {
            case SGD -> new Sgd(lr, 0);
            case ADAM -> new Adam(lr, 0.9, 0.999, 1e-8);
            case RMSPROP -> new RmsProp(lr, 0.9, 1e-7);
        };
    }

    /** Sets the learning rate of the next steps (a schedule: inverse-time decay, warm-up). */
    public final void setLearningRate(double lr) {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        this.lr = lr;
    }

    /** What an update does with a NaN or infinite loss or gradient. */
    public enum OnNonFinite {
        /** Throw {@link Diverged}, leaving the weights as the last finite update left them. */
        STOP,
        /** Skip such updates, warning once, and go on. */
        WARN;

        public static OnNonFinite of(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "stop" -> STOP;
                case "warn" -> WARN;
                default -> throw new IllegalArgumentException("onNonFinite must be stop or warn, got '" + name + "'");
            };
        }
    }

    private OnNonFinite onNonFinite = OnNonFinite.STOP;
    private double firstLoss = Double.NaN, lastLoss = Double.NaN;
    private long lastFiniteUpdate, skipped;
    private boolean lossesGiven;

    /** Sets what a NaN or infinite loss or gradient does (stop, the default, or warn and skip). */
    public final Optimizer onNonFinite(OnNonFinite mode) {
        this.onNonFinite = mode;
        return this;
    }

    /** Updates skipped for a non-finite loss or gradient (only under {@link OnNonFinite#WARN}). */
    public final long skippedUpdates() {
        return skipped;
    }

    /** Applies one update from the gradients the network's last backward pass left. */
    public final void step(probelab.nn.Network net) {
        step(net.parameters(), net.gradients());
    }

    /** Applies one update from the network's gradients, checking the loss they came from as well. */
    public final boolean step(probelab.nn.Network net, double loss) {
        return step(net.parameters(), net.gradients(), loss);
    }

    /** Applies one update to parameter arrays from matching gradient arrays (the same arrays every call). */
    public final void step(List<float[]> p, List<float[]> g) {
        checked(p, g, false, 0);
    }

    /**
     * The same, with the loss the gradients came from: a NaN or infinite loss or gradient stops
     * training with {@link Diverged} before it touches the weights (or, under
     * {@link OnNonFinite#WARN}, skips this update). Returns whether the update was applied.
     */
    public final boolean step(List<float[]> p, List<float[]> g, double loss) {
        return checked(p, g, true, loss);
    }

    private boolean checked(List<float[]> p, List<float[]> g, boolean hasLoss, double loss) {
        String bad = hasLoss && !Double.isFinite(loss) ? "the loss is " + loss : null;
        int badArrays = 0;
        for (float[] a : g) if (!finite(a)) badArrays++;
        if (badArrays > 0) {
            bad = (bad == null ? "" : bad + " and ") + "the gradients of " + badArrays + " of " + g.size() + " parameter arrays hold NaN or Infinity";
        }
        if (bad != null) {
            String message = diverged(bad);
            if (onNonFinite == OnNonFinite.STOP) throw new Diverged(message, t + 1);
            if (skipped++ == 0) System.err.println("warning: " + message + " Skipping such updates (onNonFinite: warn).");
            return false;
        }
        if (hasLoss) {
            lossesGiven = true;
            if (Double.isNaN(firstLoss)) firstLoss = loss;
            lastLoss = loss;
            lastFiniteUpdate = t + 1;
        }
        apply(p, g);
        return true;
    }

    private String diverged(String bad) {
        return Diverged.explain(t + 1, bad, lossesGiven, firstLoss, lastLoss, lastFiniteUpdate, String.format(java.util.Locale.ROOT, "lr %.3g", lr));
    }

    /**
     * Whether every value is finite: v·0 is 0 for a finite v and NaN for NaN or ±Infinity, and a
     * NaN survives any sum. Four running sums let the adds overlap (0.5 ns a value here, against
     * 0.9 for one sum or for a scan of the exponent bits).
     */
    static boolean finite(float[] a) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * 0f;
            s1 += a[i + 1] * 0f;
            s2 += a[i + 2] * 0f;
            s3 += a[i + 3] * 0f;
        }
        for (; i < a.length; i++) s0 += a[i] * 0f;
        return s0 + s1 + s2 + s3 == 0;
    }

    private void apply(List<float[]> p, List<float[]> g) {
        if (s1 == null) {
            s1 = new float[p.size()][];
            s2 = new float[p.size()][];
            for (int k = 0; k < p.size(); k++) {
                s1[k] = new float[p.get(k).length];
                s2[k] = new float[p.get(k).length];
            }
        }
        t++;
        for (int k = 0; k < p.size(); k++) update(p.get(k), g.get(k), s1[k], s2[k]);
    }

    protected abstract void update(float[] p, float[] g, float[] m, float[] v);

    /** Writes the step count and the per-parameter state (for checkpoints). */
    public final void writeState(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeLong(t);
        out.writeInt(s1 == null ? 0 : s1.length);
        if (s1 == null) return;
        for (float[][] s : new float[][][] {s1, s2}) {
            for (float[] a : s) {
                out.writeInt(a.length);
                for (float v : a) out.writeFloat(v);
            }
        }
    }

    /** Reads what {@link #writeState} wrote. */
    public final void readState(java.io.DataInputStream in) throws java.io.IOException {
        long steps = in.readLong();
        int n = in.readInt();
        if (n < 0) throw new java.io.IOException("a negative count of optimiser arrays (" + n + ")");
        float[][] m = n == 0 ? null : new float[n][], v = n == 0 ? null : new float[n][];
        for (float[][] s : n == 0 ? new float[0][][] : new float[][][] {m, v}) {
            for (int k = 0; k < n; k++) {
                int len = in.readInt();
                if (len < 0 || len > in.available() / 4 + 1) throw new java.io.IOException("an optimiser array of " + len + " values, more than the file holds");
                s[k] = new float[len];
                for (int i = 0; i < len; i++) s[k][i] = in.readFloat();
            }
        }
        // only a whole state replaces the current one
        t = steps;
        s1 = m;
        s2 = v;
    }

    /** Plain SGD, with optional momentum. */
    public static final class Sgd extends Optimizer {
        private final float momentum;

        public Sgd(double lr, double momentum) {
            super(lr);
            this.momentum = (float) momentum;
        }

        @Override
        protected void update(float[] p, float[] g, float[] m, float[] v) {
            float a = (float) lr;
            if (momentum == 0f) {
                for (int i = 0; i < p.length; i++) p[i] -= a * g[i];
            } else {
                for (int i = 0; i < p.length; i++) {
                    m[i] = momentum * m[i] + g[i];
                    p[i] -= a * m[i];
                }
            }
        }

        @Override
        public String toString() {
            return momentum == 0f ? "SGD(lr " + lr + ")" : "SGD(lr " + lr + ", momentum " + momentum + ")";
        }
    }

    /** Adam (Kingma and Ba 2015) with bias correction. */
    public static final class Adam extends Optimizer {
        private final double b1, b2, eps;

        public Adam(double lr, double b1, double b2, double eps) {
            super(lr);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
        }

        @Override
        protected void update(float[] p, float[] g, float[] m, float[] v) {
            float fb1 = (float) b1, fb2 = (float) b2, e = (float) eps;
            float step = (float) (lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
            for (int i = 0; i < p.length; i++) {
                m[i] = fb1 * m[i] + (1 - fb1) * g[i];
                v[i] = fb2 * v[i] + (1 - fb2) * g[i] * g[i];
                p[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + e);
            }
        }

        @Override
        public String toString() {
            return "Adam(lr " + lr + ")";
        }
    }

    /** RMSprop as in Keras (no momentum). */
    public static final class RmsProp extends Optimizer {
        private final float rho, eps;

        public RmsProp(double lr, double rho, double eps) {
            super(lr);
            this.rho = (float) rho;
            this.eps = (float) eps;
        }

        @Override
        protected void update(float[] p, float[] g, float[] m, float[] v) {
            float a = (float) lr;
            for (int i = 0; i < p.length; i++) {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                p[i] -= a * g[i] / ((float) Math.sqrt(v[i]) + eps);
            }
        }

        @Override
        public String toString() {
            return "RMSprop(lr " + lr + ")";
        }
    }
}
