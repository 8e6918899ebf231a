package probelab.nn.kernels;

import java.util.SplittableRandom;
import probelab.nn.Activation;

/**
 * A convolution with no padding, a stride and an activation (ELU, ReLU or none), over a batch
 * of frames in channel-last layout ({@code x[(row·width + col)·channels + c]}). With k = 1 on a
 * 1×1 image it is a dense layer. Weights are row-major {@code [k·k·in][out]}: row
 * {@code (ky·k + kx)·in + c} holds that input's weights to every output channel.
 *
 * <p>The passes run as matrix products in OpenBLAS's sgemm (through Smile) on direct buffers,
 * the copies and activations on the Java side, frames in parallel ({@link Workers}). How
 * depends on the shape, one strategy each:
 * <ul>
 *   <li>{@link PatchConv}: im2col and one product per block of patch rows; dL/dx by col2im;</li>
 *   <li>{@link PlanarConv}: the same with the patch matrix built transposed for a one-channel
 *   stride-1 input;</li>
 *   <li>{@link TapConv}: a narrowing stride-1 layer by tap products, dL/dx by the full
 *   convolution of dL/dy;</li>
 *   <li>{@link NarrowingDense}: a narrowing 1×1 layer, dL/dx as dY·Wᵀ.</li>
 * </ul>
 */
public final class Conv {
    /** Largest block of the patch matrix, in values (see {@link Workers#MAX_COLUMN_VALUES}). */
    static final int MAX_COLUMN_VALUES = Workers.MAX_COLUMN_VALUES;

    public final int in, out, k, stride, h, w, outH, outW;
    /** Row-major {@code [k·k·in][out]}: row {@code (ky·k + kx)·in + c} holds that input's weights to every output channel. */
    public final float[] weight;
    public final float[] bias;
    public final Activation activation;
    final Workers workers = new Workers();
    private final ConvStrategy strategy;
    /** One worker's dW read back from its direct buffer (kept: 4 MB for the retinal dense layer). */
    private float[] partial;

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
        this.weight = new float[k * k * in * out];
        this.bias = new float[out];
        // the full convolution of dL/dy moves fewer values than col2im for a narrowing stride-1 layer
        boolean narrowing = stride == 1 && (long) h * w * out < (long) outH * outW * in;
        this.strategy = narrowing ? (k > 1 ? new TapConv(this) : new NarrowingDense(this))
                : in == 1 && stride == 1 && k > 1 ? new PlanarConv(this) : new PatchConv(this);
        initialise(rng);
    }

    /** Fresh weights and biases: PyTorch's default, uniform in ±1/√fan-in (Kaiming uniform, a = √5). */
    public void initialise(SplittableRandom rng) {
        double bound = Math.sqrt(1.0 / (k * k * in));
        for (int i = 0; i < weight.length; i++) weight[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        for (int o = 0; o < out; o++) bias[o] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }

    public int inputSize() {
        return h * w * in;
    }

    public int outputSize() {
        return outH * outW * out;
    }

    /** The strategy's name, for tests and profiles. */
    String strategy() {
        return strategy.getClass().getSimpleName();
    }

    /** {@code ys[i] = f(conv(xs[i]) + b)} for every frame; f' is recovered from y in the backward pass. */
    public synchronized void forward(float[][] xs, float[][] ys) {
        for (float[] x : xs) checkLength(x, inputSize(), "input");
        strategy.forward(xs, ys);
    }

    /**
     * Given dL/dy of every frame (overwritten with dL/d(pre-activation)), accumulates dL/dW and
     * dL/db, and writes dL/dx into {@code dxs} when it is not null. With {@code guided},
     * negative gradients stop at the activation (guided backpropagation).
     */
    public synchronized void backward(float[][] xs, float[][] ys, float[][] dys, float[] dWeight, float[] dBias, float[][] dxs, boolean guided) {
        strategy.prepareBackward(dxs);
        int patch = k * k * in;
        workers.inParallel(xs.length, (b, from, to) -> {
            b.dw = Workers.grow(b.dw, patch * out);
            b.dwBeta = 0f;
            b.db = new float[out];
            strategy.backward(b, from, to, xs, ys, dys, dxs, guided);
        });
        float[] part = partial = partial != null ? partial : new float[patch * out];
        for (Workers.Buffers b : workers.buffers) {
            if (b.db == null) continue;
            b.dw.get(0, part);
            strategy.addWeightGradient(part, dWeight);
            for (int o = 0; o < out; o++) dBias[o] += b.db[o];
            b.db = null;
        }
    }

    private static void checkLength(float[] x, int expected, String what) {
        if (x.length != expected) throw new IllegalArgumentException("expected an " + what + " of " + expected + " values, got " + x.length);
    }
}
