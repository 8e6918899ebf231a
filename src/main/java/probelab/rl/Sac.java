package probelab.rl;

import java.util.SplittableRandom;
import probelab.env.Box;
import probelab.env.Env;
import probelab.nn.Activation;
import probelab.nn.Mlp;
import probelab.optim.Optimizer;
import probelab.util.Doc;

/**
 * Soft actor-critic (Haarnoja et al. 2018, the twin-Q version with a learned temperature) on
 * the same networks as {@link Td3}: a Gaussian actor obs→…→(μ, log σ) squashed by tanh, two
 * critics and their targets. One learning step, all in {@link #learn}:
 * <pre>
 *   a' ~ π(·|s'),  y = r + γ·(1 − done)·(min Q'ᵢ(s', a') − α·log π(a'|s'))
 *   critics: minimise (Qᵢ(s, a) − y)²
 *   actor:   minimise α·log π(ã|s) − min Qᵢ(s, ã),  ã = tanh(μ + σ·ε)   (reparameterised)
 *   α:       minimise −log α·(log π(ã|s) + target entropy),  target entropy = −|A|
 *   targets: θ' ← τθ + (1 − τ)θ'
 * </pre>
 */
public final class Sac implements ContinuousAgent {
    public record Options(
            @Doc("discount γ") double gamma,
            @Doc("soft target update τ") double tau,
            @Doc("actor learning rate (Adam)") double actorLr,
            @Doc("critic learning rate (Adam)") double criticLr,
            @Doc("temperature learning rate (Adam on log α)") double alphaLr,
            @Doc("initial temperature α") double alpha,
            @Doc("learn α toward the target entropy −|A|") boolean autoAlpha,
            @Doc("replay memory size") int memory,
            @Doc("minibatch size") int batch,
            @Doc("steps of uniform random actions first") int warmup,
            @Doc("actor hidden sizes") int[] actorHidden,
            @Doc("critic state-branch sizes") int[] stateHidden,
            @Doc("critic action-branch sizes") int[] actionHidden,
            @Doc("hidden layers after the critic branches join") int[] headHidden,
            @Doc("LayerNorm after each hidden layer") boolean layerNorm,
            @Doc("seed of weights, noise and sampling") long seed) {
        public static final Options DEFAULTS = new Options(0.99, 0.005, 1e-3, 1e-3, 3e-4, 0.2, true, 1000, 64, 100,
                new int[] {512, 256, 128}, new int[] {512, 256}, new int[] {128, 64}, new int[0], true, 1);

        public Options {
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
            probelab.util.Check.positive("alphaLr", alphaLr);
            probelab.util.Check.positive("alpha", alpha);
        }

        Td3.Options criticOptions() {
            return new Td3.Options(gamma, tau, actorLr, criticLr, memory, batch, 1, warmup, 0, 0, 0, actorHidden, stateHidden,
                    actionHidden, headHidden, layerNorm, 0.003, seed, "td3");
        }
    }

    private static final double LOG_STD_MIN = -20, LOG_STD_MAX = 2;

    private final Options o;
    private final int nActions;
    final Mlp actor;
    final Td3.Critic critic1, critic2, critic1Target, critic2Target;
    private final Optimizer actorOpt;
    private final Optimizer alphaOpt;
    private final float[] logAlpha = new float[1], logAlphaGrad = new float[1];
    private final SplittableRandom rng;
    private final ContinuousReplay memory;
    private long steps, learnSteps;
    private double lossSum;
    private int lossCount;

    public Sac(Env<float[]> env, Options o) {
        this(env.observationSpace() instanceof Box ob ? ob.size() : 0, env.actionSpace() instanceof Box ab ? ab.size() : 0, o);
    }

