package probelab.nn.kernels;

/**
 * A one-channel stride-1 input (the first layer on MNIST): the patch matrix is built
 * transposed ({@code [k·k][pixels]}), each of its rows the image shifted by one tap, copied a
 * whole output row at a time, where the usual layout needs k copies of k values per pixel
 * (5-value copies were most of that layer's time). col2im reads the usual layout, so with an
 * input gradient the backward pass gathers as {@link PatchConv} does.
 */
final class PlanarConv extends PatchConv {
    PlanarConv(Conv c) {
        super(c);
    }

    @Override
    void forward(float[][] xs, float[][] ys) {
        patchForward(xs, ys, true);
    }

    @Override
    void backward(Workers.Buffers b, int from, int to, float[][] xs, float[][] ys, float[][] dys, float[][] dxs, boolean guided) {
        patchBackward(b, from, to, xs, ys, dys, dxs, guided, dxs == null, dxs != null);
    }
}
