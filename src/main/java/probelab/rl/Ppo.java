package probelab.rl;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import probelab.env.Env;
import probelab.env.EpisodeStats;
import probelab.env.Step;
import probelab.nn.ModelFile;
import probelab.optim.Optimizer;
import probelab.util.Doc;
import probelab.util.Json;
import probelab.util.Progress;

/**
 * PPO (Schulman et al. 2017) for any {@link ActorCritic}, recurrent or feed-forward: several
 * environments stepped in lockstep, GAE, the clipped surrogate with an entropy bonus and a value
 * loss, gradient clipping by global norm, and backpropagation through each rollout's steps from
 * the state it began with. One update reads top to bottom in {@link #train}: {@link #rollout},
 * {@link #advantages}, {@link #update}; the loss's gradient at the outputs is
 * {@link #lossGradient}, tested on its own.
 *
 * <p>Checkpoints (weights, Adam's state, counters) are written atomically every
 * {@code checkpointEvery} frames; {@link #resume} continues from the latest. Ctrl-C stops after
 * the current update, keeping the weights.
 *
 * @param <P> the network, so that a study keeps its own type ({@code Ppo<RetinaNet>})
 */
public final class Ppo<P extends ActorCritic> {

    public record Options(
            @Doc("environments stepped together") int envs,
            @Doc("steps per environment per rollout (the BPTT length)") int steps,
            @Doc("passes over each rollout") int epochs,
            @Doc("minibatches per pass (environments split between them)") int minibatches,
            @Doc("Adam learning rate") double learningRate,
            @Doc("discount γ") double gamma,
            @Doc("GAE λ") double lambda,
            @Doc("clip range ε of the probability ratio") double clip,
            @Doc("entropy bonus coefficient") double entropy,
            @Doc("value loss coefficient") double valueCoef,
            @Doc("largest global gradient norm") double maxGradNorm,
            @Doc("seed of actions, minibatches and environment resets") long seed,
            @Doc("frames between checkpoints (0: none)") long checkpointEvery,
            @Doc("folder of the checkpoints (empty: the output folder's checkpoints/)") String checkpointDir,
            @Doc("show a progress bar") boolean progress,
            @Doc("a NaN or infinite loss or gradient: stop (keeping the last finite weights) or warn (skip such updates)") String onNonFinite) {
        public static final Options DEFAULTS = new Options(8, 32, 4, 4, 3e-4, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5, 1, 0, "", true, "stop");

        public Options {
            probelab.util.Check.atLeast("envs", envs, 1);
            probelab.util.Check.atLeast("steps", steps, 1);
            probelab.util.Check.atLeast("epochs", epochs, 1);
            probelab.util.Check.atLeast("minibatches", minibatches, 1);
            if (minibatches > envs) throw new IllegalArgumentException("minibatches (" + minibatches + ") cannot exceed envs (" + envs + "): minibatches split the environments");
            probelab.util.Check.positive("learningRate", learningRate);
            probelab.util.Check.between("gamma", gamma, 0, 1);
            probelab.util.Check.between("lambda", lambda, 0, 1);
            probelab.util.Check.positive("clip", clip);
            probelab.util.Check.nonNegative("entropy", entropy);
            probelab.util.Check.nonNegative("valueCoef", valueCoef);
            probelab.util.Check.positive("maxGradNorm", maxGradNorm);
            probelab.util.Check.atLeast("checkpointEvery", checkpointEvery, 0L);
            Optimizer.OnNonFinite.of(onNonFinite);
        }
    }

    public final P net;
    public final Options o;
    private final Optimizer opt;
    private final int[] heads;
    private final int valueIndex;
    private long frames, updates, episodes;
    private final List<Double> returns = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private final List<Map<String, Object>> endInfos = new ArrayList<>();

    public Ppo(P net, Options o) {
        if (net == null) throw new IllegalArgumentException("ppo needs a network (an ActorCritic such as retinaNet()), got null");
        this.net = net;
        this.o = o;
        this.heads = net.heads().clone();
        this.valueIndex = net.outputs() - 1;
        this.opt = new Optimizer.Adam(o.learningRate(), 0.9, 0.999, 1e-5).onNonFinite(Optimizer.OnNonFinite.of(o.onNonFinite()));
    }

