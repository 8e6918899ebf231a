package probelab.rl;

import java.util.Arrays;
import java.util.SplittableRandom;
import probelab.env.Box;
import probelab.env.Env;
import probelab.nn.Activation;
import probelab.nn.Mlp;
import probelab.optim.Optimizer;
import probelab.util.Doc;

/**
 * TD3 (Fujimoto et al. 2018) with the seed's settings (seed 000, after P. Tabor's agent):
 * an actor obs→512→256→128→actions (LayerNorm + ELU, tanh out) and two critics with a state
 * branch obs→512→256 and an action branch actions→128→64 (LayerNorm + ELU), concatenated → 1;
 * last layers initialised in ±0.003; Adam 1e-3; replay 1000; batch 64; γ 0.99; τ 0.005.
 *
 * <p>One learning step, all in {@link #learn}:
 * <pre>
 *   a' = clip(μ'(s') + clip(N(0, 0.2), ±0.5), ±1)                 target-policy smoothing
 *   y  = r + γ·(1 − done)·min(Q₁'(s', a'), Q₂'(s', a'))           clipped double Q
 *   critics: minimise (Q₁(s, a) − y)² + (Q₂(s, a) − y)²
 *   every 2nd step: actor ascends Q₁(s, μ(s)) (∂Q₁/∂a through the critic, then through μ);
 *                   targets θ' ← τθ + (1 − τ)θ'                    delayed updates
 * </pre>
 * Acting: the first 100 steps are pure N(0, 0.1) noise, then μ(s) + N(0, 0.1), clipped to ±1.
 */
public final class Td3 implements ContinuousAgent {
    public record Options(
            @Doc("discount γ") double gamma,
            @Doc("soft target update τ") double tau,
            @Doc("actor learning rate (Adam)") double actorLr,
            @Doc("critic learning rate (Adam)") double criticLr,
            @Doc("replay memory size") int memory,
            @Doc("minibatch size") int batch,
            @Doc("update the actor and the targets every this many learning steps") int actorEvery,
            @Doc("steps of pure exploration noise before the actor acts") int warmup,
            @Doc("exploration noise std") double noise,
            @Doc("target-policy smoothing noise std") double targetNoise,
            @Doc("clip of the smoothing noise") double targetNoiseClip,
            @Doc("actor hidden sizes") int[] actorHidden,
            @Doc("critic state-branch sizes") int[] stateHidden,
            @Doc("critic action-branch sizes") int[] actionHidden,
            @Doc("hidden layers after the branches join (the seed: none, a linear head; the branches then add up and cannot model state-action interactions)") int[] headHidden,
            @Doc("LayerNorm after each hidden layer") boolean layerNorm,
            @Doc("last layers initialised uniform in ± this") double lastInit,
            @Doc("seed of weights, noise and sampling") long seed,
            @Doc("td3, or ddpg: one critic, no target smoothing, actor and targets updated every step") String variant) {
        public static final Options DEFAULTS = new Options(0.99, 0.005, 1e-3, 1e-3, 1000, 64, 2, 100, 0.1, 0.2, 0.5,
                new int[] {512, 256, 128}, new int[] {512, 256}, new int[] {128, 64}, new int[0], true, 0.003, 1, "td3");

        public Options {
            if (!variant.equals("td3") && !variant.equals("ddpg")) throw new IllegalArgumentException("variant must be td3 or ddpg, got '" + variant + "'");
            probelab.util.Check.between("gamma", gamma, 0, 1);
            probelab.util.Check.between("tau", tau, 0, 1);
            probelab.util.Check.positive("actorLr", actorLr);
            probelab.util.Check.positive("criticLr", criticLr);
            probelab.util.Check.atLeast("memory", memory, 1);
            probelab.util.Check.atLeast("batch", batch, 1);
            probelab.util.Check.atLeast("warmup", warmup, 0);
            actorHidden = probelab.util.Check.layerSizes("actorHidden", actorHidden);
            stateHidden = probelab.util.Check.layerSizes("stateHidden", stateHidden);
            actionHidden = probelab.util.Check.layerSizes("actionHidden", actionHidden);
            headHidden = probelab.util.Check.layerSizes("headHidden", headHidden);
            probelab.util.Check.atLeast("actorEvery", actorEvery, 1);
            probelab.util.Check.nonNegative("noise", noise);
            probelab.util.Check.nonNegative("targetNoise", targetNoise);
            probelab.util.Check.nonNegative("targetNoiseClip", targetNoiseClip);
            probelab.util.Check.positive("lastInit", lastInit);
        }

        /** DDPG on the same networks (Lillicrap et al. 2016). */
        public static final Options DDPG = new Options(0.99, 0.005, 1e-3, 1e-3, 1000, 64, 1, 100, 0.1, 0.2, 0.5,
                new int[] {512, 256, 128}, new int[] {512, 256}, new int[] {128, 64}, new int[0], true, 0.003, 1, "ddpg");
    }

