package probelab.nn.kernels;

/**
 * The general convolution: im2col and one matrix product per block of patch rows; dL/dx by
 * col2im. In channel-last layout one kernel row of a patch is {@code k·in} consecutive
 * values, so a patch row is {@code k} array copies, and with the weights as a
 * {@code [k·k·in, out]} matrix
 * <pre>
 *   forward   Y    = col · W            (rows: output pixels of all frames in the block)
 *   backward  dW  += colᵀ · dY,  dcol = dY · Wᵀ, then col2im adds dcol's rows back into dx
 * </pre>
 */
class PatchConv extends ConvStrategy {
    PatchConv(Conv c) {
        super(c);
    }

    @Override
    void forward(float[][] xs, float[][] ys) {
        patchForward(xs, ys, false);
    }

    @Override
    void prepareBackward(float[][] dxs) {
        if (dxs != null) loadWeights();
    }

    @Override
    void backward(Workers.Buffers b, int from, int to, float[][] xs, float[][] ys, float[][] dys, float[][] dxs, boolean guided) {
        patchBackward(b, from, to, xs, ys, dys, dxs, guided, false, dxs != null);
    }
}
