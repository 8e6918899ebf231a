package probelab.nn.kernels;

/**
 * Growing heap arrays of the calling thread for the layers' inner loops: one large (a block of
 * patch rows) and two row-long. Layers run frames in parallel, so each thread has its own; no
 * caller holds one across a call into another layer, so the layers share them.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

    private float[] block = new float[0];
    private float[][] rows = {new float[0], new float[0]};

    private Scratch() {
    }

    /** An array of at least {@code n} values. */
    static float[] block(int n) {
        Scratch s = OF_THREAD.get();
        if (s.block.length < n) s.block = new float[n];
        return s.block;
    }

    /** Two arrays of at least {@code n} values each (apart from {@link #block}). */
    static float[][] rows(int n) {
        Scratch s = OF_THREAD.get();
        if (s.rows[0].length < n) s.rows = new float[][] {new float[n], new float[n]};
        return s.rows;
    }
}
