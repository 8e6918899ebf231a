package probelab.nn.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;

/**
 * BatchBALD's inner kernel: the joint entropy of a chosen batch's labels with each candidate's,
 * for every candidate at once, as blocked matrix products on direct buffers in OpenBLAS.
 */
public final class JointEntropy {
    private JointEntropy() {}

    /** The MC passes' class probabilities laid out for the products: {@code S[p][i·k + y]}. */
    public static final class Passes {
        final DoubleBuffer s;
        final int t, pool, k;

        /** {@code samples[pass][point][class]}. */
        public Passes(double[][][] samples) {
            t = samples.length;
            pool = samples[0].length;
            k = samples[0][0].length;
            s = directDoubles(t * pool * k);
            for (int p = 0; p < t; p++) for (int i = 0; i < pool; i++) s.put((p * pool + i) * k, samples[p][i]);
        }
    }

    /**
     * Joint probabilities below this add under 1e-195 to an entropy; skipping them (and flushing
     * such products to zero) keeps subnormal numbers, ~100× slower to multiply and log, out of the loop.
     */
    private static final double NEGLIGIBLE = 1e-200;

    /** Values of the joint-probability matrix per block of candidates: 512 kB, so that it is read back from cache. */
    private static final int JOINT_BLOCK_VALUES = 1 << 16;

    /**
     * H(y_chosen…, y_i) for every candidate i at once. With q[p][c] = Π over the chosen points of
     * pass p's probability of configuration c's labels, the joint P(c, y_i = y) =
     * (1/T) Σ_p q[p][c]·p_p(y | x_i) is one matrix product qᵀ·S per block of candidates (S: the
     * passes' probabilities, [T][pool·k]). The entropy sums −P log P over it: exactly over
     * enumerated configurations, or for M sampled ones each weighted by 1/(M·P(c)).
     */
    public static double[] entropies(double[][] q, Passes passes, boolean sampled) {
        DoubleBuffer s = passes.s;
        int pool = passes.pool, k = passes.k;
        int t = q.length, configs = q[0].length;
        DoubleBuffer qt = directDoubles(t * configs);
        for (int p = 0; p < t; p++) for (int c = 0; c < configs; c++) qt.put(p * configs + c, q[p][c] > NEGLIGIBLE ? q[p][c] : 0);
        double[] weight = new double[configs];
        for (int c = 0; c < configs; c++) {
            double pc = 0;
            for (int p = 0; p < t; p++) pc += q[p][c] / t;
            weight[c] = !sampled ? 1 : pc > 0 ? 1 / (pc * configs) : 0;
        }
        int perBlock = Math.max(1, JOINT_BLOCK_VALUES / (configs * k)), blocks = (pool + perBlock - 1) / perBlock;
        double[] h = new double[pool];
        int workers = Math.min(blocks, Runtime.getRuntime().availableProcessors());
        // one buffer per worker: allocating direct memory per block makes the JVM call System.gc() to reclaim it
        Threads.singleThreaded(() -> Threads.forEach(workers, worker -> {
            DoubleBuffer joint = directDoubles(configs * perBlock * k);
            double[] row = new double[perBlock * k];
            for (int b = worker; b < blocks; b += workers) {
                int from = b * perBlock, to = Math.min(pool, from + perBlock), cols = (to - from) * k;
                BLAS.engine.gemm(Layout.ROW_MAJOR, Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, configs, cols, t, 1.0 / t,
                        qt, configs, s.slice(from * k, (t - 1) * pool * k + cols), pool * k, 0, joint, cols);
                for (int c = 0; c < configs; c++) {
                    joint.get(c * cols, row, 0, cols);
                    for (int i = 0; i < to - from; i++) h[from + i] += weight[c] * entropyTerms(row, i * k, (i + 1) * k);
                }
            }
        }));
        return h;
    }

    /** −Σ p log p over {@code p[from..to)}, negligible p skipped (a method of its own so that it is compiled early). */
    private static double entropyTerms(double[] p, int from, int to) {
        double h = 0;
        for (int y = from; y < to; y++) if (p[y] > NEGLIGIBLE) h -= p[y] * Math.log(p[y]);
        return h;
    }

    private static DoubleBuffer directDoubles(int n) {
        return ByteBuffer.allocateDirect(n * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

}
