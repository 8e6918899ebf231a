package probelab.rl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The history of a training run, one entry per episode: return, win (1, 0, or NaN where the
 * environment has no notion of winning), mean loss of the episode's updates, ε, length.
 * Series come out as {@code double[]} so they plot directly: {@code plot(run.winRate)}.
 */
public final class TrainingRun {
    private final String name;
    private double[] reward = new double[64], win = new double[64], loss = new double[64],
            epsilon = new double[64], steps = new double[64];
    private int n;
    private double seconds;
    private boolean interrupted;

    public TrainingRun(String name) {
        this.name = name;
    }

    void add(double r, double w, double l, double eps, int len) {
        if (n == reward.length) {
            int m = n * 2;
            reward = Arrays.copyOf(reward, m);
            win = Arrays.copyOf(win, m);
            loss = Arrays.copyOf(loss, m);
            epsilon = Arrays.copyOf(epsilon, m);
            steps = Arrays.copyOf(steps, m);
        }
        reward[n] = r;
        win[n] = w;
        loss[n] = l;
        epsilon[n] = eps;
        steps[n] = len;
        n++;
    }

    void addSeconds(double s) {
        seconds += s;
    }

    void setInterrupted(boolean b) {
        interrupted = b;
    }

    public String getName() {
        return name;
    }

    public int getEpisodes() {
        return n;
    }

    public double getSeconds() {
        return seconds;
    }

    /** True when Ctrl-C (a thread interrupt) ended the last training call early. */
    public boolean isInterrupted() {
        return interrupted;
    }

    public double[] getReward() {
        return Arrays.copyOf(reward, n);
    }

    public double[] getWin() {
        return Arrays.copyOf(win, n);
    }

    public double[] getLoss() {
        return Arrays.copyOf(loss, n);
    }

    public double[] getEpsilon() {
        return Arrays.copyOf(epsilon, n);
    }

    public double[] getSteps() {
        return Arrays.copyOf(steps, n);
    }

    /** Win rate over the last 100 episodes (fewer at the start), per episode. */
    public double[] getWinRate() {
        return runningMean(win, n, 100);
    }

    /** Mean return over the last 100 episodes, per episode. */
    public double[] getMeanReward() {
        return runningMean(reward, n, 100);
    }

    public int getWins() {
        int w = 0;
        for (int i = 0; i < n; i++) if (win[i] == 1) w++;
        return w;
    }

    /** Win rate of the last {@code k} episodes. */
    public double winRateLast(int k) {
        int from = Math.max(0, n - k), c = 0;
        if (n == 0) return Double.NaN;
        for (int i = from; i < n; i++) if (win[i] == 1) c++;
        return (double) c / (n - from);
    }

    static double[] runningMean(double[] x, int n, int window) {
        double[] out = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i];
            if (i >= window) sum -= x[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    /** Headline numbers for summary.json. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodes", n);
        m.put("train_seconds", seconds);
        m.put("wins_total", getWins());
        m.put("train_win_rate_last100", winRateLast(100));
        m.put("interrupted", interrupted);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrainingRun %s: %d episodes, %d wins, win rate (last 100) %.2f, %.1fs%s",
                name, n, getWins(), winRateLast(100), seconds, interrupted ? " (interrupted)" : "");
    }
}
