package probelab.optim;

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

    /** How steps are chosen: a strong-Wolfe search on gradients (torch), or the seed solver's derivative-free search. */
    public enum LineSearch { STRONG_WOLFE, SEED }

    private final LineSearch search;

    public Lbfgs(int history, int maxIterations) {
        this(history, maxIterations, LineSearch.STRONG_WOLFE);
    }

    public Lbfgs(int history, int maxIterations, LineSearch search) {
        if (history < 1 || maxIterations < 1) throw new IllegalArgumentException("history and maxIterations must be >= 1");
        this.history = history;
        this.maxIterations = maxIterations;
        this.search = search;
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
            if (search == LineSearch.SEED) {
                t = seedLineSearch(f, x, dir);
                double[] xt = new double[n];
                for (int i = 0; i < n; i++) xt[i] = x[i] + t * dir[i];
                loss = f.value(xt, g);
                evaluations++;
            } else {
                double[] result = strongWolfe(f, x, t, dir, loss, g, gtd);
                t = result[0];
                loss = result[1];
            }
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

    // ---- the seed's solver's line search (Fletcher's bracketing and zoom, slopes by central
    // differences of f with step 1e-6, at most 3 bracketing and 4 zoom rounds), quirks kept ----

    private double phi(Objective f, double[] x, double[] d, double t) {
        double[] xt = new double[x.length], scratch = new double[x.length];
        for (int i = 0; i < x.length; i++) xt[i] = x[i] + t * d[i];
        evaluations++;
        return f.value(xt, scratch);
    }

    private double slope(Objective f, double[] x, double[] d, double t, double h) {
        return (phi(f, x, d, t + h) - phi(f, x, d, t - h)) / (2 * h);
    }

    private double seedLineSearch(Objective f, double[] x, double[] d) {
        final double step = 1e-6, sigma = 0.1, rho = 0.01, t1 = 9, t2 = 0.1, t3 = 0.5;
        double alphak = 1;
        double phi0 = phi(f, x, d, 0), tol = Math.min(phi0 * 0.01, 1e-6);
        double gphi0 = slope(f, x, d, 0, step);
        if (Math.abs(gphi0) < 1e-12) return 1;
        double mu = (tol - phi0) / (rho * gphi0);
        if (Double.isNaN(mu)) return 1;
        double ai = 10, ai1 = 0, phiAi1 = phi0;
        for (int ci = 1; ci < 4; ci++) {
            double phiAi = phi(f, x, d, ai);
            if (phiAi < tol) return ai;
            if (phiAi > phi0 + ai * gphi0 || (ci > 1 && phiAi >= phiAi1)) return seedZoom(f, x, d, ai1, ai, phi0, gphi0, sigma, rho, t2, t3, step);
            double gphiI = slope(f, x, d, ai, step);
            if (Math.abs(gphiI) <= -sigma * gphi0) return ai;
            if (gphiI >= 0) return seedZoom(f, x, d, ai, ai1, phi0, gphi0, sigma, rho, t2, t3, step);
            if (mu <= 2 * ai - ai1) {
                ai1 = ai;
                ai = mu;
            } else {
                ai = seedCubic(f, x, d, 2 * ai - ai1, Math.min(mu, ai + t1 * (ai - ai1)), step);
            }
            phiAi1 = phiAi;
        }
        return alphak;
    }

    private double seedZoom(Objective f, double[] x, double[] d, double a, double b, double phi0, double gphi0,
                            double sigma, double rho, double t2, double t3, double step) {
        double aj = a, bj = b, alphaj = a;
        for (int ci = 0; ci < 4; ci++) {
            alphaj = seedCubic(f, x, d, aj + t2 * (bj - aj), bj - t3 * (bj - aj), step);
            double phiJ = phi(f, x, d, alphaj), phiAj = phi(f, x, d, aj);
            if (phiJ > phi0 + rho * alphaj * gphi0 || phiJ >= phiAj) {
                bj = alphaj;
            } else {
                double gphiJ = slope(f, x, d, alphaj, step);
                if ((aj - alphaj) * gphiJ <= step) return alphaj;
                if (Math.abs(gphiJ) <= -sigma * gphi0) return alphaj;
                if (gphiJ * (bj - aj) >= 0) bj = aj;
                aj = alphaj;
            }
        }
        return alphaj;
    }

    private double seedCubic(Objective f, double[] x, double[] d, double a, double b, double step) {
        double f0 = phi(f, x, d, a), f0d = slope(f, x, d, a, step);
        double f1 = phi(f, x, d, b), f1d = slope(f, x, d, b, step);
        double aa = 3 * (f0 - f1) / (b - a) + f1d - f0d;
        double p = aa * aa - f0d * f1d;
        if (p > 0) {
            double cc = Math.sqrt(p);
            if (f1d - f0d + 2 * cc == 0) return (a + b) / 2;
            double z0 = b - (f1d + cc - aa) * (b - a) / (f1d - f0d + 2 * cc);
            // As in the seed: z0 is compared and returned as a point, but evaluated at a + z0·(b − a).
            double fz0 = z0 > Math.max(a, b) || z0 < Math.min(a, b) ? f0 + f1 : phi(f, x, d, a + z0 * (b - a));
            if (f0 < f1 && f0 < fz0) return a;
            if (f1 < fz0) return b;
            return z0;
        }
        return f0 < f1 ? a : b;
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