    public long frames() {
        return frames;
    }

    public long updates() {
        return updates;
    }

    /** What a training run did: per finished episode its return, length and last info. */
    public record Run(long frames, long updates, double seconds, double[] returns, int[] lengths, List<Map<String, Object>> infos, String diverged) {
        public double framesPerSecond() {
            return frames / Math.max(1e-9, seconds);
        }

        public double meanReturn(int last) {
            int n = Math.min(last, returns.length);
            double s = 0;
            for (int i = returns.length - n; i < returns.length; i++) s += returns[i];
            return n == 0 ? Double.NaN : s / n;
        }

        /** An integer the environment reported in each episode's last info ({@code "food"}), 0 where it did not. */
        public int[] count(String key) {
            return infos.stream().mapToInt(m -> m.get(key) instanceof Number n ? n.intValue() : 0).toArray();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "PPO: %d frames in %.1f s (%.0f frames/s), %d episodes; mean return of the last 20: %.2f",
                    frames, seconds, framesPerSecond(), returns.length, meanReturn(20));
        }
    }

    /** Trains for {@code totalFrames} more frames; checkpoints (when asked for) go to the options' folder or the output folder's checkpoints/. */
    public Run train(IntFunction<? extends Env<Integer>> makeEnv, long totalFrames) {
        Path dir = o.checkpointEvery() <= 0 ? null
                : o.checkpointDir().isEmpty() ? probelab.util.OutputDir.current().path().resolve("checkpoints") : Path.of(o.checkpointDir());
        return train(makeEnv, totalFrames, dir);
    }

    /** The environments and where each one is: its observation, recurrent state, and whether an episode just began. */
    private final class Envs {
        final List<Env<Integer>> envs = new ArrayList<>();
        final float[][] obs, h;
        final boolean[] starting;

        Envs(IntFunction<? extends Env<Integer>> makeEnv) {
            int E = o.envs();
            obs = new float[E][];
            h = new float[E][net.hiddenSize()];
            starting = new boolean[E];
            java.util.Arrays.fill(starting, true);
            for (int e = 0; e < E; e++) {
                envs.add(new EpisodeStats<>(makeEnv.apply(e)));
                obs[e] = envs.get(e).reset(o.seed() * 7919 + updates * 131 + e).observation();
            }
        }

        /** The states to act from: zero where an episode begins. */
        float[][] states() {
            float[][] s = new float[obs.length][];
            for (int e = 0; e < s.length; e++) s[e] = starting[e] ? new float[net.hiddenSize()] : h[e];
            return s;
        }
    }

    /** One rollout: T steps of E environments, with what the update needs. */
    record Rollout(float[][][] obs, boolean[][] reset, int[][][] choices, float[][] logp, float[][] value, float[][] reward,
                   boolean[][] done, float[][] h0) {}

    /** Trains for {@code totalFrames} more frames on environments made by {@code makeEnv(index)}. */
    public Run train(IntFunction<? extends Env<Integer>> makeEnv, long totalFrames, Path checkpoints) {
        Envs envs = new Envs(makeEnv);
        long start = frames, target = frames + totalFrames;
        long t0 = System.nanoTime();
        int firstEpisode = returns.size();
        Progress bar = new Progress("ppo", totalFrames, o.progress());
        long nextCheckpoint = o.checkpointEvery() > 0 ? (frames / o.checkpointEvery() + 1) * o.checkpointEvery() : Long.MAX_VALUE;

        String diverged = null;
        while (frames < target && !Thread.currentThread().isInterrupted()) {
            SplittableRandom rng = new SplittableRandom(o.seed() * 1_000_003L + updates);
            Rollout r = rollout(envs, rng);
            float[][][] advRet = advantages(r, envs);
            UpdateStats stats;
            try {
                stats = update(r, advRet[0], advRet[1], rng);
            } catch (probelab.optim.Diverged d) { // that minibatch's update was not applied: the weights are the last finite ones
                diverged = d.getMessage();
                break;
            }
            updates++;

            int recent = Math.min(20, returns.size());
            double meanReturn = recent == 0 ? Double.NaN : returns.subList(returns.size() - recent, returns.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double secs = (System.nanoTime() - t0) / 1e9;
            bar.update(frames - start, "fps", Math.round((frames - start) / secs), "return20", meanReturn, "entropy", stats.entropy(),
                    "kl", stats.approxKl(), "clip", stats.clipFraction());
            if (frames >= nextCheckpoint && checkpoints != null) {
                keep(save(checkpoints.resolve(String.format("ppo-%012d.ckpt", frames))), meanReturn);
                nextCheckpoint += o.checkpointEvery();
            }
        }
        boolean interrupted = Thread.currentThread().isInterrupted();
        bar.finish(frames - start, interrupted ? "interrupted — kept the weights after " + (frames - start) + " frames"
                : diverged != null ? "stopped after " + (frames - start) + " frames: diverged" : "done");
        if (diverged != null) System.err.println("ppo: " + diverged);
        for (Env<Integer> env : envs.envs) env.close();
        return new Run(frames - start, updates, (System.nanoTime() - t0) / 1e9,
                returns.subList(firstEpisode, returns.size()).stream().mapToDouble(Double::doubleValue).toArray(),
                lengths.subList(firstEpisode, lengths.size()).stream().mapToInt(Integer::intValue).toArray(),
                List.copyOf(endInfos.subList(firstEpisode, endInfos.size())), diverged);
    }

    // ---- rollout: act in every environment for T steps, sampling each head -------------------

    private Rollout rollout(Envs envs, SplittableRandom rng) {
        int E = o.envs(), T = o.steps();
        Rollout r = new Rollout(new float[T][E][], new boolean[T][E], new int[T][E][], new float[T][E], new float[T][E],
                new float[T][E], new boolean[T][E], new float[E][]);
        for (int e = 0; e < E; e++) r.h0()[e] = envs.h[e].clone();
        for (int t = 0; t < T; t++) {
            for (int e = 0; e < E; e++) {
                r.obs()[t][e] = envs.obs[e];
                r.reset()[t][e] = envs.starting[e];
            }
            ActorCritic.Act act = net.act(envs.obs, envs.states());
            for (int e = 0; e < E; e++) {
                float[] out = act.outputs()[e];
                int[] choice = new int[heads.length];
                double logp = 0;
                for (int k = 0, from = 0; k < heads.length; from += heads[k], k++) {
                    double[] p = softmax(out, from, heads[k]);
                    choice[k] = sample(p, rng);
                    logp += Math.log(p[choice[k]]);
                }
                r.choices()[t][e] = choice;
                r.logp()[t][e] = (float) logp;
                r.value()[t][e] = out[valueIndex];
                envs.h[e] = act.hidden()[e];
                Step s = envs.envs.get(e).step(action(choice));
                r.reward()[t][e] = (float) s.reward();
                r.done()[t][e] = s.done();
                envs.starting[e] = s.done();
                EpisodeStats.Episode ep = EpisodeStats.of(s);
                if (ep != null) {
                    returns.add(ep.reward());
                    lengths.add(ep.length());
                    endInfos.add(s.info());
                    episodes++;
                    envs.obs[e] = envs.envs.get(e).reset().observation();
                } else {
                    envs.obs[e] = s.observation();
                }
            }
        }
        frames += (long) T * E;
        return r;
    }

    /** The heads' choices as one action, in mixed radix: heads [3, 3] and choices (1, 2) make 5. */
    private int action(int[] choice) {
        int a = 0;
        for (int k = 0; k < heads.length; k++) a = a * heads[k] + choice[k];
        return a;
    }

    // ---- advantages: GAE(γ, λ), bootstrapped from the value after the last step ----------------

    /** {advantages, returns}, each {@code [T][E]}. */
    private float[][][] advantages(Rollout r, Envs envs) {
        int E = o.envs(), T = o.steps();
        float[][] bootstrap = net.act(envs.obs, envs.states()).outputs();
        float[][] adv = new float[T][E], ret = new float[T][E];
        for (int e = 0; e < E; e++) {
            double next = bootstrap[e][valueIndex], gae = 0;
            for (int t = T - 1; t >= 0; t--) {
                double notDone = r.done()[t][e] ? 0 : 1;
                double delta = r.reward()[t][e] + o.gamma() * next * notDone - r.value()[t][e];
                gae = delta + o.gamma() * o.lambda() * notDone * gae;
                adv[t][e] = (float) gae;
                ret[t][e] = (float) (gae + r.value()[t][e]);
                next = r.value()[t][e];
            }
        }
        return new float[][][] {adv, ret};
    }

    // ---- update: epochs of minibatches (environments split), clipped surrogate, value, entropy --

    record UpdateStats(double clipFraction, double approxKl, double entropy) {}

    private UpdateStats update(Rollout r, float[][] adv, float[][] ret, SplittableRandom rng) {
        int E = o.envs(), T = o.steps();
        double[] sums = new double[4]; // clipped, approximate KL, entropy, count
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            int[] order = probelab.util.Shuffle.permutation(E, rng);
            for (int mb = 0; mb < o.minibatches(); mb++) {
                int from = mb * E / o.minibatches(), to = (mb + 1) * E / o.minibatches(), m = to - from;
                float[][][] f = new float[T][m][];
                boolean[][] rs = new boolean[T][m];
                float[][] hs = new float[m][];
                for (int k = 0; k < m; k++) {
                    int e = order[from + k];
                    hs[k] = r.h0()[e];
                    for (int t = 0; t < T; t++) {
                        f[t][k] = r.obs()[t][e];
                        rs[t][k] = r.reset()[t][e];
                    }
                }
                double mean = 0, sq = 0;
                for (int t = 0; t < T; t++) for (int k = 0; k < m; k++) mean += adv[t][order[from + k]];
                mean /= T * m;
                for (int t = 0; t < T; t++) for (int k = 0; k < m; k++) sq += Math.pow(adv[t][order[from + k]] - mean, 2);
                double sd = Math.sqrt(sq / Math.max(1, T * m - 1)) + 1e-8;

                ActorCritic.Trace trace = net.forward(f, hs, rs);
                float[][][] dOut = new float[T][m][net.outputs()];
                double n = T * m;
                for (int t = 0; t < T; t++) {
                    for (int k = 0; k < m; k++) {
                        int e = order[from + k];
                        lossGradient(trace.outputs()[t][k], heads, r.choices()[t][e], r.logp()[t][e], (adv[t][e] - mean) / sd, ret[t][e],
                                o, n, dOut[t][k], sums);
                    }
                }
                net.zeroGradients();
                net.backward(trace, dOut);
                clipGradients(net.gradients(), o.maxGradNorm());
                opt.step(net.parameters(), net.gradients());
            }
        }
        return new UpdateStats(sums[0] / sums[3], sums[1] / sums[3], sums[2] / sums[3]);
    }

    /**
     * The gradient of one step's PPO loss with respect to the network's outputs, divided by the
     * {@code n} steps of the minibatch: the clipped surrogate {@code max(−a·ρ, −a·clip(ρ))}
     * (ρ the probability ratio, a the normalised advantage), minus {@code entropy} times the
     * heads' entropy, plus {@code valueCoef/2} times the squared value error. Written into
     * {@code d}; {@code sums} gathers clipped steps, approximate KL, entropy and a count.
     */
    static void lossGradient(float[] out, int[] heads, int[] choice, double oldLogp, double a, double ret, Options o, double n,
                             float[] d, double[] sums) {
        double newLogp = 0, entropy = 0;
        double[][] p = new double[heads.length][];
        double[] h = new double[heads.length];
        for (int k = 0, from = 0; k < heads.length; from += heads[k], k++) {
            p[k] = softmax(out, from, heads[k]);
            newLogp += Math.log(p[k][choice[k]]);
            h[k] = entropyOf(p[k]);
        }
        double ratio = Math.exp(newLogp - oldLogp);
        double unclipped = -a * ratio, clipped = -a * Math.max(1 - o.clip(), Math.min(1 + o.clip(), ratio));
        double dLogp = unclipped >= clipped ? -a * ratio / n : 0; // the max of the two losses is taken
        if (Math.abs(ratio - 1) > o.clip()) sums[0]++;
        sums[1] += (ratio - 1) - (newLogp - oldLogp);
        for (double hk : h) entropy += hk;
        sums[2] += entropy;
        sums[3]++;
        for (int k = 0, from = 0; k < heads.length; from += heads[k], k++) {
            for (int j = 0; j < heads[k]; j++) {
                d[from + j] = (float) (dLogp * ((j == choice[k] ? 1 : 0) - p[k][j]) + o.entropy() / n * p[k][j] * (Math.log(p[k][j]) + h[k]));
            }
        }
        int v = out.length - 1;
        d[v] = (float) (o.valueCoef() * (out[v] - ret) / n);
    }

    /** The loss whose gradient {@link #lossGradient} is (for tests): surrogate − entropy bonus + value term, over n. */
    static double loss(float[] out, int[] heads, int[] choice, double oldLogp, double a, double ret, Options o, double n) {
        double newLogp = 0, entropy = 0;
        for (int k = 0, from = 0; k < heads.length; from += heads[k], k++) {
            double[] p = softmax(out, from, heads[k]);
            newLogp += Math.log(p[choice[k]]);
            entropy += entropyOf(p);
        }
        double ratio = Math.exp(newLogp - oldLogp);
        double surrogate = Math.max(-a * ratio, -a * Math.max(1 - o.clip(), Math.min(1 + o.clip(), ratio)));
        double v = out[out.length - 1] - ret;
        return (surrogate - o.entropy() * entropy + o.valueCoef() * 0.5 * v * v) / n;
    }

    // ---- acting without learning ---------------------------------------------------------------

    /** An action and the network's state after it. */
    public record Action(int action, float[] hidden) {}

    /** Samples (or, greedy, takes the most likely choice of) each head for one observation and state. */
    public Action act(float[] obs, float[] hidden, SplittableRandom rng, boolean greedy) {
        ActorCritic.Act a = net.act(new float[][] {obs}, new float[][] {hidden});
        float[] out = a.outputs()[0];
        int[] choice = new int[heads.length];
        for (int k = 0, from = 0; k < heads.length; from += heads[k], k++) {
            double[] p = softmax(out, from, heads[k]);
            choice[k] = greedy ? argmax(p) : sample(p, rng);
        }
        return new Action(action(choice), a.hidden()[0]);
    }

    /** Softmax of the {@code size} logits at {@code out[from..]} (one action head). */
    public static double[] softmax(float[] out, int from, int size) {
        double m = out[from];
        for (int j = 1; j < size; j++) m = Math.max(m, out[from + j]);
        double[] p = new double[size];
        double s = 0;
        for (int j = 0; j < size; j++) s += p[j] = Math.exp(out[from + j] - m);
        for (int j = 0; j < size; j++) p[j] /= s;
        return p;
    }

    static double entropyOf(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return h;
    }

    public static int sample(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble(), c = 0;
        for (int j = 0; j < p.length - 1; j++) if (u < (c += p[j])) return j;
        return p.length - 1;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    static void clipGradients(List<float[]> grads, double maxNorm) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0; // four sums, not one: each add waits for the last (0.68 → 0.31 ms for 1.1 M values)
        for (float[] g : grads) {
            int i = 0;
            for (; i + 3 < g.length; i += 4) {
                s0 += (double) g[i] * g[i];
                s1 += (double) g[i + 1] * g[i + 1];
                s2 += (double) g[i + 2] * g[i + 2];
                s3 += (double) g[i + 3] * g[i + 3];
            }
            for (; i < g.length; i++) s0 += (double) g[i] * g[i];
        }
        double norm = Math.sqrt(s0 + s1 + s2 + s3);
        if (norm <= maxNorm || norm == 0) return;
        float scale = (float) (maxNorm / norm);
        for (float[] g : grads) for (int i = 0; i < g.length; i++) g[i] *= scale;
    }

    // ---- checkpoints --------------------------------------------------------------------------

    /** Writes weights, Adam's state and the counters atomically. */
    public Path save(Path file) {
        return ModelFile.save(file, net.checkpointKind(), Json.write(Map.of("net", net.settings(), "ppo", o)), out -> {
            out.writeLong(frames);
            out.writeLong(updates);
            out.writeLong(episodes);
            List<float[]> p = net.parameters();
            out.writeInt(p.size());
            for (float[] a : p) {
                out.writeInt(a.length);
                for (float v : a) out.writeFloat(v);
            }
            opt.writeState(out);
        });
    }

    /** Loads a checkpoint into this learner (same network shape). */
    public Ppo<P> load(Path file) {
        ModelFile.load(file, (kind, json, in) -> {
            if (!kind.equals(net.checkpointKind())) {
                throw new IllegalArgumentException(file + " holds a " + kind + ", not a " + net.checkpointKind() + " checkpoint");
            }
            readBody(in, file);
            return null;
        });
        return this;
    }

    /** Reads a checkpoint's body whole before anything changes: a file that does not fit leaves the learner as it was. */
    private void readBody(DataInputStream in, Path file) throws IOException {
        long f = in.readLong(), u = in.readLong(), e = in.readLong();
        List<float[]> p = net.parameters();
        int n = in.readInt();
        if (n != p.size()) throw new IllegalArgumentException(file + " has " + n + " parameter arrays; this network has " + p.size());
        float[][] read = new float[n][];
        for (int k = 0; k < n; k++) {
            int len = in.readInt();
            if (len != p.get(k).length) throw new IllegalArgumentException(file + ": a parameter array of " + len + " values where this network has " + p.get(k).length);
            read[k] = new float[len];
            for (int i = 0; i < len; i++) read[k][i] = in.readFloat();
        }
        opt.readState(in); // replaces the optimiser's state only when it read whole
        for (int k = 0; k < n; k++) System.arraycopy(read[k], 0, p.get(k), 0, read[k].length);
        frames = f;
        updates = u;
        episodes = e;
    }

    /** The network settings and PPO options a checkpoint was saved with (to rebuild the learner), after checking its kind. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> checkpointSettings(Path file, String kind) {
        String json = ModelFile.load(file, (k, options, in) -> {
            if (!k.equals(kind)) throw new IllegalArgumentException(file + " holds a " + k + ", not a " + kind + " checkpoint");
            return options;
        });
        return Json.readMap(json);
    }

    /** Checkpoints kept besides the best: the newest this many. */
    public static final int KEEP_CHECKPOINTS = 5;

    /**
     * After a checkpoint: copies it to {@code ppo-best.ckpt} when its mean return of the last 20
     * episodes beats the best so far (recorded in {@code ppo-best.json}), and deletes all but the
     * newest {@link #KEEP_CHECKPOINTS}. A 30,000-frame run used to leave 117 files.
     */
    void keep(Path saved, double meanReturn) {
        try {
            keepOrThrow(saved, meanReturn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not keep the checkpoints in " + saved.getParent() + ": " + e.getMessage(), e);
        }
    }

    private void keepOrThrow(Path saved, double meanReturn) throws IOException {
        Path dir = saved.getParent(), bestJson = dir.resolve("ppo-best.json");
        double best = Double.NEGATIVE_INFINITY;
        if (Files.exists(bestJson)) {
            Object r = Json.readMap(Files.readString(bestJson)).get("return20");
            if (r instanceof Number num) best = num.doubleValue();
        }
        if (Double.isFinite(meanReturn) && meanReturn > best) {
            byte[] bytes = Files.readAllBytes(saved);
            probelab.util.AtomicFiles.write(dir.resolve("ppo-best.ckpt"), out -> out.write(bytes));
            Json.writeFile(bestJson, Map.of("return20", meanReturn, "frames", frames, "from", saved.getFileName().toString()));
        }
        List<Path> all;
        try (var s = Files.list(dir)) {
            all = s.filter(f -> f.getFileName().toString().matches("ppo-\\d{12}\\.ckpt")).sorted().toList();
        }
        for (int i = 0; i < all.size() - KEEP_CHECKPOINTS; i++) Files.deleteIfExists(all.get(i));
    }

    /** The newest checkpoint in {@code dir} (by frame count in its name), or null. */
    public static Path latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return null;
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().matches("ppo-\\d{12}\\.ckpt")).max(java.util.Comparator.comparing(Path::toString)).orElse(null);
        }
    }

    /** Continues from the latest checkpoint in {@code dir} when there is one. */
    public boolean resume(Path dir) throws IOException {
        Path last = latest(dir);
        if (last == null) return false;
        load(last);
        return true;
    }
}
