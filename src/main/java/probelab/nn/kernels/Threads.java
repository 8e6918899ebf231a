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
 *
 * <p>The Java side's parallel loops ({@link #forEach}) use every core, or one thread where the
 * work runs {@link #limited} to one (a sweep's cell, whose neighbours fill the other cores) or
 * under {@code -Dprobelab.threads=1}. Either way the work is split the same way, into as many
 * shares as there are cores, and combined in the same order: one thread gives the same numbers,
 * bit for bit.
 */
public final class Threads {
    private static volatile boolean single;
    private static final InheritableThreadLocal<Integer> budget = new InheritableThreadLocal<>();
    private static final int DEFAULT = defaultThreads();

    private Threads() {}

    private static int defaultThreads() {
        String p = System.getProperty("probelab.threads");
        int cores = Runtime.getRuntime().availableProcessors();
        if (p == null || p.isBlank()) return cores;
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) return Math.min(n, cores);
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException("-Dprobelab.threads must be a whole number of threads, at least 1; got '" + p + "'");
    }

    /** How many threads this thread's parallel loops may use: the cores, or fewer under {@link #limited} or {@code -Dprobelab.threads}. */
    public static int parallelism() {
        Integer b = budget.get();
        return b != null ? b : DEFAULT;
    }

    /** Runs {@code work} with this thread's (and its children's) parallel loops on at most {@code threads} threads. */
    public static <T> T limited(int threads, java.util.concurrent.Callable<T> work) throws Exception {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        return probelab.util.ThreadScope.with(budget, threads, work);
    }

    /**
     * Runs {@code body} for 0 … n − 1: in parallel on the common pool, or one after another when
     * this thread may use one. What each index does must not depend on which.
     */
    public static void forEach(int n, java.util.function.IntConsumer body) {
        if (n <= 1 || parallelism() <= 1) {
            for (int k = 0; k < n; k++) body.accept(k);
        } else {
            java.util.stream.IntStream.range(0, n).parallel().forEach(body);
        }
    }

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
