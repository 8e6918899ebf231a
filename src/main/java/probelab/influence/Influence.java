package probelab.influence;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.inspect.ReceptiveFields;
import probelab.optim.Lbfgs;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * Influence functions (Koh &amp; Liang 2017) over any {@link Model}: L2-regularised binary logistic
 * regression here (gradients and Hessian-vector products exact), DL4J networks in
 * {@link NetworkInfluence} (Hessian-vector products by differences of gradients).
 *
 * <p>With the training objective L(θ) = (1/n)·Σᵢ ℓᵢ(θ) + (λ/2)‖θ‖², the influence of upweighting
 * training point z on the loss at z_test is I(z, z_test) = −∇ℓ_testᵀ H⁻¹ ∇ℓ_z; removing z (a
 * weight change of −1/n) changes the test loss by about +(1/n)·∇ℓ_testᵀ H⁻¹ ∇ℓ_z, which is
 * what {@link #removalEffect} returns and what leave-one-out retraining measures. H⁻¹v comes
 * from conjugate gradients or LiSSA; self-influence ∇ℓ_zᵀ H⁻¹ ∇ℓ_z uses the explicit
 * inverse (d is small here).
 */
public final class Influence {
    private Influence() {}

    public record Options(
            @Doc("H⁻¹v solver: cg or lissa") String method,
            @Doc("CG: largest number of iterations") int cgIterations,
            @Doc("CG: stop at this relative residual") double cgTolerance,
            @Doc("LiSSA: damping added to H") double damping,
            @Doc("LiSSA: scale, larger than H's largest eigenvalue (0: 1.5× a power-iteration estimate)") double scale,
            @Doc("LiSSA: recursion depth") int depth) {
        public static final Options DEFAULTS = new Options("cg", 500, 1e-10, 0.0, 0, 5000);

        public Options {
            if (!method.equals("cg") && !method.equals("lissa")) throw new IllegalArgumentException("method must be cg or lissa, got '" + method + "'");
            if (method.equals("cg")) {
                probelab.util.Check.atLeast("cgIterations", cgIterations, 1);
                probelab.util.Check.positive("cgTolerance", cgTolerance);
            }
            probelab.util.Check.nonNegative("damping", damping);
            probelab.util.Check.nonNegative("scale", scale);
            if (method.equals("lissa")) probelab.util.Check.atLeast("depth", depth, 1);
        }
    }

    /** What influence needs from a fitted model. */
    public interface Model {
        /** Training points. */
        int size();

        /** Parameters that count. */
        int dimension();

        /** ∇θ ℓ at one example (features flattened). */
        double[] gradient(float[] x, int y);

        /**
         * v ↦ H v for the training objective's Hessian. {@code stochastic}: each call may use a fresh
         * minibatch (LiSSA); otherwise every call must use the same operator (CG).
         */
        UnaryOperator<double[]> hessian(boolean stochastic);

        /** ∇ℓ_z · s for every training point z. */
        double[] trainingDots(double[] s);
    }

    /**
     * Binary logistic regression with an L2 penalty on all parameters, bias included (so that H's
     * smallest eigenvalue is at least λ and LiSSA converges), fitted to a tight optimum.
     */
    public static final class Logistic implements Model {
        final float[][] x;
        final int[] y;
        final double lambda;
        final double[] theta; // weights then bias
        final int d;

        private Logistic(float[][] x, int[] y, double lambda, double[] theta) {
            this.x = x;
            this.y = y;
            this.lambda = lambda;
            this.theta = theta;
            this.d = x[0].length;
        }

        /** Options of the model. */
        public record Options(@probelab.util.Doc("L2 penalty on all parameters") double lambda) {
            public static final Options DEFAULTS = new Options(0.01);

            public Options {
                probelab.util.Check.nonNegative("lambda", lambda);
            }
        }

        public static Logistic fit(float[][] x, int[] y, double lambda) {
            return fit(x, y, lambda, -1, null);
        }

        /** Fits without training row {@code leaveOut} (≥ 0), keeping the 1/n of the full set, from {@code start}. */
        static Logistic fit(float[][] x, int[] y, double lambda, int leaveOut, double[] start) {
            for (int label : y) if (label != 0 && label != 1) throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
            int d = x[0].length;
            double[] theta = start == null ? new double[d + 1] : start.clone();
            Logistic m = new Logistic(x, y, lambda, theta);
            Lbfgs solver = new Lbfgs(20, 100);
            for (int round = 0; round < 20; round++) {
                solver.step((t, g) -> m.objective(t, g, leaveOut), theta);
                double[] g = new double[d + 1];
                m.objective(theta, g, leaveOut);
                if (norm(g) < 1e-9) break;
            }
            return m;
        }

        double margin(double[] t, float[] xi) {
            double s = t[d];
            for (int j = 0; j < d; j++) s += t[j] * xi[j];
            return s;
        }

        double objective(double[] t, double[] g, int leaveOut) {
            int n = x.length;
            Arrays.fill(g, 0);
            double[] coef = new double[n], losses = new double[n];
            probelab.nn.kernels.Threads.forEach(n, i -> {
                if (i == leaveOut) return;
                double z = margin(t, x[i]);
                losses[i] = y[i] == 1 ? softplus(-z) : softplus(z);
                coef[i] = sigmoid(z) - y[i];
            });
            double f = 0;
            for (int i = 0; i < n; i++) {
                if (i == leaveOut) continue;
                f += losses[i];
                double c = coef[i];
                float[] xi = x[i];
                for (int j = 0; j < d; j++) g[j] += c * xi[j];
                g[d] += c;
            }
            f /= n;
            for (int j = 0; j <= d; j++) g[j] /= n;
            for (int j = 0; j <= d; j++) {
                f += lambda / 2 * t[j] * t[j];
                g[j] += lambda * t[j];
            }
            return f;
        }

        /** ∇θ ℓ at one example. */
        @Override
        public double[] gradient(float[] xi, int yi) {
            double c = sigmoid(margin(theta, xi)) - yi;
            double[] g = new double[d + 1];
            for (int j = 0; j < d; j++) g[j] = c * xi[j];
            g[d] = c;
            return g;
        }

        public double loss(float[] xi, int yi) {
            double z = margin(theta, xi);
            return yi == 1 ? softplus(-z) : softplus(z);
        }

        public double probability(float[] xi) {
            return sigmoid(margin(theta, xi));
        }

        /** H v with H = (1/n) Σ p(1−p) x̃x̃ᵀ + λI. */
        public double[] hessianTimes(double[] v) {
            int n = x.length;
            double[] out = new double[d + 1];
            for (int i = 0; i < n; i++) {
                float[] xi = x[i];
                double p = sigmoid(margin(theta, xi));
                double s = v[d];
                for (int j = 0; j < d; j++) s += xi[j] * v[j];
                double c = p * (1 - p) * s / n;
                for (int j = 0; j < d; j++) out[j] += c * xi[j];
                out[d] += c;
            }
            for (int j = 0; j <= d; j++) out[j] += lambda * v[j];
            return out;
        }

        /** The Hessian as a dense matrix (d+1)², for self-influence. */
        INDArray hessian() {
            int n = x.length;
            INDArray xt = Nd4j.create(DataType.DOUBLE, n, d + 1);
            for (int i = 0; i < n; i++) {
                double p = sigmoid(margin(theta, x[i]));
                double w = Math.sqrt(p * (1 - p) / n);
                for (int j = 0; j < d; j++) xt.putScalar(i, j, w * x[i][j]);
                xt.putScalar(i, d, w);
            }
            INDArray h = xt.transpose().mmul(xt);
            for (int j = 0; j <= d; j++) h.putScalar(j, j, h.getDouble(j, j) + lambda);
            return h;
        }

        @Override
        public int size() {
            return x.length;
        }

        @Override
        public int dimension() {
            return d + 1;
        }

        @Override
        public UnaryOperator<double[]> hessian(boolean stochastic) {
            return this::hessianTimes;
        }

        @Override
        public double[] trainingDots(double[] s) {
            double[] out = new double[x.length];
            probelab.nn.kernels.Threads.forEach(x.length, i -> out[i] = dot(s, gradient(x[i], y[i])));
            return out;
        }

        public double[] parameters() {
            return theta.clone();
        }
    }

    /** H⁻¹b by conjugate gradients (H symmetric positive definite). */
    public static double[] conjugateGradient(UnaryOperator<double[]> hvp, double[] b, int maxIter, double tol) {
        return conjugateGradient(hvp, b, maxIter, tol, it -> { });
    }

    static double[] conjugateGradient(UnaryOperator<double[]> hvp, double[] b, int maxIter, double tol, IntConsumer onStep) {
        int n = b.length;
        double[] x = new double[n], r = b.clone(), p = b.clone();
        double rr = dot(r, r), b2 = rr;
        for (int it = 0; it < maxIter && rr > tol * tol * b2; it++) {
            checkInterrupted();
            double[] hp = hvp.apply(p);
            if (!(dot(p, hp) > 0)) {
                throw new IllegalStateException("conjugate gradients met a direction of non-positive curvature (pᵀHp = " + dot(p, hp)
                        + "): the Hessian is not positive definite here; raise the damping or use method: 'lissa'");
            }
            double alpha = rr / dot(p, hp);
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * hp[i];
            }
            double rrNew = dot(r, r);
            double beta = rrNew / rr;
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
            rr = rrNew;
            onStep.accept(it + 1);
        }
        return x;
    }

    /**
     * H⁻¹b by LiSSA (Agarwal et al.): h ← b + (1 − damping)·h − H h / scale, {@code depth} times,
     * then h / scale. Converges when scale exceeds H's largest eigenvalue.
     */
    public static double[] lissa(UnaryOperator<double[]> hvp, double[] b, double damping, double scale, int depth) {
        return lissa(hvp, b, damping, scale, depth, k -> { });
    }

    static double[] lissa(UnaryOperator<double[]> hvp, double[] b, double damping, double scale, int depth, IntConsumer onStep) {
        double[] h = b.clone();
        for (int k = 0; k < depth; k++) {
            checkInterrupted();
            double[] hh = hvp.apply(h);
            for (int i = 0; i < h.length; i++) h[i] = b[i] + (1 - damping) * h[i] - hh[i] / scale;
            if (!Double.isFinite(h[0])) throw new IllegalStateException("LiSSA diverged at step " + (k + 1) + ": raise the scale (it must exceed H's largest eigenvalue)");
            onStep.accept(k + 1);
        }
        for (int i = 0; i < h.length; i++) h[i] /= scale;
        return h;
    }

    /** Largest eigenvalue of a symmetric positive operator by 50 power iterations. */
    public static double largestEigenvalue(UnaryOperator<double[]> hvp, int n) {
        double[] v = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(0);
        for (int i = 0; i < n; i++) v[i] = r.nextDouble() - 0.5;
        double lambda = 0;
        for (int it = 0; it < 50; it++) {
            double nv = norm(v);
            for (int i = 0; i < n; i++) v[i] /= nv;
            double[] hv = hvp.apply(v);
            lambda = dot(v, hv);
            v = hv;
        }
        return lambda;
    }

    /** H⁻¹v with the chosen solver. */
    public static double[] inverseHvp(Model m, double[] v, Options o) {
        return inverseHvp(m, v, o, null);
    }

    static double[] inverseHvp(Model m, double[] v, Options o, Progress bar) {
        IntConsumer step = bar == null ? k -> { } : k -> bar.update(k);
        return switch (o.method()) {
            case "cg" -> conjugateGradient(m.hessian(false), v, o.cgIterations(), o.cgTolerance(), step);
            case "lissa" -> {
                // above the spectral radius, whatever its sign: a network's Hessian can curve most steeply downwards
                double scale = o.scale() > 0 ? o.scale() : 1.5 * Math.abs(largestEigenvalue(m.hessian(false), v.length));
                yield lissa(m.hessian(true), v, o.damping(), scale, o.depth(), step);
            }
            default -> throw new IllegalArgumentException("method must be cg or lissa, got '" + o.method() + "'");
        };
    }

    /**
     * For every training point, the predicted change of the loss at (xTest, yTest) if that point
     * were removed and the model refitted: (1/n)·∇ℓ_testᵀ H⁻¹ ∇ℓ_z. Positive: the point was helping.
     */
    public static double[] removalEffect(Model m, float[] xTest, int yTest, Options o) {
        return removalEffect(m, xTest, yTest, o, false);
    }

    public static double[] removalEffect(Model m, float[] xTest, int yTest, Options o, boolean progress) {
        long steps = o.method().equals("cg") ? o.cgIterations() : o.depth();
        Progress bar = progress ? new Progress("influence (" + o.method() + ")", steps, true) : null;
        double[] s = inverseHvp(m, m.gradient(xTest, yTest), o, bar);
        if (bar != null) bar.finish(bar.done(), "solved; scoring " + m.size() + " training points");
        double[] out = m.trainingDots(s);
        for (int i = 0; i < out.length; i++) out[i] /= m.size();
        return out;
    }

    static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) throw new IllegalStateException("influence interrupted");
    }

    /** ∇ℓ_zᵀ H⁻¹ ∇ℓ_z of every training point: large for points the model bends to fit (often mislabelled). */
    public static double[] selfInfluence(Logistic m) {
        double[][] l = cholesky(m.hessian().toDoubleMatrix());
        int n = m.size();
        double[] out = new double[n];
        // gᵀH⁻¹g = ‖L⁻¹g‖² with H = LLᵀ: one triangular solve per point.
        probelab.nn.kernels.Threads.forEach(n, i -> {
            double[] z = m.gradient(m.x[i], m.y[i]);
            double s = 0;
            for (int r = 0; r < z.length; r++) {
                double v = z[r];
                double[] lr = l[r];
                for (int c = 0; c < r; c++) v -= lr[c] * z[c];
                z[r] = v / lr[r];
                s += z[r] * z[r];
            }
            out[i] = s;
        });
        return out;
    }

    /** Lower-triangular L with LLᵀ = a (a symmetric positive definite). */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            if (!(d > 0)) throw new IllegalStateException("the Hessian is not positive definite (pivot " + d + " at " + j + "); raise lambda");
            l[j][j] = Math.sqrt(d);
            final int jj = j;
            IntStream.range(j + 1, n).parallel().forEach(i -> {
                double v = a[i][jj];
                double[] li = l[i], lj = l[jj];
                for (int k = 0; k < jj; k++) v -= li[k] * lj[k];
                li[jj] = v / lj[jj];
            });
        }
        return l;
    }

    /** Actual change of the test loss when point i is left out and the model refitted (warm start). */
    public static double leaveOneOut(Logistic m, int i, float[] xTest, int yTest) {
        Logistic without = Logistic.fit(m.x, m.y, m.lambda, i, m.theta);
        return without.loss(xTest, yTest) - m.loss(xTest, yTest);
    }

    /** One value per training point, with the strongest picked out. */
    public record Result(double[] values) {
        /** Indices of the k largest |values|. */
        public int[] top(int k) {
            return topByMagnitude(values, k);
        }

        /** Indices of the k most helpful points (removing them would raise the test loss most). */
        public int[] helpful(int k) {
            return order(k, true);
        }

        /** Indices of the k most harmful points (removing them would lower the test loss most). */
        public int[] harmful(int k) {
            return order(k, false);
        }

        private int[] order(int k, boolean descending) {
            Integer[] idx = new Integer[values.length];
            for (int i = 0; i < values.length; i++) idx[i] = i;
            Arrays.sort(idx, (a, b) -> descending ? Double.compare(values[b], values[a]) : Double.compare(values[a], values[b]));
            return Arrays.stream(idx).limit(k).mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String toString() {
            int[] t = top(Math.min(5, values.length));
            StringBuilder sb = new StringBuilder("influence of " + values.length + " training points; strongest:");
            for (int i : t) sb.append(String.format(java.util.Locale.ROOT, " #%d %.3g", i, values[i]));
            return sb.toString();
        }
    }

    /** Indices sorted by |value|, largest first. */
    public static int[] topByMagnitude(double[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(Math.abs(v[b]), Math.abs(v[a])));
        int[] out = new int[Math.min(k, v.length)];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }

    public static double pearson(double[] a, double[] b) {
        return ReceptiveFields.correlation(a, b);
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
