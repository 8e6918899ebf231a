package probelab.active;

import java.util.Arrays;

/** An unlabelled pool that shrinks as points are taken out for labelling, keeping their original positions. */
public final class Pool {
    private float[][] x;
    private int[] origin;

    public Pool(float[][] x) {
        this.x = x.clone();
        this.origin = new int[x.length];
        for (int i = 0; i < origin.length; i++) origin[i] = i;
    }

    public float[][] points() {
        return x;
    }

    public int size() {
        return x.length;
    }

    /** Removes the points at these (current) positions; returns their original positions. */
    public int[] take(int[] positions) {
        boolean[] drop = new boolean[x.length];
        int[] orig = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            drop[positions[i]] = true;
            orig[i] = origin[positions[i]];
        }
        int keep = 0;
        for (boolean d : drop) if (!d) keep++;
        float[][] nx = new float[keep][];
        int[] no = new int[keep];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (drop[i]) continue;
            nx[k] = x[i];
            no[k++] = origin[i];
        }
        x = nx;
        origin = no;
        return orig;
    }

    @Override
    public String toString() {
        return "Pool of " + x.length + " (first original positions " + Arrays.toString(Arrays.copyOf(origin, Math.min(5, origin.length))) + ")";
    }
}