    /** Q(s, a) with separate state and action branches joined before a linear output. */
    static final class Critic {
        final Mlp state, action, head;
        final Optimizer opt;
        private final int stateOut;

        Critic(int obs, int acts, Options o, long seed) {
            state = Mlp.torch(concat(obs, o.stateHidden()), o.layerNorm(), true, Activation.ELU, Activation.ELU, 0, seed);
            action = Mlp.torch(concat(acts, o.actionHidden()), o.layerNorm(), true, Activation.ELU, Activation.ELU, 0, seed + 1);
            stateOut = o.stateHidden()[o.stateHidden().length - 1];
            int joined = stateOut + o.actionHidden()[o.actionHidden().length - 1];
            head = Mlp.torch(concat(concat(joined, o.headHidden()), 1), o.layerNorm(), false, Activation.ELU, Activation.LINEAR, o.lastInit(), seed + 2);
            opt = Optimizer.of(Optimizer.Kind.ADAM, o.criticLr());
        }

        private Critic(Critic other) {
            state = other.state.copy();
            action = other.action.copy();
            head = other.head.copy();
            stateOut = other.stateOut;
            opt = null;
        }

        Critic copy() {
            return new Critic(this);
        }

        float[] q(float[][] s, float[][] a, int n) {
            float[][] hs = state.forward(s, n), ha = action.forward(a, n);
            float[][] joined = new float[n][];
            for (int r = 0; r < n; r++) {
                joined[r] = new float[hs[r].length + ha[r].length];
                System.arraycopy(hs[r], 0, joined[r], 0, hs[r].length);
                System.arraycopy(ha[r], 0, joined[r], hs[r].length, ha[r].length);
            }
            float[][] out = head.forward(joined, n);
            float[] q = new float[n];
            for (int r = 0; r < n; r++) q[r] = out[r][0];
            return q;
        }

        /** Backward from ∂L/∂Q of the last {@link #q}; returns ∂L/∂a per row. */
        float[][] backward(float[] dq) {
            int n = dq.length;
            float[][] d = new float[n][1];
            for (int r = 0; r < n; r++) d[r][0] = dq[r];
            float[][] dj = head.backwardToInput(d);
            float[][] ds = new float[n][], da = new float[n][];
            for (int r = 0; r < n; r++) {
                ds[r] = Arrays.copyOfRange(dj[r], 0, stateOut);
                da[r] = Arrays.copyOfRange(dj[r], stateOut, dj[r].length);
            }
            state.backward(ds);
            return action.backwardToInput(da);
        }

        void step() {
            java.util.List<float[]> p = new java.util.ArrayList<>(state.parameters()), g = new java.util.ArrayList<>(state.gradients());
            p.addAll(action.parameters());
            g.addAll(action.gradients());
            p.addAll(head.parameters());
            g.addAll(head.gradients());
            opt.step(p, g);
        }

        void softUpdate(Critic source, double tau) {
            state.softUpdate(source.state, tau);
            action.softUpdate(source.action, tau);
            head.softUpdate(source.head, tau);
        }
    }

    private final Options o;
    private final int obsSize, nActions;
    final Mlp actor, actorTarget;
    final Critic critic1, critic2, critic1Target, critic2Target;
    private final Optimizer actorOpt;
    private final SplittableRandom rng;
    private final ContinuousReplay memory;
    private long steps, learnSteps, actorUpdates;
    private double lossSum;
    private int lossCount;

