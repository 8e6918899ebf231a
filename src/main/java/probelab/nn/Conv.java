package probelab.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;

/**
 * A convolution with no padding, a stride and an activation (ELU, ReLU or none), over a batch
 * of frames in channel-last layout ({@code x[(row·width + col)·channels + c]}). With k = 1 on a
 * 1×1 image it is a dense layer.
 *
 * <p>Computed as im2col + one matrix product per chunk of frames: in channel-last layout one
 * kernel row of a patch is {@code k·in} consecutive values, so a patch matrix row is {@code k}
 * array copies, and with the weights as a {@code [k·k·in, out]} matrix
 * <pre>
 *   forward   Y    = col · W            (rows: output pixels of all frames in the chunk)
 *   backward  dW  += colᵀ · dY,  dcol = dY · Wᵀ, then col2im adds dcol's rows back into dx
 * </pre>
 * The products run in OpenBLAS's sgemm (through Smile) on direct buffers, so nothing is copied
 * across JNI; the copies and the ELU run on the Java side, frames in parallel. The patch matrix
 * is built and multiplied in blocks of rows (pixels of one or several frames) of at most
 * {@link #MAX_COLUMN_VALUES} values: at 72×128 one frame's V1 patches are 0.8 MB, and written
 * out whole they went to memory and back.
 */
public final class Conv {
    /**
     * Largest block of the patch matrix (values): 128 KB, so that it is still in cache when sgemm
     * reads it. Measured on this machine (AMD EPYC, Zen 5), the retinal encoder's three
     * convolutions at 72×128 took 0.90 ms a frame forward and backward with 128 KB blocks and
     * 1.17 with 1 MB ones (the tap products: one frame a block instead of four).
     */
    static final int MAX_COLUMN_VALUES = 1 << 15;
    /**
     * Fewest rows in a block, so that long patch rows still make sgemm calls of some size: MNIST
     * conv2's 400 values (81-row blocks were slower), and a dense layer's whole input (16,464
     * values for the retinal agent at 72×128: cache-sized blocks of 2 frames would each read all
     * of W, 4 MB, and add into all of dW again).
     */
    static final int MIN_BLOCK_ROWS = 256;

    public final int in, out, k, stride, h, w, outH, outW;
    /** Row-major {@code [k·k·in][out]}: row {@code (ky·k + kx)·in + c} holds that input's weights to every output channel. */
    public final float[] weight;
    public final float[] bias;
    public final Activation activation;
    private final int patch; // k·k·in
    private FloatBuffer wBuf, flipped;
    /**
     * Whether dL/dx is computed as the full convolution of dL/dy with the flipped kernel rather
     * than by col2im: for stride 1 when it moves fewer values — a narrowing layer such as the
     * bottleneck, where col2im's scatter-add would dominate (HotSpot does not vectorise it).
     */
    private final boolean fullConvolution;
    /**
     * Whether the forward pass and dL/dW go by tap products instead of the patch matrix: for a
     * narrowing stride-1 layer with k > 1, one product X·W_taps gives every input pixel's
     * contribution to every tap ([pixels, k·k·out]: 196 values a pixel for the bottleneck
     * instead of 784 patch values) and a shifted sum adds them up; dL/dW is Xᵀ·G over the same
     * padded-dY gather G that the input gradient uses. The 72×128 bottleneck's patch matrix
     * (4.6 MB a frame for a 4-column product) was memory-bound.
     */
    private final boolean tapProducts;
    private FloatBuffer[] tapWeights;
    /**
     * Whether the patch matrix is built transposed ({@code [k·k][pixels]}) for a one-channel
     * stride-1 input: then each of its rows is the image shifted by one tap, copied a whole
     * output row at a time, where the usual layout needs k copies of k values per pixel (the
     * first layer on MNIST: 5-value copies were most of its time).
     */
    private final boolean planarPatches;

