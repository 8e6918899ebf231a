package probelab.nn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Max pooling against a direct scan of each window: the values, and the gradient and tangent routed to the first maximum on ties. */
class MaxPoolTest {
    @Test
    void maximaAndRoutingMatchADirectScan() {
        for (int[] shape : new int[][] {{2, 7, 8}, {2, 6, 9}, {3, 7, 8}}) {
            int size = shape[0];
            MaxPool pool = new MaxPool(5, size, shape[1], shape[2]); // a row or a column left over
            SplittableRandom rng = new SplittableRandom(size + shape[2]);
            float[] x = new float[pool.inputSize()];
            for (int i = 0; i < x.length; i++) x[i] = Math.max(0f, (float) rng.nextGaussian()); // ReLU output: ties at zero
            x[(pool.w + 1) * 5 + 2] = x[2] = 9f; // a positive tie in the first window of channel 2
            float[] y = new float[pool.outputSize()];
            pool.forward(x, y);
            float[] dy = new float[pool.outputSize()], dx = new float[pool.inputSize()], t = new float[pool.inputSize()], selected = new float[pool.outputSize()];
            for (int i = 0; i < dy.length; i++) dy[i] = i + 1;
            for (int i = 0; i < t.length; i++) t[i] = -(i + 1);
            java.util.Arrays.fill(dx, 7f); // overwritten, not added to
            pool.backward(x, y, dy, dx);
            pool.select(x, y, t, selected);
            float[] expected = new float[pool.inputSize()];
            for (int r = 0; r < pool.outH; r++) for (int q = 0; q < pool.outW; q++) for (int c = 0; c < 5; c++) {
                int best = -1;
                for (int wy = 0; wy < size; wy++) for (int wx = 0; wx < size; wx++) {
                    int at = ((r * size + wy) * pool.w + q * size + wx) * 5 + c;
                    if (best < 0 || x[at] > x[best]) best = at;
                }
                int o = (r * pool.outW + q) * 5 + c;
                assertEquals(x[best], y[o]);
                assertEquals(t[best], selected[o], "tangent, size " + size + " output " + o);
                expected[best] = dy[o];
            }
            for (int i = 0; i < dx.length; i++) assertEquals(expected[i], dx[i], "gradient, size " + size + " input " + i);
        }
    }
}
