package probelab.rl;

import java.util.Arrays;
import java.util.List;
import probelab.nn.Activation;
import probelab.nn.Mlp;

/**
 * A feed-forward actor-critic for {@link Ppo}: a multilayer perceptron from the (flat)
 * observation to one categorical head's logits and the value. No recurrent state.
 */
public final class MlpPolicy implements ActorCritic {
    private final Mlp mlp;
    private final int[] heads;

    /** {@code inputs} → {@code hidden} (ReLU) → one head of {@code actions} logits and a value. */
    public MlpPolicy(int inputs, int[] hidden, int actions, long seed) {
        this(inputs, hidden, new int[] {actions}, seed);
    }

    /** As above with several categorical heads, combined in mixed radix into one action. */
    public MlpPolicy(int inputs, int[] hidden, int[] heads, long seed) {
        this.heads = heads.clone();
        int outputs = 1;
        for (int h : heads) outputs += h;
        this.mlp = new Mlp(Mlp.sizes(inputs, hidden, outputs), Activation.RELU, Activation.LINEAR, seed);
    }

    @Override
    public int[] heads() {
        return heads.clone();
    }

    @Override
    public int hiddenSize() {
        return 0;
    }

    private record Step(float[][] outputs, float[][] hidden) implements Act {}

    private record Pass(float[][][] outputs, float[][] flat) implements Trace {}

    @Override
    public Act act(float[][] obs, float[][] hidden) {
        float[][] out = mlp.forward(obs, obs.length);
        float[][] copy = new float[obs.length][];
        for (int i = 0; i < copy.length; i++) copy[i] = out[i].clone();
        float[][] none = new float[obs.length][0];
        return new Step(copy, none);
    }

    @Override
    public Trace forward(float[][][] obs, float[][] h0, boolean[][] reset) {
        int T = obs.length, n = obs[0].length;
        float[][] flat = new float[T * n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) flat[t * n + k] = obs[t][k];
        float[][] out = mlp.forward(flat, flat.length);
        float[][][] outputs = new float[T][n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) outputs[t][k] = out[t * n + k].clone();
        return new Pass(outputs, flat);
    }

    @Override
    public void backward(Trace trace, float[][][] dOutputs) {
        if (!(trace instanceof Pass p)) throw new IllegalArgumentException("an MlpPolicy backward pass needs its own forward pass's trace");
        int T = dOutputs.length, n = dOutputs[0].length;
        float[][] d = new float[T * n][];
        for (int t = 0; t < T; t++) for (int k = 0; k < n; k++) d[t * n + k] = dOutputs[t][k];
        mlp.forward(p.flat(), p.flat().length); // the activations backward reads, whatever ran since
        mlp.backward(d);
    }

    @Override
    public List<float[]> parameters() {
        return mlp.parameters();
    }

    @Override
    public List<float[]> gradients() {
        return mlp.gradients();
    }

    @Override
    public void zeroGradients() {
        for (float[] g : mlp.gradients()) Arrays.fill(g, 0f);
    }

    @Override
    public Object settings() {
        return java.util.Map.of("sizes", mlp.sizes(), "heads", heads);
    }

    @Override
    public String toString() {
        return "MlpPolicy " + Arrays.toString(mlp.sizes()) + ", heads " + Arrays.toString(heads);
    }
}