    public Td3(Env<float[]> env, Options options) {
        this(env.observationSpace() instanceof Box ob ? ob.size() : fail("observation"),
                env.actionSpace() instanceof Box ab ? ab.size() : fail("action"), options);
    }

    private static int fail(String what) {
        throw new IllegalArgumentException("TD3 needs a Box " + what + " space");
    }

    public Td3(int obsSize, int nActions, Options o) {
        this.o = o;
        this.obsSize = obsSize;
        this.nActions = nActions;
        actor = Mlp.torch(concat(concat(obsSize, o.actorHidden()), nActions), o.layerNorm(), false, Activation.ELU, Activation.TANH, o.lastInit(), o.seed());
        actorTarget = actor.copy();
        critic1 = new Critic(obsSize, nActions, o, o.seed() + 10);
        critic2 = new Critic(obsSize, nActions, o, o.seed() + 20);
        critic1Target = critic1.copy();
        critic2Target = critic2.copy();
        actorOpt = Optimizer.of(Optimizer.Kind.ADAM, o.actorLr());
        rng = new SplittableRandom(o.seed());
        memory = new ContinuousReplay(o.memory());
    }

    private static int[] concat(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static int[] concat(int[] head, int last) {
        int[] out = Arrays.copyOf(head, head.length + 1);
        out[head.length] = last;
        return out;
    }

    private double gaussian() {
        return ContinuousReplay.gaussian(rng);
    }

    @Override
    public void onNonFinite(Optimizer.OnNonFinite mode) {
        actorOpt.onNonFinite(mode);
        critic1.opt.onNonFinite(mode);
        critic2.opt.onNonFinite(mode);
    }

    @Override
    public String name() {
        return o.variant();
    }

    /** The greedy action μ(s). */
    @Override
    public float[] act(float[] obs) {
        return actor.forward(obs).clone();
    }

    /** The exploring action: noise alone during warm-up, then μ(s) plus noise; clipped to ±1. */
    @Override
    public float[] explore(float[] obs) {
        float[] a = steps < o.warmup() ? new float[nActions] : act(obs);
        for (int i = 0; i < nActions; i++) a[i] = (float) Math.max(-1, Math.min(1, a[i] + o.noise() * gaussian()));
        steps++;
        return a;
    }

    @Override
    public void remember(float[] s, float[] a, double r, float[] s2, boolean done) {
        memory.add(s, a, r, s2, done);
    }

    /** The smoothed target action for s': μ'(s') + clipped noise, clipped to ±1. */
    float[][] targetActions(float[][] s2, int n) {
        float[][] mu = actorTarget.forward(s2, n);
        float[][] out = new float[n][nActions];
        for (int r = 0; r < n; r++) for (int i = 0; i < nActions; i++) {
            double eps = Math.max(-o.targetNoiseClip(), Math.min(o.targetNoiseClip(), o.targetNoise() * gaussian()));
            out[r][i] = (float) Math.max(-1, Math.min(1, mu[r][i] + eps));
        }
        return out;
    }

    /** One learning step from a minibatch of the memory; nothing until it holds a batch. */
    @Override
    public void learn() {
        if (memory.size() < o.batch()) return;
        int n = o.batch();
        ContinuousReplay.Batch b = memory.sample(n, rng);
        float[][] s = b.s(), a = b.a(), s2 = b.s2();
        float[] r = b.r();
        boolean[] done = b.done();
        boolean ddpg = o.variant().equals("ddpg");
        float[][] a2 = ddpg ? copyRows(actorTarget.forward(s2, n)) : targetActions(s2, n);
        float[] q1t = critic1Target.q(s2, a2, n), q2t = ddpg ? q1t : critic2Target.q(s2, a2, n);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) y[k] = (float) (r[k] + (done[k] ? 0 : o.gamma() * Math.min(q1t[k], q2t[k])));
        for (Critic c : ddpg ? new Critic[] {critic1} : new Critic[] {critic1, critic2}) {
            float[] q = c.q(s, a, n);
            float[] dq = new float[n];
            for (int k = 0; k < n; k++) dq[k] = 2 * (q[k] - y[k]) / n;
            if (c == critic1) {
                for (int k = 0; k < n; k++) lossSum += (double) (q[k] - y[k]) * (q[k] - y[k]) / n;
                lossCount++;
            }
            c.backward(dq);
            c.step();
        }
        learnSteps++;
        if (learnSteps % o.actorEvery() != 0) return;
        // Actor: maximise Q₁(s, μ(s)), i.e. descend −mean Q₁; the critic's own gradients are discarded.
        critic1.q(s, copyRows(actor.forward(s, n)), n);
        float[] dq = new float[n];
        Arrays.fill(dq, -1f / n);
        float[][] dA = critic1.backward(dq);
        actor.backward(dA);
        actorOpt.step(actor.parameters(), actor.gradients());
        actorUpdates++;
        actorTarget.softUpdate(actor, o.tau());
        critic1Target.softUpdate(critic1, o.tau());
        if (!ddpg) critic2Target.softUpdate(critic2, o.tau());
    }

