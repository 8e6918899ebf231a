package probelab.studies.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;
import probelab.env.Box;
import probelab.env.Reset;
import probelab.env.Step;
import probelab.optim.Lbfgs;

class ElasticNetEnvTest {

    @Test
    void lbfgsSolvesRidgeToTheClosedForm() {
        Random r = new Random(4);
        int n = 30, m = 12;
        double[][] a = new double[n][m];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) a[i][j] = r.nextGaussian();
            y[i] = r.nextGaussian();
        }
        double rho = 0.3;
        Lbfgs.Objective f = (x, g) -> {
            double v = 0;
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                double res = -y[i];
                for (int j = 0; j < m; j++) res += a[i][j] * x[j];
                v += res * res;
                for (int j = 0; j < m; j++) g[j] += 2 * res * a[i][j];
            }
            for (int j = 0; j < m; j++) {
                v += rho * x[j] * x[j];
                g[j] += 2 * rho * x[j];
            }
            return v;
        };
        double[] x = new double[m];
        Lbfgs solver = new Lbfgs(7, 10);
        for (int k = 0; k < 20; k++) solver.step(f, x);
        // x* = (AᵀA + ρI)⁻¹ Aᵀy
        INDArray am = Nd4j.createFromArray(a), ym = Nd4j.createFromArray(y).reshape(n, 1);
        INDArray lhs = am.transpose().mmul(am).add(Nd4j.eye(m).castTo(DataType.DOUBLE).mul(rho));
        double[] ref = InvertMatrix.invert(lhs, false).mmul(am.transpose().mmul(ym)).toDoubleVector();
        assertArrayEquals(ref, x, 1e-6);
        assertEquals(7, solver.pairs(), "the history holds 7 pairs");
    }

    @Test
    void twoLoopRecursionEqualsTheExplicitBfgsMatrix() {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        env.reset(3L);
        env.step(new float[] {0.2f, -0.4f});
        // Re-run the solver the step used, to get at its pairs.
        Lbfgs solver = new Lbfgs(7, 10, Lbfgs.LineSearch.SEED);
        double[] x = new double[8];
        for (int k = 0; k < 20; k++) solver.step(env::objective, x);
        double[][][] pairs = solver.curvaturePairs();
        int m = 8;
        // H₀ = γI; H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, oldest pair first.
        INDArray h = Nd4j.eye(m).castTo(DataType.DOUBLE).mul(solver.gamma());
        for (int p = 0; p < pairs[0].length; p++) {
            INDArray s = Nd4j.createFromArray(pairs[0][p]).reshape(m, 1), yv = Nd4j.createFromArray(pairs[1][p]).reshape(m, 1);
            double rho = 1 / yv.transpose().mmul(s).getDouble(0);
            INDArray left = Nd4j.eye(m).castTo(DataType.DOUBLE).sub(s.mmul(yv.transpose()).mul(rho));
            h = left.mmul(h).mmul(left.transpose()).add(s.mmul(s.transpose()).mul(rho));
        }
        for (int c = 0; c < m; c++) {
            double[] e = new double[m];
            e[c] = 1;
            assertArrayEquals(h.getColumn(c).toDoubleVector(), solver.applyInverseHessian(e), 1e-9);
        }
        // Eigenvalues of B from the dense inverse Hessian.
        double[][] b = env.influenceMatrix(solver);
        double[] spectrum = env.influenceSpectrum(solver);
        assertEquals(6, spectrum.length);
        double trace = 0;
        for (int i = 0; i < 6; i++) trace += b[i][i];
        double sum = 0;
        for (double v : spectrum) sum += v - 1;
        assertEquals(trace, sum, 1e-9, "eigenvalues sum to the trace");
        for (double v : spectrum) assertTrue(v <= 1 + 1e-9, "B = −2·A·H⁻¹·Aᵀ is negative semidefinite: 1 + λ ≤ 1, got " + v);
    }

    @Test
    void actionsObservationAndReward() {
        ElasticNetEnv env = new ElasticNetEnv(20, 20, 2);
        Reset r = env.reset(1L);
        assertEquals(20 + 20 * 20, r.observation().length);
        for (int i = 0; i < 20; i++) assertEquals(0f, r.observation()[i], "EE is zero at reset");
        assertEquals(new Box(-1, 1, new int[] {2}), env.actionSpace());

        Step heavyL1 = env.step(new float[] {-1, 1});
        assertArrayEquals(new double[] {ElasticNetEnv.LOW, ElasticNetEnv.HIGH}, env.getRho(), 1e-12);
        // A is scaled to unit Frobenius norm, so |2Aᵀy| stays below ρ₁ = 0.1: x = 0 is optimal and y is hardly fitted
        // (the seed's derivative-free line search stops near zero, not at it, on the L1 kink).
        double heavyFit = (double) heavyL1.info().get("fit");
        assertTrue(heavyFit >= 1 && heavyFit < 1.5, "fit " + heavyFit);

        env.reset(1L);
        Step s = env.step(new float[] {-1, -1});
        assertArrayEquals(new double[] {ElasticNetEnv.LOW, ElasticNetEnv.LOW}, env.getRho(), 1e-12);
        assertEquals(0.0, (double) s.info().get("penalty"));
        assertFalse(s.terminated());
        assertFalse(s.truncated());
        double expected = (double) s.info().get("fit") + (double) s.info().get("conditioning");
        assertEquals(expected, s.reward(), 1e-12);
        float[] obs = s.observation();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 20; i++) {
            min = Math.min(min, obs[i]);
            max = Math.max(max, obs[i]);
        }
        assertEquals(min / max, (double) s.info().get("conditioning"), 1e-6);
        // The fit term is ‖y‖/‖Ax − y‖; noise is 10% of ‖Ax₀‖, so a good solve gives several.
        assertTrue((double) s.info().get("fit") > 2, "fit " + s.info().get("fit"));

        Step clipped = env.step(new float[] {1.5f, -3});
        assertArrayEquals(new double[] {ElasticNetEnv.HIGH, ElasticNetEnv.LOW}, env.getRho(), 1e-12);
        assertEquals(-0.2, (double) clipped.info().get("penalty"), 1e-12);
        assertTrue(clipped.truncated(), "the step cap of 2 ends the episode");
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0}));
    }

    @Test
    void sameSeedSameProblemAndTheGridHintPutsEachWeightOnItsAction() {
        ElasticNetEnv a = new ElasticNetEnv(10, 10, 4), b = new ElasticNetEnv(10, 10, 4);
        assertArrayEquals(a.reset(7L).observation(), b.reset(7L).observation());
        assertEquals(a.step(new float[] {0, 0}).reward(), b.step(new float[] {0, 0}).reward(), 0);
        float[] act = ElasticNetEnv.actionFor(0.001, 0.1);
        assertArrayEquals(new float[] {-1, 1}, act, 1e-6f);
        float[] hint = a.gridSearchAction();
        assertEquals(2, hint.length);
        for (float v : hint) assertTrue(v >= -1 - 1e-6 && v <= 1 + 1e-6);
    }

    @Test
    void theSpectrumIsClippedToItsExactRangeUnlessTheSeedsIsAskedFor() {
        // a problem near the smallest weights where the approximate inverse Hessian puts an eigenvalue of B far below −1
        float[] action = {-0.923154f, -1.0f};
        ElasticNetEnv seeds = new ElasticNetEnv(20, 20, 4, false), bounded = new ElasticNetEnv(20, 20, 4);
        seeds.reset(5361L);
        bounded.reset(5361L);
        Step s = seeds.step(action), b = bounded.step(action);
        assertTrue(seeds.getSpectrum()[0] < -50, "the seed's EE: " + seeds.getSpectrum()[0]);
        assertTrue(s.reward() < -50, "the seed's reward: " + s.reward());
        for (double e : bounded.getSpectrum()) assertTrue(e >= 0 && e <= 1, "EE in [0, 1]: " + e);
        double fit = (double) b.info().get("fit"), conditioning = (double) b.info().get("conditioning");
        assertEquals(s.info().get("fit"), b.info().get("fit"), "the same solve either way");
        assertTrue(conditioning >= 0 && conditioning <= 1, "conditioning " + conditioning);
        assertEquals(fit + conditioning, b.reward(), 1e-12);
        for (int i = 0; i < 20; i++) assertEquals((float) bounded.getSpectrum()[i], b.observation()[i], "the observation holds the clipped EE");
    }
}
