package probelab.rl;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.env.EpisodeStats;
import probelab.env.Step;
import probelab.env.TimeLimit;
import probelab.nn.Activation;
import probelab.nn.Mlp;
import probelab.nn.ModelFile;
import probelab.optim.Optimizer;
import probelab.util.Doc;
import probelab.util.Json;
import probelab.util.OutputDir;
import probelab.util.Progress;

/**
 * Deep Q-learning (Mnih et al. 2015) with the classic settings of "Keras plays catch" as
 * defaults: an MLP of two 100-unit ReLU layers, plain SGD at 0.2, MSE, ε = 0.1 fixed, a
 * replay memory of 500 sampled with replacement in batches of 50, discount 0.9, no target
 * network, one update per environment step. Options add what later DQNs use: a target
 * network synced every {@code targetSync} steps, double DQN, an ε schedule, Huber loss and
 * other optimisers.
 *
 * <p>The update rule is {@link #learn()}; the loop that feeds it is {@link #train}.
 */
public final class Dqn implements Policy<Integer> {

    public enum Loss { MSE, HUBER }

    /** Hyperparameters, with the classic catch values as defaults. */
    public record Options(
            @Doc("hidden layer sizes (ReLU)") int[] hidden,
            @Doc("learning rate") double lr,
            @Doc("optimiser: sgd, adam or rmsprop") Optimizer.Kind optimizer,
            @Doc("discount factor γ") double gamma,
            @Doc("ε at the start (exploration probability)") double epsilon,
            @Doc("ε at the end of the decay") double epsilonEnd,
            @Doc("steps over which ε decays linearly (0: ε stays fixed)") int epsilonDecaySteps,
            @Doc("replay memory size (FIFO)") int memory,
            @Doc("batch size (sampled with replacement; fewer while memory is smaller)") int batch,
            @Doc("steps between target-network syncs (0: no target network)") int targetSync,
            @Doc("double DQN: online net picks a′, target net values it") boolean doubleDqn,
            @Doc("loss on the TD error: mse or huber") Loss loss,
            @Doc("steps of pure exploration before learning starts") int warmup,
            @Doc("seed of weights, exploration and replay sampling") long seed) {

        public static final Options CLASSIC = new Options(new int[] {100, 100}, 0.2, Optimizer.Kind.SGD, 0.9,
                0.1, 0.1, 0, 500, 50, 0, false, Loss.MSE, 0, 1);
        public static final Options DEFAULTS = CLASSIC;

        public Options {
            if (gamma < 0 || gamma > 1) throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
            if (epsilon < 0 || epsilon > 1 || epsilonEnd < 0 || epsilonEnd > 1) {
                throw new IllegalArgumentException("epsilon values must be in [0, 1], got " + epsilon + " and " + epsilonEnd);
            }
            if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            if (memory < 1) throw new IllegalArgumentException("memory must be >= 1, got " + memory);
            probelab.util.Check.layerSizes("hidden", hidden);
            probelab.util.Check.positive("lr", lr);
            probelab.util.Check.atLeast("epsilonDecaySteps", epsilonDecaySteps, 0);
            probelab.util.Check.atLeast("targetSync", targetSync, 0);
            probelab.util.Check.atLeast("warmup", warmup, 0);
            if (doubleDqn && targetSync == 0) {
                throw new IllegalArgumentException("doubleDqn needs a target network: set targetSync > 0");
            }
            hidden = hidden.clone();
        }
    }

    /** Options of {@link #train}. */
    public record TrainOptions(
            @Doc("episodes to play") int episodes,
            @Doc("seed of the environment's first reset (default: the agent's seed)") Long envSeed,
            @Doc("step cap per episode (0: none)") int maxSteps,
            @Doc("show a progress bar") boolean progress,
            @Doc("a NaN or infinite loss or gradient: stop (keeping the last finite weights) or warn (skip such updates)") String onNonFinite) {
        public static final TrainOptions DEFAULTS = new TrainOptions(1000, null, 0, true, "stop");

        public TrainOptions {
            probelab.util.Check.atLeast("episodes", episodes, 1);
            probelab.util.Check.atLeast("maxSteps", maxSteps, 0);
            Optimizer.OnNonFinite.of(onNonFinite);
        }

        /** Quietly, stopping on divergence. */
        public TrainOptions(int episodes, Long envSeed, int maxSteps, boolean progress) {
            this(episodes, envSeed, maxSteps, progress, "stop");
        }
    }

    private final Options o;
    private final int obsSize, nActions;
    private final Mlp online;
    private final Mlp target;
    private final Optimizer optimizer;
    private final ReplayBuffer replay;
    private final ReplayBuffer.Batch batch;
    private final float[] qNext;
    private final float[][] grad;
    private final SplittableRandom rng;
    private Env<Integer> env;
    private long steps;
    private final TrainingRun history;

    public Dqn(Env<Integer> env, Options options) {
        this(env, options, sizeOf(env), actionsOf(env), null);
    }

