package probelab.rl;

import java.util.SplittableRandom;

/**
 * A first-in first-out memory of transitions (s, a, r, s′, terminated) with uniform
 * sampling. Observations are kept as rows, so a sampled batch feeds {@code Mlp.forward}
 * directly.
 */
public final class ReplayBuffer {
    private final int capacity, obsSize;
    private final float[][] obs, next;
    private final float[] rewards;
    private final int[] actions;
    private final boolean[] terminal;
    private int size, head;

    /** A sampled batch: rows of observations and next observations, and the rest per row. */
    public static final class Batch {
        public final float[][] obs, next;
        public final float[] rewards;
        public final int[] actions;
        public final boolean[] terminal;
        public int n;

        Batch(int max, int obsSize) {
            obs = new float[max][obsSize];
            next = new float[max][obsSize];
            rewards = new float[max];
            actions = new int[max];
            terminal = new boolean[max];
        }
    }

    public ReplayBuffer(int capacity, int obsSize) {
        if (capacity < 1) throw new IllegalArgumentException("replay capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
        this.obsSize = obsSize;
        obs = new float[capacity][obsSize];
        next = new float[capacity][obsSize];
        rewards = new float[capacity];
        actions = new int[capacity];
        terminal = new boolean[capacity];
    }

    public void add(float[] s, int a, double r, float[] s2, boolean done) {
        if (s.length != obsSize || s2.length != obsSize) {
            throw new IllegalArgumentException("observations of " + obsSize + " values expected, got " + s.length + " and " + s2.length);
        }
        System.arraycopy(s, 0, obs[head], 0, obsSize);
        System.arraycopy(s2, 0, next[head], 0, obsSize);
        actions[head] = a;
        rewards[head] = (float) r;
        terminal[head] = done;
        head = (head + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public Batch newBatch(int max) {
        return new Batch(max, obsSize);
    }

    /** Fills {@code into} with {@code n} transitions drawn uniformly, with replacement. */
    public Batch sample(int n, SplittableRandom rng, Batch into) {
        if (size == 0) throw new IllegalStateException("cannot sample from an empty replay buffer");
        for (int r = 0; r < n; r++) {
            int k = rng.nextInt(size);
            System.arraycopy(obs[k], 0, into.obs[r], 0, obsSize);
            System.arraycopy(next[k], 0, into.next[r], 0, obsSize);
            into.actions[r] = actions[k];
            into.rewards[r] = rewards[k];
            into.terminal[r] = terminal[k];
        }
        into.n = n;
        return into;
    }
}