    public Sac(int obsSize, int nActions, Options o) {
        if (obsSize < 1 || nActions < 1) throw new IllegalArgumentException("SAC needs Box observation and action spaces");
        this.o = o;
        this.nActions = nActions;
        int[] sizes = new int[o.actorHidden().length + 2];
        sizes[0] = obsSize;
        System.arraycopy(o.actorHidden(), 0, sizes, 1, o.actorHidden().length);
        sizes[sizes.length - 1] = 2 * nActions;
        actor = Mlp.torch(sizes, o.layerNorm(), false, Activation.ELU, Activation.LINEAR, 0.003, o.seed());
        Td3.Options co = o.criticOptions();
        critic1 = new Td3.Critic(obsSize, nActions, co, o.seed() + 10);
        critic2 = new Td3.Critic(obsSize, nActions, co, o.seed() + 20);
        critic1Target = critic1.copy();
        critic2Target = critic2.copy();
        actorOpt = Optimizer.of(Optimizer.Kind.ADAM, o.actorLr());
        alphaOpt = Optimizer.of(Optimizer.Kind.ADAM, o.alphaLr());
        logAlpha[0] = (float) Math.log(o.alpha());
        rng = new SplittableRandom(o.seed());
        memory = new ContinuousReplay(o.memory());
    }

    public double alpha() {
        return Math.exp(logAlpha[0]);
    }

    private double gaussian() {
        return ContinuousReplay.gaussian(rng);
    }

    @Override
    public void onNonFinite(Optimizer.OnNonFinite mode) {
        actorOpt.onNonFinite(mode);
        alphaOpt.onNonFinite(mode);
        critic1.opt.onNonFinite(mode);
        critic2.opt.onNonFinite(mode);
    }

    @Override
    public String name() {
        return "sac";
    }

    /** A reparameterised sample for each row: actions, log π, and the noise and σ used. */
    private record Sample(float[][] a, double[] logp, double[][] eps, double[][] sigma, boolean[][] clamped) {}

