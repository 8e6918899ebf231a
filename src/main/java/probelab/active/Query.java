package probelab.active;

import java.util.Arrays;

/** The pool positions a strategy picked, best first, with the score of each. */
public record Query(int[] indices, double[] scores) {
    @Override
    public String toString() {
        return "Query " + Arrays.toString(indices) + " scores " + Arrays.toString(scores);
    }
}
