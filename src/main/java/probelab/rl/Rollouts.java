package probelab.rl;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import probelab.env.Env;
import probelab.env.EpisodeStats;
import probelab.env.Step;
import probelab.env.TimeLimit;
import probelab.plot.Gif;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Playing a policy in an environment: greedy evaluation and recorded play. */
public final class Rollouts {
    private Rollouts() {}

    /** Options of {@code evaluate} and {@code play}. */
    public record PlayOptions(
            @Doc("episodes to play") int episodes,
            @Doc("seed of the environment's first reset") long seed,
            @Doc("step cap per episode (0: none); a capped episode counts as truncated") int maxSteps,
            @Doc("milliseconds between GIF frames (play only)") int frameMs) {
        public static final PlayOptions EVALUATE = new PlayOptions(1000, 10_000, 0, 150);
        public static final PlayOptions PLAY = new PlayOptions(10, 20_000, 0, 150);

        public PlayOptions {
            if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
            if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        }
    }

    /** Results of greedy play. */
    public record Evaluation(int episodes, double winRate, double meanReward, double meanLength) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Evaluation: %d episodes, win rate %.3f, mean reward %.3f, mean length %.1f",
                    episodes, winRate, meanReward, meanLength);
        }
    }

    /** Recorded episodes: every frame, the return of each episode. */
    public static final class Playback {
        private final List<BufferedImage> frames;
        private final double[] rewards;
        private final int wins;
        private final int frameMs;

        Playback(List<BufferedImage> frames, double[] rewards, int wins, int frameMs) {
            this.frames = frames;
            this.rewards = rewards;
            this.wins = wins;
            this.frameMs = frameMs;
        }

        public List<BufferedImage> getFrames() {
            return frames;
        }

        public double[] getRewards() {
            return rewards.clone();
        }

        public int getWins() {
            return wins;
        }

        /** Writes an animated GIF; a relative path lands in the output folder. Returns its path. */
        public Path gif(String path) {
            Path p = Gif.write(frames, OutputDir.current().resolve(path), frameMs, 1);
            System.out.println("wrote " + p + " (" + frames.size() + " frames)");
            return p;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Playback: %d episodes, %d frames, %d wins — .gif('play.gif') writes it",
                    rewards.length, frames.size(), wins);
        }
    }

    public static <A> Evaluation evaluate(Policy<A> policy, Env<A> env, PlayOptions o) {
        return (Evaluation) run(policy, env, o, false);
    }

    public static <A> Playback play(Policy<A> policy, Env<A> env, PlayOptions o) {
        return (Playback) run(policy, env, o, true);
    }

    private static <A> Object run(Policy<A> policy, Env<A> env, PlayOptions o, boolean record) {
        List<BufferedImage> frames = new ArrayList<>();
        double[] returns = new double[o.episodes()];
        int wins = 0;
        long length = 0;
        int done = 0;
        Env<A> capped = new EpisodeStats<>(TimeLimit.of(env, o.maxSteps()));
        for (int ep = 0; ep < o.episodes(); ep++) {
            if (Thread.currentThread().isInterrupted()) break;
            float[] obs = (ep == 0 ? capped.reset(o.seed()) : capped.reset()).observation();
            if (record) frames.add(capped.render());
            Step s;
            do {
                s = capped.step(policy.act(obs));
                if (record) frames.add(capped.render());
                obs = s.observation();
            } while (!s.done());
            if (isWin(s)) wins++;
            EpisodeStats.Episode e = EpisodeStats.of(s);
            returns[ep] = e.reward();
            length += e.length();
            done++;
        }
        if (done == 0) throw new IllegalStateException("interrupted before the first episode finished");
        double[] r = java.util.Arrays.copyOf(returns, done);
        if (record) return new Playback(frames, r, wins, o.frameMs());
        double mean = 0;
        for (double v : r) mean += v;
        return new Evaluation(done, (double) wins / done, mean / done, (double) length / done);
    }

    /** A win is what the environment says in {@code info.win}, else a positive final reward. */
    static boolean isWin(Step s) {
        Object w = s.info().get("win");
        return w instanceof Boolean b ? b : s.reward() > 0;
    }
}
