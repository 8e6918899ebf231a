package probelab.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.env.Env;
import probelab.env.Step;
import probelab.nn.Mlp;
import probelab.rl.Dqn;

/**
 * An agent's inside during play: every layer of its network at every step of a greedy
 * rollout, with what happened at that step (action, reward, value, episode) and the steps of
 * marked events (wins and losses), ready for PCA, t-SNE and raster plots.
 */
public final class Rollout {
    public final Activations activations;
    public final int[] action;
    public final double[] reward;
    /** The agent's value of each step's observation (max over Q for a DQN). */
    public final double[] value;
    public final int[] episode;
    /** Steps at which named events happened: "win", "loss" (the step whose reward ended the episode). */
    public final Map<String, int[]> events;

    private Rollout(Activations a, int[] action, double[] reward, double[] value, int[] episode, Map<String, int[]> events) {
        this.activations = a;
        this.action = action;
        this.reward = reward;
        this.value = value;
        this.episode = episode;
        this.events = events;
    }

    public int steps() {
        return action.length;
    }

    /** Plays a DQN agent greedily for {@code steps} steps (episodes restart as they end), recording its layers. */
    /** Options of {@link #record}. */
    public record Options(@probelab.util.Doc("steps to play (episodes restart as they end)") int steps,
                          @probelab.util.Doc("seed of the first reset") long seed) {
        public static final Options DEFAULTS = new Options(1000, 0);

        public Options {
            probelab.util.Check.atLeast("steps", steps, 1);
        }
    }

    public static Rollout record(Dqn agent, Env<Integer> env, Options o) {
        return record(agent, env, o.steps(), o.seed());
    }

    public static Rollout record(Dqn agent, Env<Integer> env, int steps, long seed) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        Mlp net = agent.getNetwork();
        int layers = net.layers();
        List<float[][]> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) perLayer.add(new float[steps][]);
        int[] action = new int[steps], episode = new int[steps];
        double[] reward = new double[steps], value = new double[steps];
        List<Integer> wins = new ArrayList<>(), losses = new ArrayList<>();
        float[] obs = env.reset(seed).observation();
        int ep = 0, t = 0;
        for (; t < steps; t++) {
            if (Thread.currentThread().isInterrupted()) break;
            float[] q = net.forward(obs);
            List<float[][]> acts = net.lastActivations();
            for (int l = 0; l < layers; l++) perLayer.get(l)[t] = acts.get(l)[0];
            int a = 0;
            for (int k = 1; k < q.length; k++) if (q[k] > q[a]) a = k;
            value[t] = q[a];
            action[t] = a;
            episode[t] = ep;
            Step s = env.step(a);
            reward[t] = s.reward();
            obs = s.observation();
            if (s.terminated() || s.truncated()) {
                Object w = s.info().get("win");
                boolean win = w instanceof Boolean b ? b : s.reward() > 0;
                (win ? wins : losses).add(t);
                obs = env.reset().observation();
                ep++;
            }
        }
        int done = t;
        Activations a = new Activations();
        for (int l = 0; l < layers; l++) {
            float[][] rows = java.util.Arrays.copyOf(perLayer.get(l), done);
            a.putRows(l == layers - 1 ? "q" : "hidden" + (l + 1), rows);
        }
        Map<String, int[]> events = new LinkedHashMap<>();
        events.put("win", wins.stream().mapToInt(Integer::intValue).toArray());
        events.put("loss", losses.stream().mapToInt(Integer::intValue).toArray());
        return new Rollout(a, java.util.Arrays.copyOf(action, done), java.util.Arrays.copyOf(reward, done),
                java.util.Arrays.copyOf(value, done), java.util.Arrays.copyOf(episode, done), events);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rollout of %d steps (%d episodes, %d wins, %d losses); layers %s",
                steps(), steps() == 0 ? 0 : episode[steps() - 1] + 1, events.get("win").length, events.get("loss").length,
                activations.names());
    }
}
