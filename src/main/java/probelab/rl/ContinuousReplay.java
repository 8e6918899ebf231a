package probelab.rl;

import java.util.SplittableRandom;

/** Replay memory of continuous-action transitions (a ring of the last {@code capacity}), sampled uniformly. */
final class ContinuousReplay {
    /** A sampled minibatch; rows are shared with the memory, not copied. */
    record Batch(float[][] s, float[][] a, float[][] s2, float[] r, boolean[] done) {}

    private final float[][] s, a, s2;
    private final float[] r;
    private final boolean[] done;
    private int stored, next;

    ContinuousReplay(int capacity) {
        s = new float[capacity][];
        a = new float[capacity][];
        s2 = new float[capacity][];
        r = new float[capacity];
        done = new boolean[capacity];
    }

    void add(float[] state, float[] action, double reward, float[] nextState, boolean terminal) {
        s[next] = state.clone();
        a[next] = action.clone();
        s2[next] = nextState.clone();
        r[next] = (float) reward;
        done[next] = terminal;
        next = (next + 1) % s.length;
        stored = Math.min(stored + 1, s.length);
    }

    int size() {
        return stored;
    }

    ContinuousAgent.ReplayStats stats() {
        if (stored == 0) return new ContinuousAgent.ReplayStats(0, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0, min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < stored; i++) {
            sum += r[i];
            min = Math.min(min, r[i]);
        }
        int dims = a[0].length;
        double sd = 0;
        for (int d = 0; d < dims; d++) {
            double m = 0, m2 = 0;
            for (int i = 0; i < stored; i++) m += a[i][d];
            m /= stored;
            for (int i = 0; i < stored; i++) m2 += (a[i][d] - m) * (a[i][d] - m);
            sd += Math.sqrt(m2 / stored) / dims;
        }
        return new ContinuousAgent.ReplayStats(stored, sum / stored, min, sd);
    }

    Batch sample(int n, SplittableRandom rng) {
        Batch b = new Batch(new float[n][], new float[n][], new float[n][], new float[n], new boolean[n]);
        for (int k = 0; k < n; k++) {
            int i = rng.nextInt(stored);
            b.s()[k] = s[i];
            b.a()[k] = a[i];
            b.s2()[k] = s2[i];
            b.r()[k] = r[i];
            b.done()[k] = done[i];
        }
        return b;
    }

    /** N(0, 1) by Box-Muller on a seeded stream. */
    static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
