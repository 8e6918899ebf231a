package probelab.nn;

import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * OpenBLAS's thread count, narrowed to one while Java workers each run their own products.
 * The setting is global to the process, so nested and concurrent users are counted and the
 * previous value comes back when the last one leaves.
 */
public final class Blas {
    private static int users, previous;

    private Blas() {}

    public static void singleThreaded(Runnable work) {
        enter();
        try {
            work.run();
        } finally {
            leave();
        }
    }

    private static synchronized void enter() {
        if (users++ == 0) {
            previous = openblas_nolapack.blas_get_num_threads();
            if (previous != 1) openblas_nolapack.blas_set_num_threads(1);
        }
    }

    private static synchronized void leave() {
        if (--users == 0 && previous != 1) openblas_nolapack.blas_set_num_threads(previous);
    }
}
