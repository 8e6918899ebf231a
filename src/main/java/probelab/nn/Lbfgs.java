package probelab.nn;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS as PyTorch's {@code torch.optim.LBFGS} runs it (the seed used a variant of it): the
 * curvature pairs (s, y) and the scaling γ = sᵀy / yᵀy persist across calls to {@link #step},
 * each call makes up to {@code maxIterations} iterations, the first step is scaled to
 * min(1, 1/‖g‖₁), and steps are chosen by a strong-Wolfe line search (c₁ 1e-4, c₂ 0.9).
 * The inverse-Hessian approximation is available as an operator ({@link #applyInverseHessian}),
 * built by the two-loop recursion from the same pairs.
 */
public final class Lbfgs {
    /** f(x) and its gradient into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double value(double[] x, double[] grad);
    }

    private final int history;
    private final int maxIterations;
    private final double tolGrad = 1e-7, tolChange = 1e-9;
    private final Deque<double[]> sList = new ArrayDeque<>(), yList = new ArrayDeque<>();
    private double gamma = 1;
    private double[] dir, prevGrad;
    private double stepLength;
    private int iterations;
    private int evaluations;

    public Lbfgs(int history, int maxIterations) {
        if (history < 1 || maxIterations < 1) throw new IllegalArgumentException("history and maxIterations must be >= 1");
        this.history = history;
        this.maxIterations = maxIterations;
    }

    /** Curvature pairs kept, oldest first. */
    public int pairs() {
        return sList.size();
    }

    public int getIterations() {
        return iterations;
    }

    public int getEvaluations() {
        return evaluations;
    }

    /** Runs up to {@code maxIterations} iterations from {@code x} (updated in place); returns the last f. */
    public double step(Objective f, double[] x) {
        int n = x.length;
        double[] g = new double[n];
        double loss = f.value(x, g);
        evaluations++;
        if (maxAbs(g) <= tolGrad) return loss;
        for (int k = 0; k < maxIterations; k++) {
            iterations++;
            if (iterations == 1) {
                dir = new double[n];
                for (int i = 0; i < n; i++) dir[i] = -g[i];
                gamma = 1;
            } else {
                double[] yv = new double[n], sv = new double[n];
                for (int i = 0; i < n; i++) {
                    yv[i] = g[i] - prevGrad[i];
                    sv[i] = dir[i] * stepLength;
                }
                double ys = dot(yv, sv);
                // The seed's solver (LBFGSNew) keeps a pair when sᵀy > 1e-10·‖s‖²; torch's uses 1e-10 flat.
                if (ys > 1e-10 * dot(sv, sv)) {
                    if (sList.size() == history) {
                        sList.removeFirst();
                        yList.removeFirst();
                    }
                    sList.addLast(sv);
                    yList.addLast(yv);
                    gamma = ys / dot(yv, yv);
                }
                dir = applyInverseHessian(g);
                for (int i = 0; i < n; i++) dir[i] = -dir[i];
            }
            prevGrad = g.clone();
            double prevLoss = loss;
            double t = iterations == 1 ? Math.min(1, 1 / sumAbs(g)) : 1;
            double gtd = dot(g, dir);
            if (gtd > -tolChange) break;
            double[] result = strongWolfe(f, x, t, dir, loss, g, gtd);
            t = result[0];
            loss = result[1];
            stepLength = t;
            for (int i = 0; i < n; i++) x[i] += t * dir[i];
            // g was refreshed by the line search at the accepted point.
            if (maxAbs(g) <= tolGrad) break;
            if (maxAbs(dir) * Math.abs(t) <= tolChange) break;
            if (Math.abs(loss - prevLoss) < tolChange) break;
        }
        return loss;
    }

    /** H⁻¹v by the two-loop recursion over the stored pairs, starting from γI. */
    public double[] applyInverseHessian(double[] v) {
        int m = sList.size(), n = v.length;
        double[] q = v.clone();
        double[] alpha = new double[m], rho = new double[m];
        double[][] s = sList.toArray(new double[0][]), y = yList.toArray(new double[0][]);
        for (int i = m - 1; i >= 0; i--) {
            rho[i] = 1 / dot(y[i], s[i]);
            alpha[i] = rho[i] * dot(s[i], q);
            for (int j = 0; j < n; j++) q[j] -= alpha[i] * y[i][j];
        }
        for (int j = 0; j < n; j++) q[j] *= gamma;
        for (int i = 0; i < m; i++) {
            double beta = rho[i] * dot(y[i], q);
            for (int j = 0; j < n; j++) q[j] += s[i][j] * (alpha[i] - beta);
        }
        return q;
    }

    /** The stored pairs and γ, for building the inverse Hessian another way (tests). */
    public double[][][] curvaturePairs() {
        double[][][] out = new double[2][][];
        out[0] = sList.toArray(new double[0][]);
        out[1] = yList.toArray(new double[0][]);
        return out;
    }

    public double gamma() {
        return gamma;
    }

    /**
     * Strong-Wolfe line search along d from x (f, g at x given); on return g holds the
     * gradient at the accepted point. Returns {t, f(x + t·d)}.
     */
    private double[] strongWolfe(Objective f, double[] x, double t, double[] d, double f0, double[] g, double gtd0) {
        final double c1 = 1e-4, c2 = 0.9;
        int n = x.length, maxEvals = 25;
        double[] xt = new double[n], gt = new double[n];
        double tPrev = 0, fPrev = f0, gtdPrev = gtd0;
        double[] gPrev = g.clone();
        double lo = 0, hi = 0, fLo = 0, fHi = 0, gtdLo = 0, gtdHi = 0;
        double[] gLo = null;
        boolean bracketed = false;
        int evals = 0;
        double fNew = 0, gtdNew = 0;
        while (evals < maxEvals) {
            fNew = eval(f, x, t, d, xt, gt);
            evals++;
            gtdNew = dot(gt, d);
            if (fNew > f0 + c1 * t * gtd0 || (evals > 1 && fNew >= fPrev)) {
                lo = tPrev; fLo = fPrev; gtdLo = gtdPrev; gLo = gPrev;
                hi = t; fHi = fNew; gtdHi = gtdNew;
                bracketed = true;
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd0) {
                System.arraycopy(gt, 0, g, 0, n);
                return new double[] {t, fNew};
            }
            if (gtdNew >= 0) {
                lo = t; fLo = fNew; gtdLo = gtdNew; gLo = gt.clone();
                hi = tPrev; fHi = fPrev; gtdHi = gtdPrev;
                bracketed = true;
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
            double next = cubic(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = t; fPrev = fNew; gtdPrev = gtdNew; gPrev = gt.clone();
            t = next;
        }
        if (!bracketed) { // ran out of evaluations while expanding: take the last point
            System.arraycopy(gt, 0, g, 0, n);
            return new double[] {t, fNew};
        }
        // Zoom between lo (the better end) and hi.
        while (evals < maxEvals && Math.abs(hi - lo) * maxAbs(d) >= tolChange) {
            double a = Math.min(lo, hi), b = Math.max(lo, hi);
            double tz = cubic(lo, fLo, gtdLo, hi, fHi, gtdHi, a, b);
            // Keep away from the ends so that the interval shrinks.
            double eps = 0.1 * (b - a);
            if (Math.min(b - tz, tz - a) < eps) tz = Math.abs(tz - b) < Math.abs(tz - a) ? b - eps : a + eps;
            fNew = eval(f, x, tz, d, xt, gt);
            evals++;
            gtdNew = dot(gt, d);
            if (fNew > f0 + c1 * tz * gtd0 || fNew >= fLo) {
                hi = tz; fHi = fNew; gtdHi = gtdNew;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd0) {
                    System.arraycopy(gt, 0, g, 0, n);
                    return new double[] {tz, fNew};
                }
                if (gtdNew * (hi - lo) >= 0) {
                    hi = lo; fHi = fLo; gtdHi = gtdLo;
                }
                lo = tz; fLo = fNew; gtdLo = gtdNew; gLo = gt.clone();
            }
        }
        System.arraycopy(gLo, 0, g, 0, n);
        return new double[] {lo, fLo};
    }

    private double eval(Objective f, double[] x, double t, double[] d, double[] xt, double[] gt) {
        for (int i = 0; i < x.length; i++) xt[i] = x[i] + t * d[i];
        evaluations++;
        return f.value(xt, gt);
    }

    /** Minimiser of the cubic through (a, fa, ga) and (b, fb, gb), clamped to [lo, hi]. */
    private static double cubic(double a, double fa, double ga, double b, double fb, double gb, double lo, double hi) {
        double d1 = ga + gb - 3 * (fa - fb) / (a - b);
        double sq = d1 * d1 - ga * gb;
        if (sq >= 0 && a != b) {
            double d2 = Math.sqrt(sq);
            double t = b < a ? a - (a - b) * ((ga + d2 - d1) / (ga - gb + 2 * d2)) : b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
            if (Double.isFinite(t)) return Math.min(Math.max(t, Math.min(lo, hi)), Math.max(lo, hi));
        }
        return (Math.min(lo, hi) + Math.max(lo, hi)) / 2;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) s += Math.abs(v);
        return s;
    }
}
