package probelab.studies.reward;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The success classifier learns a planted rule, gives MC samples around its mean, and mixes with Beta draws. */
class SuccessClassifierTest {
    /** Frames of the push table labelled by a rule the classifier is not told: the block in the left half. */
    static List<float[]> frames(PushEnv env, boolean left, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        while (out.size() < n) {
            int bx = r.nextInt(6), by = r.nextInt(6), gx = r.nextInt(6), gy = r.nextInt(6);
            if (bx == gx && by == gy || (bx < 3) != left) continue;
            out.add(env.frame(new PushEnv.State(gx, gy, bx, by)));
        }
        return out;
    }

    @Test
    void learnsAPlantedRuleFromBalancedBatches() {
        PushEnv env = new PushEnv();
        float[][] yes = frames(env, true, 150, 1).toArray(float[][]::new), no = frames(env, false, 150, 2).toArray(float[][]::new);
        SuccessClassifier c = new SuccessClassifier(env.side(), env.side(), 3, new SuccessClassifier.Options(64, 1e-3, 0.25, 1.0, 300, 7));
        c.train(yes, no, 400);
        float[][] testYes = frames(env, true, 200, 3).toArray(float[][]::new), testNo = frames(env, false, 200, 4).toArray(float[][]::new);
        int right = 0;
        for (double p : c.success(testYes)) if (p > 0.5) right++;
        for (double p : c.success(testNo)) if (p < 0.5) right++;
        assertTrue(right / 400.0 >= 0.95, "held-out accuracy " + right / 400.0);
        double[][][] mc = c.sampleProba(testYes, 8, 1);
        assertEquals(8, mc.length);
        boolean differs = false;
        for (int t = 1; t < 8; t++) differs |= mc[t][0][1] != mc[0][0][1];
        assertTrue(differs, "MC dropout passes differ");
        assertArrayEquals(c.success(testYes), c.success(testYes), "prediction without dropout is deterministic");
    }

    @Test
    void theSameSeedTrainsTheSameClassifier() {
        PushEnv env = new PushEnv();
        float[][] yes = env.goalExamples(20, 1), no = env.randomStates(20, 2);
        SuccessClassifier a = new SuccessClassifier(48, 48, 3, SuccessClassifier.Options.DEFAULTS), b = new SuccessClassifier(48, 48, 3, SuccessClassifier.Options.DEFAULTS);
        a.train(yes, no, 20);
        b.train(yes, no, 20);
        assertArrayEquals(a.success(no), b.success(no));
    }

    @Test
    void betaDrawsLieInTheUnitIntervalAroundAHalf() {
        SplittableRandom r = new SplittableRandom(1);
        for (double alpha : new double[] {0.2, 1, 4}) {
            double sum = 0, sq = 0;
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                double x = SuccessClassifier.beta(alpha, r);
                assertTrue(x >= 0 && x <= 1, "Beta draw " + x);
                sum += x;
                sq += x * x;
            }
            double mean = sum / n, var = sq / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "mean of Beta(" + alpha + ", " + alpha + ")");
            assertEquals(1 / (4 * (2 * alpha + 1)), var, 0.01, "variance of Beta(" + alpha + ", " + alpha + ")");
        }
    }

    @Test
    void framesOfTheWrongSizeAreRefused() {
        SuccessClassifier c = new SuccessClassifier(48, 48, 3, SuccessClassifier.Options.DEFAULTS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.success(new float[][] {new float[10]}));
        assertTrue(e.getMessage().contains("48×48×3 = 6912 values, got 10"), e.getMessage());
    }
}
