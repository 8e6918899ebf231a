package probelab.nn;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * OpenBLAS on one thread, for Java workers that each run their own products: OpenBLAS's own
 * threads spin after each call and starve the Java side on a small machine.
 *
 * <p>The switch happens once, at the first use, and stays for the rest of the process. The
 * preset's {@code blas_set_num_threads} looks four symbols up on every call (about 0.2 ms),
 * and its {@code blas_get_num_threads} answers −1 until something has set a count, so
 * switching to one thread and back around every product — as this class did — cost about
 * 0.4 ms a convolution call: a third of an influence-function gradient pass. The launcher
 * starts OpenBLAS on one thread anyway ({@code OMP_NUM_THREADS=1}).
 */
public final class Blas {
    private static volatile boolean single;

    private Blas() {}

    public static void singleThreaded(Runnable work) {
        if (!single) toOneThread();
        work.run();
    }

    private static synchronized void toOneThread() {
        if (single) return;
        openblas_nolapack.blas_set_num_threads(1);
        single = true;
    }
}