    @Override
    public View view(float[][] s, float[][] a) {
        int n = s.length;
        float[] q = critic1.q(s, a, n).clone();
        float[][] mu = actor.forward(s, n), pre = new float[n][nActions];
        for (int r = 0; r < n; r++) for (int i = 0; i < nActions; i++) pre[r][i] = atanh(mu[r][i]);
        return new View(q, pre);
    }

    /** The tanh layer's input recovered from its output; ±8.3 where the float output has reached ±1. */
    static float atanh(float y) {
        double c = Math.max(-1 + 1e-7, Math.min(1 - 1e-7, y));
        return (float) (0.5 * Math.log((1 + c) / (1 - c)));
    }

    @Override
    public double gamma() {
        return o.gamma();
    }

    @Override
    public double drainCriticLoss() {
        double mean = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
        return mean;
    }

    @Override
    public ReplayStats replayStats() {
        return memory.stats();
    }

    private static float[][] copyRows(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) out[k] = rows[k].clone();
        return out;
    }

    public long getLearnSteps() {
        return learnSteps;
    }

    public long getActorUpdates() {
        return actorUpdates;
    }

    public Options getOptions() {
        return o;
    }
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s agent: %d observations -> %d actions, actor %s; %d steps, %d actor updates",
                name(), obsSize, nActions, actor, steps, actorUpdates);
    }

    // ---------------------------------------------------------------- files

    private java.util.List<Mlp> networks() {
        return java.util.List.of(actor, actorTarget, critic1.state, critic1.action, critic1.head, critic2.state, critic2.action,
                critic2.head, critic1Target.state, critic1Target.action, critic1Target.head, critic2Target.state,
                critic2Target.action, critic2Target.head);
    }

    /** Saves options, counters and every network; a relative path lands in the output folder. NaN weights are refused. */
    public java.nio.file.Path save(String path) {
        return save(path, false);
    }

    /** {@code agent.save('td3.agent', force: true)}: writes even NaN or infinite weights. */
    public java.nio.file.Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, probelab.nn.ModelFile.SaveOptions.force(opts));
    }

    public java.nio.file.Path save(String path, boolean force) {
        return AgentFiles.save(path, "td3", o, obsSize, nActions, networks(), out -> {
            out.writeLong(steps);
            out.writeLong(learnSteps);
            out.writeLong(actorUpdates);
        }, force, "this " + name() + " agent");
    }

    /** Loads a TD3 or DDPG agent saved by {@link #save}: it acts as the saved one did. */
    public static Td3 load(java.nio.file.Path path) {
        return probelab.nn.ModelFile.load(path, "td3", "a td3 or ddpg agent", Options.DEFAULTS, (opts, in) -> {
            Td3 t = new Td3(in.readInt(), in.readInt(), opts);
            t.steps = in.readLong();
            t.learnSteps = in.readLong();
            t.actorUpdates = in.readLong();
            AgentFiles.readNetworks(in, t.networks());
            return t;
        });
    }

}
