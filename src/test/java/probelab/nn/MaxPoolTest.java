package probelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Max pooling against a direct scan of each window: values, where they came from (the first, on ties), and the routed gradient. */
class MaxPoolTest {
    @Test
    void windowsMaximaAndArgmaxMatchADirectScan() {
        for (int size : new int[] {2, 3}) {
            MaxPool pool = new MaxPool(5, size, 7, 8); // a row and columns left over
            SplittableRandom rng = new SplittableRandom(size);
            float[] x = new float[pool.inputSize()];
            for (int i = 0; i < x.length; i++) x[i] = Math.max(0f, (float) rng.nextGaussian()); // ReLU output: ties at zero
            float[] y = new float[pool.outputSize()], y2 = new float[pool.outputSize()];
            int[] arg = new int[pool.outputSize()];
            pool.forward(x, y, arg);
            pool.forward(x, y2);
            assertArrayEquals(y, y2, "pooling without argmax, size " + size);
            for (int r = 0; r < pool.outH; r++) for (int q = 0; q < pool.outW; q++) for (int c = 0; c < 5; c++) {
                int best = -1;
                for (int dy = 0; dy < size; dy++) for (int dx = 0; dx < size; dx++) {
                    int at = ((r * size + dy) * pool.w + q * size + dx) * 5 + c;
                    if (best < 0 || x[at] > x[best]) best = at;
                }
                int o = (r * pool.outW + q) * 5 + c;
                assertEquals(x[best], y[o]);
                assertEquals(best, arg[o], "size " + size + " output " + o);
            }
            float[] dy = new float[pool.outputSize()], dx = new float[pool.inputSize()];
            for (int i = 0; i < dy.length; i++) dy[i] = i + 1;
            pool.backward(dy, arg, dx);
            double routed = 0;
            for (int i = 0; i < arg.length; i++) assertEquals(dy[i], dx[arg[i]]);
            for (float v : dx) routed += v;
            assertEquals(dy.length * (dy.length + 1) / 2.0, routed, 1e-3);
        }
    }
}