    private Dqn(Env<Integer> env, Options options, int obsSize, int nActions, Mlp net) {
        this.o = options;
        this.env = env;
        this.obsSize = obsSize;
        this.nActions = nActions;
        this.online = net != null ? net
                : new Mlp(Mlp.sizes(obsSize, o.hidden(), nActions), Activation.RELU, Activation.LINEAR, o.seed());
        this.target = o.targetSync() > 0 ? online.copy() : null;
        this.optimizer = Optimizer.of(o.optimizer(), o.lr());
        this.replay = new ReplayBuffer(o.memory(), obsSize);
        this.batch = replay.newBatch(o.batch());
        this.qNext = new float[o.batch() * nActions];
        this.grad = new float[o.batch()][nActions];
        this.rng = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
        this.history = new TrainingRun("dqn");
    }

    private static int sizeOf(Env<?> env) {
        int n = 1;
        for (int s : env.observationSpace().shape()) n *= s;
        return n;
    }

    private static int actionsOf(Env<?> env) {
        if (!(env.actionSpace() instanceof Discrete d)) {
            throw new IllegalArgumentException("DQN needs a Discrete action space, got " + env.actionSpace());
        }
        return d.n();
    }

    // ---------------------------------------------------------------- ALGO LOGIC

    /** ε for the current step: linear decay from {@code epsilon} to {@code epsilonEnd}. */
    double epsilon() {
        if (o.epsilonDecaySteps() <= 0) return o.epsilon();
        double f = Math.min(1.0, (double) steps / o.epsilonDecaySteps());
        return o.epsilon() + f * (o.epsilonEnd() - o.epsilon());
    }

    /** ε-greedy action for training. */
    int explore(float[] obs) {
        if (steps < o.warmup() || rng.nextDouble() < epsilon()) return rng.nextInt(nActions);
        return act(obs);
    }

    /**
     * One gradient step on a batch from replay. The target for the taken action is
     * r (terminal) or r + γ·max_a′ Q(s′, a′); the other actions keep their current values,
     * so their error is zero. Loss and gradient are averaged over batch and actions, as
     * Keras' {@code mse} on the full target vector does. Returns the loss.
     */
    double learn() {
        int n = Math.min(replay.size(), o.batch());
        replay.sample(n, rng, batch);
        // TD target, no gradient: Q(s′) from the target network if there is one
        float[][] q2 = (target != null ? target : online).forward(batch.next, n);
        for (int r = 0; r < n; r++) System.arraycopy(q2[r], 0, qNext, r * nActions, nActions);
        int[] greedyNext = null;
        if (o.doubleDqn()) {
            greedyNext = new int[n];
            float[][] qo = online.forward(batch.next, n);
            for (int r = 0; r < n; r++) greedyNext[r] = argmax(qo[r], 0, nActions);
        }
        float[][] q = online.forward(batch.obs, n);
        double lossSum = 0;
        float scale = 1f / (n * nActions);
        for (int r = 0; r < n; r++) {
            double y = batch.rewards[r];
            if (!batch.terminal[r]) {
                int a2 = greedyNext != null ? greedyNext[r] : argmax(qNext, r * nActions, nActions);
                y += o.gamma() * qNext[r * nActions + a2];
            }
            int a = batch.actions[r];
            double td = q[r][a] - y;
            java.util.Arrays.fill(grad[r], 0f);
            if (o.loss() == Loss.MSE) {
                lossSum += td * td;
                grad[r][a] = (float) (2 * td) * scale;
            } else {
                double ad = Math.abs(td);
                lossSum += ad <= 1 ? 0.5 * td * td : ad - 0.5;
                grad[r][a] = (float) Math.max(-1, Math.min(1, td)) * scale;
            }
        }
        online.backward(grad);
        optimizer.step(online, lossSum * scale);
        return lossSum * scale;
    }

