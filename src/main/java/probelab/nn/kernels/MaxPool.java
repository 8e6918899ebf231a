package probelab.nn.kernels;

/**
 * Max pooling over {@code size×size} windows with the same stride, channel-last
 * ({@code x[(row·width + col)·channels + c]}); rows and columns that do not fill a window are
 * dropped, as in PyTorch and DL4J.
 *
 * <p>No argmax is kept: the backward pass finds each window's maximum again by comparing the
 * input with the output, and routes the gradient to the first position (in row-major window
 * order) that holds it — the one a strict running maximum would have kept (for 2×2 windows,
 * the first that holds it bit for bit: +0 and −0 count as different there). Recording the
 * argmax in the forward pass meant a data-dependent branch per comparison, mispredicted half
 * the time on conv outputs; the comparisons below compile to selects.
 */
public final class MaxPool {
    public final int channels, size, h, w, outH, outW;

    public MaxPool(int channels, int size, int h, int w) {
        if (h < size || w < size) throw new IllegalArgumentException(size + "×" + size + " pooling needs at least " + size + "×" + size + " input, got " + h + "×" + w);
        this.channels = channels;
        this.size = size;
        this.h = h;
        this.w = w;
        this.outH = h / size;
        this.outW = w / size;
    }

    public int inputSize() {
        return h * w * channels;
    }

    public int outputSize() {
        return outH * outW * channels;
    }

    /** y = the window maxima. */
    public void forward(float[] x, float[] y) {
        if (size == 2) {
            forward2(x, y);
            return;
        }
        for (int r = 0; r < outH; r++) {
            for (int q = 0; q < outW; q++) {
                int o = (r * outW + q) * channels;
                int first = ((r * size) * w + q * size) * channels;
                System.arraycopy(x, first, y, o, channels);
                for (int dy = 0; dy < size; dy++) {
                    for (int dx = 0; dx < size; dx++) {
                        int at = ((r * size + dy) * w + q * size + dx) * channels;
                        for (int c = 0; c < channels; c++) y[o + c] = Math.max(y[o + c], x[at + c]);
                    }
                }
            }
        }
    }

    /**
     * 2×2 windows a row pair at a time, every loop over whole rows with all arrays at the same
     * index — HotSpot vectorises those, and not the window loop (five arrays at five offsets:
     * 2 ns an output, now ~0.9): the two rows' maximum, then each column's maximum with the next
     * (a copy shifted by one column), whose even columns are the window maxima.
     */
    private void forward2(float[] x, float[] y) {
        int C = channels, L = w * C;
        float[][] s = Scratch.rows(L);
        float[] v = s[0], t = s[1];
        for (int r = 0; r < outH; r++) {
            System.arraycopy(x, 2 * r * L, v, 0, L);
            System.arraycopy(x, (2 * r + 1) * L, t, 0, L);
            for (int j = 0; j < L; j++) v[j] = Math.max(v[j], t[j]);
            System.arraycopy(v, C, t, 0, L - C);
            for (int j = 0; j < L - C; j++) v[j] = Math.max(v[j], t[j]);
            for (int q = 0; q < outW; q++) System.arraycopy(v, 2 * q * C, y, (r * outW + q) * C, C);
        }
    }

    /** dx = dy routed to where each maximum of {@code x} came from ({@code y} = forward(x); dx is overwritten). */
    public void backward(float[] x, float[] y, float[] dy, float[] dx) {
        if (size != 2 || h % 2 != 0 || w % 2 != 0) java.util.Arrays.fill(dx, 0f); // positions no window writes
        if (size == 2) {
            route2(x, y, dy, dx);
            return;
        }
        int[] at = firsts(x, y);
        for (int o = 0; o < at.length; o++) dx[at[o]] = dy[o];
    }

    /**
     * A tangent through max pooling: {@code out} = the tangent {@code t} (laid out like x) at each
     * window's maximum — forward-mode differentiation of the same routing.
     */
    public void select(float[] x, float[] y, float[] t, float[] out) {
        if (size == 2) {
            select2(x, y, t, out);
            return;
        }
        int[] at = firsts(x, y);
        for (int o = 0; o < at.length; o++) out[o] = t[at[o]];
    }

    /** For each output value, the index in x of its window's first value equal to it (windows larger than 2×2). */
    private int[] firsts(float[] x, float[] y) {
        int[] at = new int[outputSize()];
        for (int r = 0; r < outH; r++) {
            for (int q = 0; q < outW; q++) {
                int o = (r * outW + q) * channels;
                for (int c = 0; c < channels; c++) at[o + c] = first(x, y[o + c], r, q, c);
            }
        }
        return at;
    }

    /** The index in x of the first value equal to the maximum m of window (r, q), channel c. */
    private int first(float[] x, float m, int r, int q, int c) {
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                int at = ((r * size + dy) * w + q * size + dx) * channels + c;
                if (x[at] == m) return at;
            }
        }
        throw new IllegalStateException("the pooled value is not in its window (was y computed from this x?)");
    }

    /**
     * 2×2 windows: every input position is written (the gradient or zero). Branch-free on the
     * values' bits — float ternaries compile to jumps, mispredicted on conv outputs — with
     * {@link #same} as the test; the maximum is one of its window's values bit for bit.
     */
    private void route2(float[] x, float[] y, float[] dy, float[] dx) {
        for (int r = 0; r < outH; r++) {
            for (int q = 0; q < outW; q++) {
                int o = (r * outW + q) * channels;
                int i00 = (2 * r * w + 2 * q) * channels, i01 = i00 + channels, i10 = i00 + w * channels, i11 = i10 + channels;
                for (int c = 0; c < channels; c++) {
                    int m = Float.floatToRawIntBits(y[o + c]), d = Float.floatToRawIntBits(dy[o + c]);
                    int s00 = same(x[i00 + c], m), s01 = same(x[i01 + c], m) & ~s00, s10 = same(x[i10 + c], m) & ~(s00 | s01);
                    dx[i00 + c] = Float.intBitsToFloat(d & s00);
                    dx[i01 + c] = Float.intBitsToFloat(d & s01);
                    dx[i10 + c] = Float.intBitsToFloat(d & s10);
                    dx[i11 + c] = Float.intBitsToFloat(d & ~(s00 | s01 | s10));
                }
            }
        }
    }

    /** All ones when v's bits are {@code bits}, else zero. */
    private static int same(float v, int bits) {
        int e = Float.floatToRawIntBits(v) ^ bits;
        return ~((e | -e) >> 31);
    }

    private void select2(float[] x, float[] y, float[] t, float[] out) {
        for (int r = 0; r < outH; r++) {
            for (int q = 0; q < outW; q++) {
                int o = (r * outW + q) * channels;
                int i00 = (2 * r * w + 2 * q) * channels, i01 = i00 + channels, i10 = i00 + w * channels, i11 = i10 + channels;
                for (int c = 0; c < channels; c++) {
                    int m = Float.floatToRawIntBits(y[o + c]);
                    int s00 = same(x[i00 + c], m), s01 = same(x[i01 + c], m) & ~s00, s10 = same(x[i10 + c], m) & ~(s00 | s01), s11 = ~(s00 | s01 | s10);
                    out[o + c] = Float.intBitsToFloat(Float.floatToRawIntBits(t[i00 + c]) & s00 | Float.floatToRawIntBits(t[i01 + c]) & s01
                            | Float.floatToRawIntBits(t[i10 + c]) & s10 | Float.floatToRawIntBits(t[i11 + c]) & s11);
                }
            }
        }
    }
}
