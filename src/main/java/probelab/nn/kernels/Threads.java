package probelab.nn.kernels;

import org.bytedeco.openblas.presets.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that decides how many threads BLAS uses. Two regimes:
 * <ul>
 *   <li>{@link #singleThreaded}: Java workers that each run their own small products (the
 *   convolutions, BatchBALD's joint entropies) with OpenBLAS on one thread. OpenBLAS's own
 *   threads spin after each call and starve the Java side on a small machine. The switch
 *   happens once, at the first use, and stays: the preset's {@code blas_set_num_threads}
 *   looks four symbols up on every call (about 0.2 ms), so switching around every product
 *   cost about 0.4 ms a convolution call.</li>
 *   <li>{@link #allCores}: one large product through ND4J (the covariance of 100,000 rows in
 *   PCA) with ND4J's BLAS on every core for its duration, then back to what it was.</li>
 * </ul>
 * The launcher starts both on one thread ({@code OMP_NUM_THREADS=1}): on the small matrices
 * of reinforcement learning, more threads are slower.
 */
public final class Threads {
    private static volatile boolean single;

    private Threads() {}

    /** Runs {@code work} with OpenBLAS (as the plain-array kernels call it) on one thread. */
    public static void singleThreaded(Runnable work) {
        if (!single) toOneThread();
        work.run();
    }

    private static synchronized void toOneThread() {
        if (single) return;
        openblas_nolapack.blas_set_num_threads(1);
        single = true;
    }

    /** Runs {@code work} with ND4J's BLAS on every core, restoring its thread count afterwards. */
    public static <T> T allCores(java.util.function.Supplier<T> work) {
        org.nd4j.linalg.api.blas.Blas blas = Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(Runtime.getRuntime().availableProcessors());
        try {
            return work.get();
        } finally {
            blas.setMaxThreads(before);
        }
    }
}
