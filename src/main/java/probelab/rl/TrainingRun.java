package probelab.rl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import probelab.plot.Figure;
import probelab.plot.LineOptions;
import probelab.plot.Plots;
import probelab.plot.Plottable;
import probelab.plot.Series;

/**
 * The history of a training run, one entry per episode: return, win (1, 0, or NaN where the
 * environment has no notion of winning), mean loss of the episode's updates, ε, length.
 * Each comes out as a named {@link Series} per episode, so it plots with its own title and
 * labels: {@code plot(run.winRate)}.
 */
public final class TrainingRun implements Plottable {
    private final String name;
    private double[] reward = new double[64], win = new double[64], loss = new double[64],
            epsilon = new double[64], steps = new double[64];
    private int n;
    private double seconds;
    private boolean interrupted;
    private String diverged;

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

    void setDiverged(String message) {
        diverged = message;
    }

    /** Why training stopped at a NaN or infinite loss or gradient, or null when it did not. */
    public String getDiverged() {
        return diverged;
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

    public Series getReward() {
        return perEpisode("return", reward);
    }

    public Series getWin() {
        return perEpisode("win", win);
    }

    public Series getLoss() {
        return perEpisode("mean loss", loss);
    }

    public Series getEpsilon() {
        return perEpisode("ε", epsilon);
    }

    public Series getSteps() {
        return perEpisode("steps", steps);
    }

    /** Win rate over the last 100 episodes (fewer at the start), per episode. */
    public Series getWinRate() {
        return new Series("win rate (last 100 episodes)", "episode", runningMean(win, n, 100));
    }

    /** Mean return over the last 100 episodes, per episode. */
    public Series getMeanReward() {
        return new Series("mean return (last 100 episodes)", "episode", runningMean(reward, n, 100));
    }

    private Series perEpisode(String what, double[] v) {
        return new Series(what, "episode", Arrays.copyOf(v, n));
    }

    @Override
    public LineOptions plotDefaults() {
        return LineOptions.of(name + " training", "episode", "mean over the last 100 episodes");
    }

    /** Win rate and mean return over the last 100 episodes. */
    @Override
    public Figure figure(LineOptions o) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("win rate", runningMean(win, n, 100));
        series.put("return", runningMean(reward, n, 100));
        return Plots.lines(series, o);
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
        if (diverged != null) m.put("diverged", diverged);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "TrainingRun %s: %d episodes, %d wins, win rate (last 100) %.2f, %.1fs%s",
                name, n, getWins(), winRateLast(100), seconds, interrupted ? " (interrupted)" : diverged != null ? " (stopped: diverged)" : "");
    }
}
