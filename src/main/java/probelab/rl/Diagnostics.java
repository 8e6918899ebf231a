package probelab.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.plot.Series;

/**
 * What a researcher looks at when an actor-critic run degrades, one value per episode:
 * <ul>
 *   <li>the actions played (mean per dimension),</li>
 *   <li>the episode's worst and best step reward (outliers of the environment),</li>
 *   <li>the critic's belief: (1 − γ)·Q₁(s, a) over the episode's transitions, the constant step
 *       reward that Q would be worth, next to the step reward actually seen (overestimation
 *       shows as the first above the second),</li>
 *   <li>the critic's mean squared TD error over the episode's learning steps,</li>
 *   <li>actor saturation: mean |pre-tanh output| on the episode's states, and the fraction of
 *       outputs with |pre| &gt; 3, where tanh' &lt; 0.01 and the actor barely learns,</li>
 *   <li>the replay memory's content: its mean reward, its worst reward, and the spread (sd) of
 *       its actions, averaged over dimensions.</li>
 * </ul>
 */
public final class Diagnostics {
    /** Above this |pre-activation| tanh's slope is under 0.01. */
    static final double SATURATED = 3;

    private final int actions;
    private final List<double[]> action = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private static final String[] NAMES = {"reward_min", "reward_max", "reward_mean", "q_implied_reward", "critic_loss",
            "actor_pre_abs", "actor_saturated", "replay_reward_mean", "replay_reward_min", "replay_action_sd"};

    Diagnostics(int actions) {
        this.actions = actions;
    }

    /** One episode's transitions (states, actions, rewards) seen by the agent at its end. */
    void record(ContinuousAgent agent, List<float[]> s, List<float[]> a, List<Double> r) {
        int n = s.size();
        if (n == 0) return;
        float[][] ss = s.toArray(new float[0][]), aa = a.toArray(new float[0][]);
        ContinuousAgent.View v = agent.view(ss, aa);
        double[] meanAction = new double[actions];
        for (float[] row : aa) for (int i = 0; i < actions; i++) meanAction[i] += row[i] / n;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, q = 0, pre = 0, sat = 0;
        for (int k = 0; k < n; k++) {
            double x = r.get(k);
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            q += v.q()[k];
        }
        int outs = 0;
        for (float[] p : v.actorPre()) for (float x : p) {
            pre += Math.abs(x);
            if (Math.abs(x) > SATURATED) sat++;
            outs++;
        }
        ContinuousAgent.ReplayStats m = agent.replayStats();
        action.add(meanAction);
        rows.add(new double[] {min, max, sum / n, (1 - agent.gamma()) * q / n, agent.drainCriticLoss(),
                outs == 0 ? Double.NaN : pre / outs, outs == 0 ? Double.NaN : sat / outs,
                m.rewardMean(), m.rewardMin(), m.actionSd()});
    }

    public int episodes() {
        return rows.size();
    }

    /** Every diagnostic as a series per episode, by name; actions as {@code action_0}, {@code action_1}, …. */
    public Map<String, Series> series() {
        Map<String, Series> out = new LinkedHashMap<>();
        for (int i = 0; i < actions; i++) {
            double[] v = new double[action.size()];
            for (int e = 0; e < v.length; e++) v[e] = action.get(e)[i];
            out.put("action_" + i, new Series("action " + i + " (mean per episode)", "episode", v));
        }
        for (int j = 0; j < NAMES.length; j++) {
            double[] v = new double[rows.size()];
            for (int e = 0; e < v.length; e++) v[e] = rows.get(e)[j];
            out.put(NAMES[j], new Series(NAMES[j].replace('_', ' '), "episode", v));
        }
        return out;
    }

    /** One series by name (see {@link #series()}). */
    public Series get(String name) {
        Series s = series().get(name);
        if (s == null) throw new IllegalArgumentException("no diagnostic '" + name + "'; valid: " + String.join(", ", series().keySet()));
        return s;
    }

    /**
     * Consecutive blocks of {@code block} episodes, per diagnostic, as a compact trace for
     * {@code summary.json} (1,000 episodes in blocks of 100 give ten values each): the lowest
     * value of a block for the worst rewards, the highest for the best, the mean for the rest.
     */
    public Map<String, double[]> blocks(int block) {
        if (block < 1) throw new IllegalArgumentException("block must be at least 1, got " + block);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Series> e : series().entrySet()) {
            double[] v = e.getValue().values();
            int k = (v.length + block - 1) / block;
            double[] values = new double[k];
            for (int b = 0; b < k; b++) {
                int from = b * block, to = Math.min(v.length, from + block);
                String name = e.getKey();
                double s = name.endsWith("_min") ? Double.POSITIVE_INFINITY : name.endsWith("_max") ? Double.NEGATIVE_INFINITY : 0;
                for (int i = from; i < to; i++) {
                    s = name.endsWith("_min") ? Math.min(s, v[i]) : name.endsWith("_max") ? Math.max(s, v[i]) : s + v[i];
                }
                values[b] = name.endsWith("_min") || name.endsWith("_max") ? s : s / (to - from);
            }
            out.put(e.getKey(), values);
        }
        return out;
    }
}
