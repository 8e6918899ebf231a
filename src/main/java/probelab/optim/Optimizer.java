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

    /** Applies one update from the gradients the network's last backward pass left. */
    public final void step(probelab.nn.Network net) {
        step(net.parameters(), net.gradients());
    }

    /** Applies one update to parameter arrays from matching gradient arrays (the same arrays every call). */
    public final void step(List<float[]> p, List<float[]> g) {
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
        t = in.readLong();
        int n = in.readInt();
        if (n == 0) {
            s1 = s2 = null;
            return;
        }
        s1 = new float[n][];
        s2 = new float[n][];
        for (float[][] s : new float[][][] {s1, s2}) {
            for (int k = 0; k < n; k++) {
                s[k] = new float[in.readInt()];
                for (int i = 0; i < s[k].length; i++) s[k][i] = in.readFloat();
            }
        }
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
