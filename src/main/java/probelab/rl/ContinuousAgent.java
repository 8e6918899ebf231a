package probelab.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import probelab.env.Env;
import probelab.env.EpisodeStats;
import probelab.env.Step;
import probelab.env.TimeLimit;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * A learner for continuous (Box) actions that learns after every step: TD3, DDPG, SAC. The
 * training loop lives here, once: play, remember, learn; score each episode by its mean step
 * reward, as the seed reports it; Ctrl-C stops after the current step, keeping what was learned.
 */
public interface ContinuousAgent {
    /** The greedy action. */
    float[] act(float[] obs);

    /** The action to play while learning. */
    float[] explore(float[] obs);

    void remember(float[] s, float[] a, double r, float[] s2, boolean done);

    /** One learning step (nothing until the memory holds a minibatch). */
    void learn();

    /** Name for progress bars. */
    String name();

    /** The learner's view of some transitions: Q₁(s, a) per row and the actor's pre-tanh outputs at each s. */
    record View(float[] q, float[][] actorPre) {}

    /** What the critic and actor make of these states and actions now (no learning). */
    View view(float[][] s, float[][] a);

    /** The discount γ. */
    double gamma();

    /** Mean squared TD error of the first critic over the learning steps since the last call; NaN if none. */
    double drainCriticLoss();

    /** The replay memory's content: mean and worst reward, and the spread of its actions (sd, averaged over dimensions). */
    record ReplayStats(int size, double rewardMean, double rewardMin, double actionSd) {}

    ReplayStats replayStats();

    /** Scores of a training run: the mean step reward of each episode, and what {@link Diagnostics} saw. */
    record Run(double[] score, boolean interrupted, Diagnostics diagnostics, String diverged) {
        public Run(double[] score, boolean interrupted, Diagnostics diagnostics) {
            this(score, interrupted, diagnostics, null);
        }

        /** Mean score of the last {@code k} episodes. */
        public double lastMean(int k) {
            int from = Math.max(0, score.length - k);
            double s = 0;
            for (int i = from; i < score.length; i++) s += score[i];
            return score.length == from ? Double.NaN : s / (score.length - from);
        }

        /** Running mean over the last {@code window} episodes, per episode. */
        public double[] runningMean(int window) {
            double[] out = new double[score.length];
            double s = 0;
            for (int i = 0; i < score.length; i++) {
                s += score[i];
                if (i >= window) s -= score[i - window];
                out[i] = s / Math.min(i + 1, window);
            }
            return out;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d episodes; mean step reward of the last 50: %.3f%s", score.length, lastMean(50),
                    interrupted ? " (interrupted)" : diverged != null ? " (stopped: diverged)" : "");
        }
    }

    /** Options of {@link #train}. */
    record TrainOptions(@Doc("episodes to play") int episodes, @Doc("steps per episode") int maxSteps,
                        @Doc("seed of the first reset") long seed, @Doc("show a progress bar") boolean progress,
                        @Doc("a NaN or infinite loss or gradient: stop (keeping the last finite weights) or warn (skip such updates)") String onNonFinite) {
        public static final TrainOptions DEFAULTS = new TrainOptions(200, 2, 0, true, "stop");

        public TrainOptions {
            probelab.util.Check.atLeast("episodes", episodes, 1);
            probelab.util.Check.atLeast("maxSteps", maxSteps, 1);
            probelab.optim.Optimizer.OnNonFinite.of(onNonFinite);
        }

        /** Stopping on divergence. */
        public TrainOptions(int episodes, int maxSteps, long seed, boolean progress) {
            this(episodes, maxSteps, seed, progress, "stop");
        }
    }

    /** What every optimiser of the learner does on a NaN or infinite loss or gradient. */
    void onNonFinite(probelab.optim.Optimizer.OnNonFinite mode);

    default Run train(Env<float[]> env, TrainOptions t) {
        double[] score = new double[t.episodes()];
        Env<float[]> play = new EpisodeStats<>(new TimeLimit<>(env, t.maxSteps()));
        Progress bar = new Progress(name(), t.episodes(), t.progress());
        Diagnostics diagnostics = new Diagnostics(((probelab.env.Box) env.actionSpace()).size());
        onNonFinite(probelab.optim.Optimizer.OnNonFinite.of(t.onNonFinite()));
        int ep = 0;
        boolean interrupted = false;
        String diverged = null;
        for (; ep < t.episodes() && !interrupted && diverged == null; ep++) {
            float[] obs = (ep == 0 ? play.reset(t.seed()) : play.reset()).observation();
            EpisodeStats.Episode done = null;
            double partial = 0;
            int k = 0;
            List<float[]> states = new ArrayList<>(), actions = new ArrayList<>();
            List<Double> rewards = new ArrayList<>();
            while (done == null) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                float[] a = explore(obs);
                Step st = play.step(a);
                remember(obs, a, st.reward(), st.observation(), st.terminated());
                try {
                    learn();
                } catch (probelab.optim.Diverged d) { // the update was not applied: keep the last finite weights and stop
                    diverged = d.getMessage();
                }
                states.add(obs);
                actions.add(a);
                rewards.add(st.reward());
                partial += st.reward();
                k++;
                obs = st.observation();
                done = EpisodeStats.of(st);
                if (diverged != null) break;
            }
            if (k == 0) break;
            diagnostics.record(this, states, actions, rewards);
            // an interrupted episode scores what it played, as before the wrapper
            score[ep] = done != null ? done.reward() / done.length() : partial / k;
            bar.update(ep + 1, "score", score[ep]);
        }
        Run run = new Run(Arrays.copyOf(score, ep), interrupted, diagnostics, diverged);
        bar.finish(ep, interrupted ? "interrupted — kept " + ep + " episodes" : diverged != null ? "stopped in episode " + ep + ": diverged" : "done",
                "last50", run.lastMean(50));
        if (diverged != null) System.err.println(name() + ": " + diverged);
        return run;
    }
}
