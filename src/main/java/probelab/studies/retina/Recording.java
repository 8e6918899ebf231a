package probelab.studies.retina;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import probelab.env.Step;
import probelab.rl.Ppo;

/**
 * A recorded stretch of the retinal agent in the room: what it saw, its dense and GRU
 * activity, the value, the health, its actions, and the steps with food and poison pickups.
 */
public record Recording(float[][] frames, float[][] dense, float[][] hidden, double[] value, double[] health, int[] actions,
                        int[] foodSteps, int[] poisonSteps, List<BufferedImage> pictures) {
    public int steps() {
        return value.length;
    }

    /**
     * Runs the agent (sampling its policy) for {@code steps} steps from a seeded reset; an
     * episode that ends is restarted. The first {@code pictures} frames are kept as pictures
     * (scale 3).
     */
    public static Recording of(Ppo<RetinaNet> agent, ForagingEnv env, int steps, long seed, int pictures) {
        RetinaNet net = agent.net;
        SplittableRandom rng = new SplittableRandom(seed);
        float[] obs = env.reset(seed).observation();
        float[] h = new float[net.hiddenSize()];
        float[][] frames = new float[steps][], dense = new float[steps][], hid = new float[steps][];
        double[] value = new double[steps], health = new double[steps];
        int[] actions = new int[steps];
        List<Integer> food = new ArrayList<>(), poison = new ArrayList<>();
        List<BufferedImage> pics = new ArrayList<>();
        int foodSoFar = 0, poisonSoFar = 0;
        for (int t = 0; t < steps; t++) {
            RetinaNet.Act a = net.act(new float[][] {obs}, new float[][] {h});
            float[] out = a.outputs()[0];
            double[] pt = Ppo.softmax(out, 0, 3), pm = Ppo.softmax(out, 3, 3);
            int action = 3 * Ppo.sample(pt, rng) + Ppo.sample(pm, rng);
            frames[t] = obs;
            dense[t] = a.encoded()[0].features;
            hid[t] = a.hidden()[0];
            value[t] = out[6];
            actions[t] = action;
            h = a.hidden()[0];
            if (t < pictures) pics.add(env.frame(3));
            Step s = env.step(action);
            health[t] = env.health();
            // the environment counts food and poison per episode; a step that raised a count picked one up
            int foodNow = (Integer) s.info().get("food"), poisonNow = (Integer) s.info().get("poison");
            if (foodNow > foodSoFar) food.add(t);
            if (poisonNow > poisonSoFar) poison.add(t);
            foodSoFar = s.done() ? 0 : foodNow;
            poisonSoFar = s.done() ? 0 : poisonNow;
            if (s.done()) {
                obs = env.reset().observation();
                h = new float[net.hiddenSize()];
            } else {
                obs = s.observation();
            }
        }
        return new Recording(frames, dense, hid, value, health, actions, food.stream().mapToInt(Integer::intValue).toArray(),
                poison.stream().mapToInt(Integer::intValue).toArray(), pics);
    }
}