    /** With an ELU, the retinal encoder's activation. */
    public Conv(int in, int out, int k, int stride, int h, int w, SplittableRandom rng) {
        this(in, out, k, stride, h, w, Activation.ELU, rng);
    }

    /** {@code activation}: ELU, RELU or LINEAR (each one's derivative is read off its output). */
    public Conv(int in, int out, int k, int stride, int h, int w, Activation activation, SplittableRandom rng) {
        if (activation != Activation.ELU && activation != Activation.RELU && activation != Activation.LINEAR) {
            throw new IllegalArgumentException("a convolution's activation must be ELU, RELU or LINEAR, got " + activation);
        }
        this.activation = activation;
        if (h < k || w < k) throw new IllegalArgumentException("a " + k + "×" + k + " convolution needs at least " + k + "×" + k + " input, got " + h + "×" + w);
        this.in = in;
        this.out = out;
        this.k = k;
        this.stride = stride;
        this.h = h;
        this.w = w;
        this.outH = (h - k) / stride + 1;
        this.outW = (w - k) / stride + 1;
        this.patch = k * k * in;
        this.fullConvolution = stride == 1 && (long) h * w * out < (long) outH * outW * in;
        this.tapProducts = fullConvolution && k > 1;
        this.planarPatches = in == 1 && stride == 1 && k > 1 && !tapProducts;
        this.weight = new float[patch * out];
        this.bias = new float[out];
        initialise(rng);
    }

