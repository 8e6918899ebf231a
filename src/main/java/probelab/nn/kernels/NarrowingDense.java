package probelab.nn.kernels;

/**
 * A 1×1 (dense) layer with fewer outputs than inputs, such as the retinal agent's 16,464 → 64:
 * forward and dL/dW by the patch matrix, dL/dx as dY·Wᵀ per input pixel (the full convolution
 * with k = 1), which moves fewer values than col2im's scatter-add.
 */
final class NarrowingDense extends ConvStrategy {
    NarrowingDense(Conv c) {
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
        patchBackward(b, from, to, xs, ys, dys, dxs, guided, false, false);
        if (dxs != null) fullConvolution(b, from, to, xs, dys, dxs, false);
    }
}
