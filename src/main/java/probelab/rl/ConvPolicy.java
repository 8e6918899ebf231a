package probelab.rl;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import probelab.nn.Activation;
import probelab.nn.kernels.Conv;

/**
 * A feed-forward actor-critic from pixels for {@link Ppo}: two strided convolutions and a
 * dense layer (ReLU), then one categorical head's logits and the value, as the small Atari
 * encoders. The frame is channel-last {@code [height, width, channels]}. No recurrent state.
 */
public final class ConvPolicy implements ActorCritic {
    public record Options(@probelab.util.Doc("seed of the weights") long seed) {
        public static final Options DEFAULTS = new Options(1);
    }

    private final int height, width, channels, actions;
    private final Conv conv1, conv2, dense, out;
    private final List<float[]> params, grads;

    /** conv 16 (kernel 4, stride 4) → conv 32 (kernel 3, stride 2) → dense 128 → {@code actions} logits and a value. */
    public ConvPolicy(int height, int width, int channels, int actions, long seed) {
        if (actions < 2) throw new IllegalArgumentException("a policy needs at least 2 actions, got " + actions);
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.actions = actions;
        SplittableRandom rng = new SplittableRandom(seed);
        conv1 = new Conv(channels, 16, 4, 4, height, width, Activation.RELU, rng);
        conv2 = new Conv(16, 32, 3, 2, conv1.outH, conv1.outW, Activation.RELU, rng);
        dense = new Conv(conv2.outputSize(), 128, 1, 1, 1, 1, Activation.RELU, rng);
        out = new Conv(128, actions + 1, 1, 1, 1, 1, Activation.LINEAR, rng);
        // small policy logits at the start: every action about equally likely
        for (int i = 0; i < out.weight.length; i++) out.weight[i] *= 0.01f;
        params = List.of(conv1.weight, conv1.bias, conv2.weight, conv2.bias, dense.weight, dense.bias, out.weight, out.bias);
        grads = params.stream().map(p -> new float[p.length]).toList();
    }

    @Override
    public int[] heads() {
        return new int[] {actions};
    }

    @Override
    public int hiddenSize() {
        return 0;
    }

    private record Step(float[][] outputs, float[][] hidden) implements Act {}

    /** The activations of a forward pass over {@code x}, kept for the backward pass. */
    private record Pass(float[][] x, float[][] c1, float[][] c2, float[][] d, float[][] y, float[][][] outputs) implements Trace {}

    private Pass pass(float[][] x) {
        int n = x.length;
        for (float[] row : x) {
            if (row.length != height * width * channels) {
                throw new IllegalArgumentException("expected frames of " + height + "×" + width + "×" + channels + " = " + height * width * channels + " values, got " + row.length);
            }
        }
        float[][] c1 = new float[n][conv1.outputSize()], c2 = new float[n][conv2.outputSize()], d = new float[n][128], y = new float[n][actions + 1];
        conv1.forward(x, c1);
        conv2.forward(c1, c2);
        dense.forward(c2, d);
        out.forward(d, y);
        return new Pass(x, c1, c2, d, y, null);
    }

    @Override
    public Act act(float[][] obs, float[][] hidden) {
        return new Step(pass(obs).y(), new float[obs.length][0]);
    }

    @Override
    public Trace forward(float[][][] obs, float[][] h0, boolean[][] reset) {
        int T = obs.length, n = obs[0].length;
        float[][] flat = new float[T * n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) flat[t * n + k] = obs[t][k];
        Pass p = pass(flat);
        float[][][] outputs = new float[T][n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) outputs[t][k] = p.y()[t * n + k];
        return new Pass(p.x(), p.c1(), p.c2(), p.d(), p.y(), outputs);
    }

    @Override
    public void backward(Trace trace, float[][][] dOutputs) {
        if (!(trace instanceof Pass p)) throw new IllegalArgumentException("a ConvPolicy backward pass needs its own forward pass's trace");
        int T = dOutputs.length, n = dOutputs[0].length;
        float[][] dy = new float[T * n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) dy[t * n + k] = dOutputs[t][k].clone();
        float[][] dd = new float[T * n][128], dc2 = new float[T * n][conv2.outputSize()], dc1 = new float[T * n][conv1.outputSize()];
        out.backward(p.d(), p.y(), dy, grads.get(6), grads.get(7), dd, false);
        dense.backward(p.c2(), p.d(), dd, grads.get(4), grads.get(5), dc2, false);
        conv2.backward(p.c1(), p.c2(), dc2, grads.get(2), grads.get(3), dc1, false);
        conv1.backward(p.x(), p.c1(), dc1, grads.get(0), grads.get(1), null, false);
    }

    @Override
    public List<float[]> parameters() {
        return params;
    }

    @Override
    public List<float[]> gradients() {
        return grads;
    }

    @Override
    public void zeroGradients() {
        for (float[] g : grads) Arrays.fill(g, 0f);
    }

    @Override
    public String checkpointKind() {
        return "ppo-conv";
    }

    @Override
    public Object settings() {
        return java.util.Map.of("height", height, "width", width, "channels", channels, "actions", actions);
    }

    @Override
    public String toString() {
        return "ConvPolicy " + height + "×" + width + "×" + channels + " → conv 16 k4 s4 → conv 32 k3 s2 → dense 128 → " + actions + " actions + value";
    }
}