    /** Fresh weights and biases: PyTorch's default, uniform in ±1/√fan-in (Kaiming uniform, a = √5). */
    public void initialise(SplittableRandom rng) {
        double bound = Math.sqrt(1.0 / patch);
        for (int i = 0; i < weight.length; i++) weight[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        for (int o = 0; o < out; o++) bias[o] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }

    public int inputSize() {
        return h * w * in;
    }

    public int outputSize() {
        return outH * outW * out;
    }

    private int positions() {
        return outH * outW;
    }

    /** Patch-matrix rows per block: a block of the matrix stays in cache between its gather and its product. */
    private static int blockRows(int rowLength) {
        return Math.max(MIN_BLOCK_ROWS, MAX_COLUMN_VALUES / rowLength);
    }

    /** Calls {@code segment(frame, firstPixel, endPixel, blockRow)} for the pieces of global rows [g0, g0 + rows) of a {@code perFrame}-pixel grid. */
    private static void segments(long g0, int rows, int perFrame, Segment segment) {
        for (long g = g0; g < g0 + rows; ) {
            int frame = (int) (g / perFrame), p0 = (int) (g % perFrame);
            int p1 = (int) Math.min(perFrame, p0 + (g0 + rows - g));
            segment.run(frame, p0, p1, (int) (g - g0));
            g += p1 - p0;
        }
    }

    private interface Segment {
        void run(int frame, int p0, int p1, int blockRow);
    }

    /** {@code ys[i] = f(conv(xs[i]) + b)} for every frame; f' is recovered from y in the backward pass. */
    public synchronized void forward(float[][] xs, float[][] ys) {
        int n = xs.length, P = positions(), rowsPerBlock = blockRows(patch);
        for (float[] x : xs) checkLength(x, inputSize(), "input");
        loadBiasPlane();
        if (tapProducts) {
            forwardByTaps(xs, ys);
            return;
        }
        loadWeights();
        inParallel(n, (b, from, to) -> {
            for (long g0 = (long) from * P; g0 < (long) to * P; g0 += rowsPerBlock) {
                int rows = (int) Math.min(rowsPerBlock, (long) to * P - g0);
                FloatBuffer c = b.col = grow(b.col, rows * patch), y = b.out = grow(b.out, rows * out);
                if (planarPatches) {
                    gatherPlanar(xs, g0, rows, c);
                    gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, rows, out, patch, c, rows, wBuf, out, 0f, y, out);
                } else {
                    segments(g0, rows, P, (i, p0, p1, row) -> gather(xs[i], w, in, outW, stride, p0, p1, c, row));
                    gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, out, patch, c, patch, wBuf, out, 0f, y, out);
                }
                segments(g0, rows, P, (i, p0, p1, row) -> {
                    float[] yi = ys[i];
                    y.get(row * out, yi, p0 * out, (p1 - p0) * out);
                    activate(yi, p0 * out, p1 * out);
                });
            }
        });
    }

    /**
     * The forward pass by tap products, one kernel row at a time: for kernel row ky,
     * Zᵀ = W_rowᵀ·Xᵀ ({@code [k·out][pixels]}, so that each tap's values run along the pixels)
     * and each tap's Z shifted into place is added to the output; then y = f(Σ + b). A kernel
     * row's Z (225 KB a 72×128 frame) stays in cache between its product and its sum; all 49
     * taps' Z at once (1.6 MB) went to memory and back, and that was most of the layer's time.
     */
    private void forwardByTaps(float[][] xs, float[][] ys) {
        int n = xs.length, plane = h * w, rowTaps = k * out;
        int framesPerBlock = Math.max(1, MAX_COLUMN_VALUES / (plane * Math.max(rowTaps, in)));
        // sums with rows w wide (the last k − 1 columns unused): then every tap's shift is one
        // offset into Z, and a whole plane of it is added in one run
        int run = outH * w - (k - 1), stride = outH * w;
        loadTapWeights();
        inParallel(n, (b, from, to) -> {
            float[][] sums = new float[Math.min(framesPerBlock, to - from) * out][stride]; // [frame·out + o]
            float[] shifted = new float[run];
            for (int f0 = from; f0 < to; f0 += framesPerBlock) {
                int frames = Math.min(framesPerBlock, to - f0), cols = frames * plane;
                FloatBuffer x = b.col = grow(b.col, cols * in), z = b.out = grow(b.out, rowTaps * cols);
                for (int f = 0; f < frames; f++) x.put(f * plane * in, xs[f0 + f], 0, plane * in);
                for (float[] sum : sums) java.util.Arrays.fill(sum, 0f);
                for (int ky = 0; ky < k; ky++) {
                    gemm(Transpose.TRANSPOSE, Transpose.TRANSPOSE, rowTaps, cols, in, tapWeights[ky], rowTaps, x, in, 0f, z, cols);
                    float[] zf = Scratch.block(rowTaps * cols);
                    z.get(0, zf, 0, rowTaps * cols);
                    // y_o(r, q) += Z_(kx, o)(r + ky, q + kx) for every tap (ky, kx) of this row; the
                    // copy lets the add index both arrays alike, which HotSpot vectorises (5×)
                    for (int f = 0; f < frames; f++) {
                        for (int o = 0; o < out; o++) {
                            float[] sum = sums[f * out + o];
                            for (int kx = 0; kx < k; kx++) {
                                System.arraycopy(zf, (kx * out + o) * cols + f * plane + ky * w + kx, shifted, 0, run);
                                for (int j = 0; j < run; j++) sum[j] += shifted[j];
                            }
                        }
                    }
                }
                for (int f = 0; f < frames; f++) {
                    float[] y = ys[f0 + f];
                    for (int o = 0; o < out; o++) {
                        float[] sum = sums[f * out + o];
                        for (int r = 0; r < outH; r++) for (int q = 0; q < outW; q++) y[(r * outW + q) * out + o] = sum[r * w + q];
                    }
                    activate(y, 0, outH * outW * out);
                }
            }
        });
    }

    /** The weights by kernel row ky, each {@code [in][k·out]}: column {@code kx·out + o} holds tap (ky, kx)'s weights to output o. */
    private void loadTapWeights() {
        int rowTaps = k * out;
        if (tapWeights == null) tapWeights = new FloatBuffer[k];
        float[] t = new float[in * rowTaps];
        for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) for (int c = 0; c < in; c++) for (int o = 0; o < out; o++)
                t[c * rowTaps + kx * out + o] = weight[((ky * k + kx) * in + c) * out + o];
            tapWeights[ky] = grow(tapWeights[ky], t.length);
            tapWeights[ky].put(0, t);
        }
    }

    /**
     * y = f(y + b) over values [from, to) of one frame. The bias is read from a copy laid out
     * like y ({@link #biasPlane}), so that both arrays are indexed alike: HotSpot does not
     * vectorise a loop over two arrays at different offsets (it cannot rule out that they are
     * the same array), and ELU in arithmetic only ({@link Activation#elu}) then runs 13× faster.
     */
    private void activate(float[] y, int from, int to) {
        float[] b = biasPlane;
        switch (activation) {
            case LINEAR -> { for (int j = from; j < to; j++) y[j] += b[j]; }
            case RELU -> { for (int j = from; j < to; j++) y[j] = Math.max(y[j] + b[j], 0f); }
            case ELU -> { for (int j = from; j < to; j++) y[j] = Activation.elu(y[j] + b[j]); }
            default -> throw new IllegalStateException("unsupported activation " + activation);
        }
    }

    /** The bias repeated for every output pixel of a frame (channel-last), refreshed at each forward call. */
    private float[] biasPlane;

    private void loadBiasPlane() {
        if (biasPlane == null) biasPlane = new float[outputSize()];
        for (int p = 0; p < biasPlane.length; p += out) System.arraycopy(bias, 0, biasPlane, p, out);
    }

    /**
     * Given dL/dy of every frame (overwritten with dL/d(pre-activation)), accumulates dL/dW and
     * dL/db, and writes dL/dx into {@code dxs} when it is not null. With {@code guided},
     * negative gradients stop at the activation (guided backpropagation).
     */
    public synchronized void backward(float[][] xs, float[][] ys, float[][] dys, float[] dWeight, float[] dBias, float[][] dxs, boolean guided) {
        int n = xs.length, P = positions(), rowsPerBlock = blockRows(patch);
        if (dxs != null && fullConvolution && k > 1) loadFlipped();
        else if (dxs != null) loadWeights(); // for dcol = dY·Wᵀ (with k = 1, Wᵀ is the flipped kernel)
        inParallel(n, (b, from, to) -> {
            b.dw = grow(b.dw, patch * out);
            float dwBeta = 0f; // the worker's first product overwrites its dW (4 MB for the retinal dense layer: zeroing it cost a pass)
            b.db = new float[out];
            if (dxs != null && !fullConvolution) for (int i = from; i < to; i++) java.util.Arrays.fill(dxs[i], 0f);
            if (tapProducts) { // dW comes with the input gradient's gather below
                for (int i = from; i < to; i++) preActivation(dys[i], ys[i], 0, P * out, guided, b.db);
            } else for (long g0 = (long) from * P; g0 < (long) to * P; g0 += rowsPerBlock) {
                int rows = (int) Math.min(rowsPerBlock, (long) to * P - g0);
                FloatBuffer c = b.col = grow(b.col, rows * patch), dy = b.out = grow(b.out, rows * out);
                boolean planar = planarPatches && dxs == null; // col2im reads the usual layout
                segments(g0, rows, P, (i, p0, p1, row) -> {
                    preActivation(dys[i], ys[i], p0 * out, p1 * out, guided, b.db);
                    if (!planar) gather(xs[i], w, in, outW, stride, p0, p1, c, row);
                    dy.put(row * out, dys[i], p0 * out, (p1 - p0) * out);
                });
                if (planar) {
                    gatherPlanar(xs, g0, rows, c);
                    gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, patch, out, rows, c, rows, dy, out, dwBeta, b.dw, out);
                    dwBeta = 1f;
                    continue;
                }
                gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, patch, out, rows, c, patch, dy, out, dwBeta, b.dw, out);
                dwBeta = 1f;
                if (dxs == null || fullConvolution) continue;
                FloatBuffer dc = b.dcol = grow(b.dcol, rows * patch);
                gemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, rows, patch, out, dy, out, wBuf, out, 0f, dc, patch);
                segments(g0, rows, P, (i, p0, p1, row) -> col2im(dc, row, p0, p1, dxs[i]));
            }
            if (!fullConvolution || (dxs == null && !tapProducts)) return;
            // G = pad(dy) gathered over input pixels: dx = G · flipped W (no scatter-add), and with
            // tap products dW (taps mirrored) = Xᵀ · G
            int plane = h * w, padLength = k * k * out, inputRows = blockRows(padLength), padW = outW + 2 * (k - 1);
            float[][] padded = new float[1][];
            int[] paddedFrame = {-1};
            for (long g0 = (long) from * plane; g0 < (long) to * plane; g0 += inputRows) {
                int rows = (int) Math.min(inputRows, (long) to * plane - g0);
                FloatBuffer pc = b.dcol = grow(b.dcol, rows * padLength), dx = b.dx = grow(b.dx, rows * in);
                FloatBuffer x = tapProducts ? (b.col = grow(b.col, rows * in)) : null;
                segments(g0, rows, plane, (i, p0, p1, row) -> {
                    if (paddedFrame[0] != i) {
                        padded[0] = pad(dys[i]);
                        paddedFrame[0] = i;
                    }
                    gather(padded[0], padW, out, w, 1, p0, p1, pc, row);
                    if (x != null) x.put(row * in, xs[i], p0 * in, (p1 - p0) * in);
                });
                if (tapProducts) {
                    gemm(Transpose.TRANSPOSE, Transpose.NO_TRANSPOSE, in, padLength, rows, x, in, pc, padLength, dwBeta, b.dw, padLength);
                    dwBeta = 1f;
                }
                if (dxs == null) continue;
                if (k == 1) gemm(Transpose.NO_TRANSPOSE, Transpose.TRANSPOSE, rows, in, out, pc, out, wBuf, out, 0f, dx, in);
                else gemm(Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, rows, in, padLength, pc, padLength, flipped, in, 0f, dx, in);
                segments(g0, rows, plane, (i, p0, p1, row) -> dx.get(row * in, dxs[i], p0 * in, (p1 - p0) * in));
            }
        });
        float[] part = partial = partial != null ? partial : new float[patch * out];
        for (Buffers b : buffers) {
            if (b.db == null) continue;
            b.dw.get(0, part);
            if (tapProducts) addMirroredTaps(part, dWeight);
            else for (int i = 0; i < part.length; i++) dWeight[i] += part[i];
            for (int o = 0; o < out; o++) dBias[o] += b.db[o];
            b.db = null;
        }
    }

    /** One worker's dW read back from its direct buffer (kept: 4 MB for the retinal dense layer). */
    private float[] partial;

    /** Adds Xᵀ·G ({@code [in][k·k·out]}, G's taps mirrored) into dW's {@code [k·k·in][out]} layout. */
    private void addMirroredTaps(float[] xg, float[] dWeight) {
        int taps = k * k * out;
        for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
            int tap = ky * k + kx, mirrored = (k - 1 - ky) * k + (k - 1 - kx);
            for (int c = 0; c < in; c++) for (int o = 0; o < out; o++) dWeight[(tap * in + c) * out + o] += xg[c * taps + mirrored * out + o];
        }
    }

    /**
     * dL/dy → dL/d(pre-activation) in place over values [from, to) of one frame (whole pixels;
     * f' read off y), summed per channel into {@code db}; with {@code guided}, negative
     * gradients stop first. In arithmetic only, every array at the same index, so that the loops
     * vectorise: a test of y's sign was mispredicted about half the time on conv outputs (5.6 vs
     * 0.9 ms per 100 MNIST frames of 24×24×16).
     */
    private void preActivation(float[] d, float[] y, int from, int to, boolean guided, float[] db) {
        if (guided) for (int j = from; j < to; j++) d[j] = Math.max(d[j], 0f);
        switch (activation) {
            case LINEAR -> { }
            case RELU -> { for (int j = from; j < to; j++) d[j] *= Activation.on(y[j]); }
            case ELU -> { for (int j = from; j < to; j++) d[j] *= Math.min(y[j], 0f) + 1f; } // ELU' = y + 1 below zero, 1 above
            default -> throw new IllegalStateException("unsupported activation " + activation);
        }
        sumChannels(d, from, to, db);
    }

    /**
     * db[o] += Σ over the pixels of values [from, to) (whole pixels) of channel o: a row of
     * pixels at a time copied out and added at the same index into a row-long sum, folded into
     * channels at the end (a per-channel add runs at two offsets, scalar).
     */
    private void sumChannels(float[] d, int from, int to, float[] db) {
        int rowLength = outW * out;
        float[][] s = Scratch.rows(rowLength);
        float[] sum = s[0], t = s[1];
        java.util.Arrays.fill(sum, 0, rowLength, 0f);
        for (int a = from; a < to; a += rowLength) {
            int len = Math.min(rowLength, to - a);
            System.arraycopy(d, a, t, 0, len);
            for (int j = 0; j < len; j++) sum[j] += t[j];
        }
        for (int q = 0; q < outW; q++) for (int o = 0; o < out; o++) db[o] += sum[q * out + o];
    }

    /** One worker's buffers: direct, so that sgemm reads and writes them in place. */
    private static final class Buffers {
        FloatBuffer col, dcol, out, dw, dx;
        float[] db;
    }

    private interface Work {
        void run(Buffers b, int from, int to);
    }

    private final Buffers[] buffers = newBuffers(Runtime.getRuntime().availableProcessors());

    /**
     * Frames split into one contiguous range per core, each worker with its own buffers and a
     * single-threaded sgemm: OpenBLAS's own threads spin after each call and starve the Java
     * side on a small machine (measured: 313 vs 262 frames/s of PPO training on 2 cores).
     */
    private void inParallel(int n, Work work) {
        int workers = Math.min(n, buffers.length);
        Blas.singleThreaded(() -> IntStream.range(0, workers).parallel().forEach(k -> work.run(buffers[k], n * k / workers, n * (k + 1) / workers)));
    }

    private static Buffers[] newBuffers(int workers) {
        Buffers[] b = new Buffers[workers];
        for (int i = 0; i < b.length; i++) b[i] = new Buffers();
        return b;
    }

    /**
     * Patch-matrix rows of pixels [p0, p1) of a channel-last image {@code src} ({@code srcWidth}
     * wide, {@code channels} deep; output pixels laid out {@code cols} to a row) for a k×k
     * window, written from row {@code row0} of {@code c}: each row is k copies of {@code k·channels}
     * consecutive values — gathered on the heap and moved into the direct buffer in one bulk
     * copy (many small copies into it cost more).
     */
    private void gather(float[] src, int srcWidth, int channels, int cols, int step, int p0, int p1, FloatBuffer c, int row0) {
        int span = k * channels, len = k * span, total = (p1 - p0) * len;
        float[] m = Scratch.block(total);
        for (int p = p0; p < p1; p++) {
            int r = p / cols, q = p % cols, dst = (p - p0) * len;
            for (int ky = 0; ky < k; ky++) System.arraycopy(src, ((r * step + ky) * srcWidth + q * step) * channels, m, dst + ky * span, span);
        }
        c.put(row0 * len, m, 0, total);
    }

    /**
     * The transposed patch matrix of global pixel rows [g0, g0 + rows) of a one-channel input:
     * row {@code ky·k + kx} holds, for each pixel, the input at that tap — runs of one output
     * row's width copied at once.
     */
    private void gatherPlanar(float[][] xs, long g0, int rows, FloatBuffer c) {
        float[] m = Scratch.block(patch * rows);
        segments(g0, rows, outH * outW, (i, p0, p1, row) -> {
            float[] x = xs[i];
            for (int p = p0; p < p1; ) {
                int r = p / outW, q0 = p % outW, run = Math.min(outW - q0, p1 - p), at = row + p - p0;
                for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++)
                    System.arraycopy(x, (r + ky) * w + q0 + kx, m, (ky * k + kx) * rows + at, run);
                p += run;
            }
        });
        c.put(0, m, 0, patch * rows);
    }

    /** dL/dy with a border of k − 1 zeros on every side, so that the full convolution is a plain one. */
    private float[] pad(float[] dy) {
        int pw = outW + 2 * (k - 1), ph = outH + 2 * (k - 1);
        float[] p = new float[ph * pw * out];
        for (int r = 0; r < outH; r++) System.arraycopy(dy, r * outW * out, p, ((r + k - 1) * pw + k - 1) * out, outW * out);
        return p;
    }

    /**
     * The weights turned around for the backward pass of the input: {@code [k·k·out][in]}, row
     * {@code (ky·k + kx)·out + o} holding W at the mirrored tap {@code (k−1−ky, k−1−kx)}.
     */
    private void loadFlipped() {
        flipped = grow(flipped, weight.length);
        float[] f = new float[weight.length];
        for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) for (int o = 0; o < out; o++) for (int c = 0; c < in; c++)
            f[((ky * k + kx) * out + o) * in + c] = weight[(((k - 1 - ky) * k + (k - 1 - kx)) * in + c) * out + o];
        flipped.put(0, f);
    }

    /**
     * Adds each patch row's gradient (rows {@code row0 …} of {@code dc}, pixels [p0, p1)) back
     * where the patch came from: for each output row and kernel row, the input row it lands on
     * is copied out, every pixel's span added in at the same index as a copy of it (HotSpot
     * vectorises that, not an add at two offsets: 12.5 → 6.9 µs for an MNIST conv2's patches),
     * and copied back.
     */
    private void col2im(FloatBuffer dc, int row0, int p0, int p1, float[] dx) {
        int span = k * in, total = (p1 - p0) * patch, step = stride * in;
        float[] rows = Scratch.block(total);
        dc.get(row0 * patch, rows, 0, total);
        float[][] pair = Scratch.rows(w * in);
        float[] acc = pair[0], t = pair[1];
        for (int p = p0; p < p1; ) {
            int r = p / outW, q0 = p % outW, q1 = Math.min(outW, q0 + (p1 - p)), lo = q0 * step, hi = (q1 - 1) * step + span;
            for (int ky = 0; ky < k; ky++) {
                int base = (r * stride + ky) * w * in;
                System.arraycopy(dx, base + lo, acc, lo, hi - lo);
                for (int q = q0; q < q1; q++) {
                    int at = q * step;
                    System.arraycopy(rows, (p - p0 + q - q0) * patch + ky * span, t, at, span);
                    for (int j = at; j < at + span; j++) acc[j] += t[j];
                }
                System.arraycopy(acc, lo, dx, base + lo, hi - lo);
            }
            p += q1 - q0;
        }
    }

    private void loadWeights() {
        wBuf = grow(wBuf, weight.length);
        wBuf.put(0, weight, 0, weight.length);
    }

    private static void gemm(Transpose ta, Transpose tb, int m, int n, int kk, FloatBuffer a, int lda, FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        BLAS.engine.gemm(Layout.ROW_MAJOR, ta, tb, m, n, kk, 1f, a, lda, b, ldb, beta, c, ldc);
    }

    private static FloatBuffer grow(FloatBuffer b, int values) {
        if (b != null && b.capacity() >= values) return b;
        return ByteBuffer.allocateDirect(Math.multiplyExact(values, 4)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void checkLength(float[] x, int expected, String what) {
        if (x.length != expected) throw new IllegalArgumentException("expected an " + what + " of " + expected + " values, got " + x.length);
    }
}
