package probelab.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import probelab.nn.Activation;
import probelab.nn.kernels.Conv;

/**
 * A DL4J network's first convolution layers as plain-array {@link Conv} layers (im2col +
 * sgemm, channel-last frames), for pushing many small images through them: DL4J spends most of
 * its time per operation, not per value, on a 31×31 input. Only a stack of plain convolutions
 * qualifies — no padding, no dilation, square kernels and strides, ELU (α = 1), ReLU or
 * identity — anything else gives null and the caller keeps DL4J. The weights are a copy taken
 * when the twin is made.
 */
final class ConvTwin {
    private final List<Conv> layers;

    private ConvTwin(List<Conv> layers) {
        this.layers = layers;
    }

    /** The twin of layers 0..last of {@code net} on {@code h × w} inputs, or null when they are not all plain convolutions. */
    static ConvTwin of(MultiLayerNetwork net, int last, int h, int w) {
        List<Conv> layers = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            Layer l = net.getLayer(i).conf().getLayer();
            if (!(l instanceof ConvolutionLayer c) || l.getClass() != ConvolutionLayer.class) return null;
            int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), dil = c.getDilation();
            boolean plain = k[0] == k[1] && s[0] == s[1] && p[0] == 0 && p[1] == 0 && dil[0] == 1 && dil[1] == 1
                    && c.getConvolutionMode() != ConvolutionMode.Same && c.hasBias();
            Activation f = activation(c.getActivationFn());
            if (!plain || f == null || h < k[0] || w < k[0]) return null;
            Conv conv = new Conv((int) c.getNIn(), (int) c.getNOut(), k[0], s[0], h, w, f, new SplittableRandom(0));
            copyWeights(net.getLayer(i).getParam("W"), net.getLayer(i).getParam("b"), conv);
            layers.add(conv);
            h = conv.outH;
            w = conv.outW;
        }
        return new ConvTwin(layers);
    }

    private static Activation activation(IActivation a) {
        if (a instanceof ActivationELU elu) return elu.getAlpha() == 1.0 ? Activation.ELU : null;
        if (a instanceof ActivationReLU) return a.equals(new ActivationReLU()) ? Activation.RELU : null;
        if (a instanceof ActivationIdentity) return Activation.LINEAR;
        return null;
    }

    /** DL4J's [out, in, kh, kw] weights into Conv's [(ky, kx, in), out] rows. */
    private static void copyWeights(INDArray wArr, INDArray bArr, Conv conv) {
        long[] s = wArr.shape();
        int out = (int) s[0], in = (int) s[1], k = (int) s[2];
        float[] flat = wArr.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int o = 0; o < out; o++) {
            for (int ci = 0; ci < in; ci++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        conv.weight[((ky * k + kx) * in + ci) * out + o] = flat[((o * in + ci) * k + ky) * k + kx];
                    }
                }
            }
        }
        float[] b = bArr.castTo(DataType.FLOAT).dup('c').data().asFloat();
        System.arraycopy(b, 0, conv.bias, 0, out);
    }

    /** Channels of the last layer's output. */
    int filters() {
        return layers.get(layers.size() - 1).out;
    }

    /** Width of the last layer's output. */
    int outWidth() {
        return layers.get(layers.size() - 1).outW;
    }

    /** The last layer's outputs for channel-last frames (h × w × channels each), channel-last too. */
    float[][] forward(float[][] frames) {
        float[][] x = frames;
        for (Conv c : layers) {
            float[][] y = new float[x.length][c.outputSize()];
            c.forward(x, y);
            x = y;
        }
        return x;
    }
}