    private Sample sample(float[][] out, int n) {
        float[][] a = new float[n][nActions];
        double[] logp = new double[n];
        double[][] eps = new double[n][nActions], sigma = new double[n][nActions];
        boolean[][] clamped = new boolean[n][nActions];
        for (int r = 0; r < n; r++) {
            double lp = 0;
            for (int i = 0; i < nActions; i++) {
                double mu = out[r][i], ls = out[r][nActions + i];
                clamped[r][i] = ls < LOG_STD_MIN || ls > LOG_STD_MAX;
                ls = Math.max(LOG_STD_MIN, Math.min(LOG_STD_MAX, ls));
                double sd = Math.exp(ls), e = gaussian();
                double t = Math.tanh(mu + sd * e);
                a[r][i] = (float) t;
                eps[r][i] = e;
                sigma[r][i] = sd;
                lp += -0.5 * e * e - ls - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - t * t + 1e-6);
            }
            logp[r] = lp;
        }
        return new Sample(a, logp, eps, sigma, clamped);
    }

    /** The deterministic action tanh(μ(s)). */
    @Override
    public float[] act(float[] obs) {
        float[] out = actor.forward(obs);
        float[] a = new float[nActions];
        for (int i = 0; i < nActions; i++) a[i] = (float) Math.tanh(out[i]);
        return a;
    }

    /** Uniform random during warm-up, then a sample of π(·|s). */
    @Override
    public float[] explore(float[] obs) {
        float[] a;
        if (steps < o.warmup()) {
            a = new float[nActions];
            for (int i = 0; i < nActions; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        } else {
            a = sample(new float[][] {actor.forward(obs).clone()}, 1).a()[0];
        }
        steps++;
        return a;
    }

    @Override
    public void remember(float[] s, float[] a, double r, float[] s2, boolean done) {
        memory.add(s, a, r, s2, done);
    }

    @Override
    public void learn() {
        if (memory.size() < o.batch()) return;
        int n = o.batch();
        ContinuousReplay.Batch b = memory.sample(n, rng);
        float[][] s = b.s(), a = b.a(), s2 = b.s2();
        float[] r = b.r();
        boolean[] done = b.done();
        double alpha = alpha();
        Sample next2 = sample(copy(actor.forward(s2, n)), n);
        float[] q1t = critic1Target.q(s2, next2.a(), n), q2t = critic2Target.q(s2, next2.a(), n);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            double soft = Math.min(q1t[k], q2t[k]) - alpha * next2.logp()[k];
            y[k] = (float) (r[k] + (done[k] ? 0 : o.gamma() * soft));
        }
        for (Td3.Critic c : new Td3.Critic[] {critic1, critic2}) {
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
        // Actor through the reparameterised sample; the critics' gradients here are discarded.
        float[][] out = copy(actor.forward(s, n));
        Sample cur = sample(out, n);
        float[] q1 = critic1.q(s, cur.a(), n);
        float[] q2 = critic2.q(s, cur.a(), n);
        float[] d1 = new float[n], d2 = new float[n];
        for (int k = 0; k < n; k++) {
            if (q1[k] <= q2[k]) d1[k] = -1f / n;
            else d2[k] = -1f / n;
        }
        float[][] dA1 = critic1.backward(d1), dA2 = critic2.backward(d2);
        float[][] dOut = new float[n][2 * nActions];
        double meanLogp = 0;
        for (int k = 0; k < n; k++) {
            meanLogp += cur.logp()[k] / n;
            for (int i = 0; i < nActions; i++) {
                double t = cur.a()[k][i], dqda = dA1[k][i] + dA2[k][i]; // ∂(−min Q / n)/∂a
                double du = dqda * (1 - t * t) + alpha * 2 * t / n;       // through tanh, plus α·∂(−log(1−a²))/∂u
                dOut[k][i] = (float) du;
                double dls = du * cur.sigma()[k][i] * cur.eps()[k][i] - alpha / n; // ∂u/∂log σ = σε; ∂(−log σ)/∂log σ = −1
                dOut[k][nActions + i] = cur.clamped()[k][i] ? 0f : (float) dls;
            }
        }
        actor.backward(dOut); // the caches still hold this batch's forward pass
        actorOpt.step(actor.parameters(), actor.gradients());
        if (o.autoAlpha()) {
            logAlphaGrad[0] = (float) -(meanLogp - nActions);
            alphaOpt.step(java.util.List.of(logAlpha), java.util.List.of(logAlphaGrad));
        }
        critic1Target.softUpdate(critic1, o.tau());
        critic2Target.softUpdate(critic2, o.tau());
        learnSteps++;
    }

    /** Q₁(s, a), and the actor's mean μ(s) before the tanh squash. */
    @Override
    public View view(float[][] s, float[][] a) {
        int n = s.length;
        float[] q = critic1.q(s, a, n).clone();
        float[][] out = actor.forward(s, n), pre = new float[n][];
        for (int r = 0; r < n; r++) pre[r] = java.util.Arrays.copyOf(out[r], nActions);
        return new View(q, pre);
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

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) out[k] = rows[k].clone();
        return out;
    }

    public long getLearnSteps() {
        return learnSteps;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "sac agent: %d observations -> %d actions, actor %s, temperature %.4g; %d steps",
                actor.inputSize(), nActions, actor, alpha(), steps);
    }

    // ---------------------------------------------------------------- files

    private java.util.List<Mlp> networks() {
        return java.util.List.of(actor, critic1.state, critic1.action, critic1.head, critic2.state, critic2.action, critic2.head,
                critic1Target.state, critic1Target.action, critic1Target.head, critic2Target.state, critic2Target.action, critic2Target.head);
    }

    /** Saves options, counters, the temperature and every network; a relative path lands in the output folder. */
    public java.nio.file.Path save(String path) {
        return save(path, false);
    }

    /** {@code agent.save('sac.agent', force: true)}: writes even NaN or infinite weights. */
    public java.nio.file.Path save(java.util.Map<String, ?> opts, String path) {
        return save(path, probelab.nn.ModelFile.SaveOptions.force(opts));
    }

    public java.nio.file.Path save(String path, boolean force) {
        int obs = actor.inputSize();
        return AgentFiles.save(path, "sac", o, obs, nActions, networks(), out -> {
            out.writeLong(steps);
            out.writeLong(learnSteps);
            out.writeFloat(logAlpha[0]);
        }, force, "this sac agent");
    }

    /** Loads a SAC agent saved by {@link #save}: it acts as the saved one did. */
    public static Sac load(java.nio.file.Path path) {
        return probelab.nn.ModelFile.load(path, "sac", "a sac agent", Options.DEFAULTS, (opts, in) -> {
            Sac s = new Sac(in.readInt(), in.readInt(), opts);
            s.steps = in.readLong();
            s.learnSteps = in.readLong();
            s.logAlpha[0] = in.readFloat();
            if (!Float.isFinite(s.logAlpha[0])) throw new java.io.IOException("its temperature is not a finite number");
            AgentFiles.readNetworks(in, s.networks());
            return s;
        });
    }
}