    /**
     * Plays {@code episodes} ε-greedy episodes, storing every transition and learning after
     * each step. Continues from where the last call stopped. Ctrl-C (an interrupt) stops at
     * the next step and keeps everything learned so far.
     */
    public TrainingRun train(TrainOptions t) {
        if (env == null) throw new IllegalStateException("this agent has no environment: use train(env, episodes: N)");
        long envSeed = (t.envSeed() != null ? t.envSeed() : o.seed()) + history.getEpisodes();
        Env<Integer> play = new EpisodeStats<>(TimeLimit.of(env, t.maxSteps()));
        Progress bar = new Progress("dqn", t.episodes(), t.progress());
        long start = System.nanoTime();
        boolean interrupted = false;
        optimizer.onNonFinite(Optimizer.OnNonFinite.of(t.onNonFinite()));
        String diverged = null;
        int ep = 0;
        try {
            for (; ep < t.episodes() && !interrupted; ep++) {
                float[] obs = (ep == 0 ? play.reset(envSeed) : play.reset()).observation();
                double lossSum = 0;
                int updates = 0;
                Step s;
                while (true) {
                    int a = explore(obs);
                    s = play.step(a);
                    replay.add(obs, a, s.reward(), s.observation(), s.terminated());
                    if (steps >= o.warmup()) {
                        lossSum += learn();
                        updates++;
                    }
                    steps++;
                    if (target != null && steps % o.targetSync() == 0) target.copyFrom(online);
                    obs = s.observation();
                    if (s.done()) break;
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        break;
                    }
                }
                if (interrupted) break;
                EpisodeStats.Episode e = EpisodeStats.of(s);
                history.add(e.reward(), Rollouts.isWin(s) ? 1 : 0, updates > 0 ? lossSum / updates : Double.NaN, epsilon(), e.length());
                bar.update(ep + 1, "win100", history.winRateLast(100), "loss", history.getLoss().last(),
                        "ε", epsilon());
                interrupted = Thread.currentThread().isInterrupted();
            }
        } catch (probelab.optim.Diverged d) {
            diverged = d.getMessage();
        }
        history.addSeconds((System.nanoTime() - start) / 1e9);
        history.setInterrupted(interrupted);
        history.setDiverged(diverged);
        bar.finish(ep, interrupted ? "interrupted — kept " + history.getEpisodes() + " episodes"
                        : diverged != null ? "stopped in episode " + (ep + 1) + ": diverged" : "done",
                "win100", history.winRateLast(100));
        if (diverged != null) System.err.println("dqn: " + diverged);
        return history;
    }

    public TrainingRun train() {
        return train(TrainOptions.DEFAULTS);
    }

    /** Trains on another environment (of the same shape) from now on. */
    public TrainingRun train(TrainOptions t, Env<Integer> env) {
        useEnv(env);
        return train(t);
    }

    // ---------------------------------------------------------------- using the agent

    /** The greedy action. */
    @Override
    public Integer act(float[] obs) {
        return argmax(online.forward(obs), 0, nActions);
    }

    /** Q-values of one observation. */
    public float[] q(float[] obs) {
        return online.predict(obs);
    }

    /** Greedy play: win rate, mean reward, mean length. */
    public Rollouts.Evaluation evaluate(Rollouts.PlayOptions o, Env<Integer> env) {
        return Rollouts.evaluate(this, checked(env), o);
    }

    public Rollouts.Evaluation evaluate(Env<Integer> env) {
        return evaluate(Rollouts.PlayOptions.EVALUATE, env);
    }

    /** Greedy play with every frame recorded, for a GIF. */
    public Rollouts.Playback play(Rollouts.PlayOptions o, Env<Integer> env) {
        return Rollouts.play(this, checked(env), o);
    }

    public Rollouts.Playback play(Env<Integer> env) {
        return play(Rollouts.PlayOptions.PLAY, env);
    }

    private Env<Integer> checked(Env<Integer> e) {
        if (sizeOf(e) != obsSize || actionsOf(e) != nActions) {
            throw new IllegalArgumentException("this agent takes " + obsSize + " observations and " + nActions
                    + " actions; the environment has " + sizeOf(e) + " and " + actionsOf(e));
        }
        return e;
    }

    public void useEnv(Env<Integer> e) {
        this.env = checked(e);
    }

    public Mlp getNetwork() {
        return online;
    }

    public Options getOptions() {
        return o;
    }

    public TrainingRun getHistory() {
        return history;
    }

    public long getSteps() {
        return steps;
    }

    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[from + i] > v[from + best]) best = i;
        return best;
    }

    // ---------------------------------------------------------------- files

    /** Saves network and options; a relative path lands in the output folder. NaN or infinite weights are refused. */
    public Path save(String path) {
        return save(path, false);
    }

    /** {@code agent.save('x.agent', force: true)}: writes even NaN or infinite weights. */
    public Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, ModelFile.SaveOptions.force(opts));
    }

    public Path save(String path, boolean force) {
        ModelFile.requireFinite(online, "this dqn agent's network", force);
        Path p = ModelFile.save(OutputDir.current().resolve(path), "dqn", Json.write(probelab.util.Options.toMap(o)), out -> {
            out.writeInt(obsSize);
            out.writeInt(nActions);
            out.writeLong(steps);
            online.write(out);
        });
        System.out.println("saved " + p);
        return p;
    }

    /** Loads an agent saved by {@link #save}; give it an environment to train further. */
    public static Dqn load(Path path) {
        return ModelFile.load(path, "dqn", "a dqn agent", Options.CLASSIC, Dqn::read);
    }

    static Dqn read(Options opts, DataInputStream in) throws IOException {
        int obs = in.readInt(), acts = in.readInt();
        long steps = in.readLong();
        Mlp net = Mlp.read(in);
        if (net.inputSize() != obs || net.outputSize() != acts) throw new IOException("network shape does not match the header");
        Dqn d = new Dqn(null, opts, obs, acts, net);
        d.steps = steps;
        return d;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Dqn %s, %s, γ %.2f, ε %.2f, memory %d, batch %d%s; %d steps trained",
                online, optimizer, o.gamma(), epsilon(), o.memory(), o.batch(),
                o.targetSync() > 0 ? ", target sync " + o.targetSync() + (o.doubleDqn() ? ", double" : "") : "", steps);
    }
}
