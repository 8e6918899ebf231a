// The elastic-net environment's reward near the smallest weights, where a trained TD3 actor
// plays: fresh problems, four steps each, actions around (−0.97, −0.97) with noise 0.05. Prints
// the distribution and every negative step with its two terms (fit and conditioning) and the
// extreme EE values, the spectrum's ends. With --boundSpectrum false, the seed's unbounded EE.
//
//   bin/probelab scripts/elasticnet_reward_tail.groovy [--problems 600] [--boundSpectrum false] [--seed 7]

def opts = parseArgs(args, [problems: 600, boundSpectrum: true, seed: 7])
config(opts)
def env = elasticNetEnv(M: 20, N: 20, maxSteps: 4, boundSpectrum: opts.boundSpectrum)
def rng = new Random(opts.seed as long)
def steps = []
(0..<(opts.problems as int)).each { p ->
    env.reset(5000L + p)
    4.times {
        float[] a = (0..1).collect { (float) Math.max(-1, -0.97 + 0.05 * rng.nextGaussian()) } as float[]
        def st = env.step(a)
        steps << [reward: st.reward(), fit: st.info().fit, conditioning: st.info().conditioning, ee_min: env.spectrum[0], ee_max: env.spectrum[-1]]
    }
}
def r = steps*.reward.sort(false), n = r.size()
def q = { double f -> r[Math.min(n - 1, (int) Math.floor(f * n))] }
def negative = steps.findAll { it.reward < 0 }
printf('%d steps: min %.2f, 0.1%% %.2f, 1%% %.2f, median %.2f, max %.2f; %d negative (%.2f%%)%n', n, r[0], q(0.001), q(0.01), q(0.5), r[-1],
        negative.size(), 100.0 * negative.size() / n)
negative.each { printf('  reward %9.2f = fit %6.2f + conditioning %9.2f;  EE from %9.2f to %.4f%n', it.reward, it.fit, it.conditioning, it.ee_min, it.ee_max) }
hist(r as double[], title: "step reward near the smallest weights (${opts.boundSpectrum ? 'EE in [0, 1]' : 'the seed\'s unbounded EE'})",
        xlabel: 'step reward', bins: 60)
summary(steps: n, min: r[0], quantile_001: q(0.001), quantile_01: q(0.01), median: q(0.5), max: r[-1], negative: negative.size(),
        worst_conditioning: steps*.conditioning.min())
