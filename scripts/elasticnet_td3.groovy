// Smart calibration (seed 000): agents learn the elastic net's two weights on ElasticNetEnv(20, 20).
// Default: the seed's demo, TD3 for 200 games × 2 steps. --full: 1000 games × 4 steps for TD3 and
// DDPG and SAC. Then the learned weights against the 5×5 grid search on fresh problems
// by ‖x0 − x‖₁/‖x0‖₁. summary.json: per agent the mean step reward of the last 50 episodes and the
// first episode where the running mean (50) reached 10 (per seed and the median); the grid comparison.
//
// --seeds 1,2,3 trains each agent once per seed and draws the comparison as mean ± sd over seeds.
//
// --parallel 2 plays two runs at once (each run is single-threaded and repeats exactly either way).
// Figures for the first seed of each agent show what to look at when a run degrades: the actions
// played, the critic's implied step reward, the reward's outliers, actor saturation.
//
//   bin/probelab scripts/elasticnet_td3.groovy [--full true] [--agents td3,ddpg,sac] [--seed 1 | --seeds 1,2,3]
//       [--parallel 2] [--problems 50] [--episodes N] [--boundSpectrum false] [--out DIR]

def opts = parseArgs(args, [full: false, seed: 1, seeds: '', problems: 50, agents: '', boundSpectrum: true, parallel: 1, episodes: 0])
config(opts)
int games = (opts.episodes as int) > 0 ? opts.episodes as int : opts.full ? 1000 : 200, steps = opts.full ? 4 : 2
def makers = [td3: { e, long s -> td3(e, seed: s) }, ddpg: { e, long s -> ddpg(e, seed: s) }, sac: { e, long s -> sac(e, seed: s) }]
def names = opts.agents ? (opts.agents as String).split(',')*.trim() : (opts.full ? ['td3', 'ddpg', 'sac'] : ['td3'])
def unknown = names - makers.keySet()
if (unknown) throw new IllegalArgumentException("unknown agents ${unknown}; valid: ${makers.keySet().join(', ')}")
List<Long> seeds = opts.seeds ? (opts.seeds as String).split(',')*.trim().collect { it as long } : [opts.seed as long]   // e.g. --seeds 1,2,3
int parallel = opts.parallel as int
if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1, got $parallel")

// one training run: its scores, diagnostics and time; runs are independent, so --parallel 2 plays two at once
def train = { String name, long seed, boolean bar ->
    def env = elasticNetEnv(M: 20, N: 20, maxSteps: steps, boundSpectrum: opts.boundSpectrum)
    def agent = makers[name](env, seed)
    long t0 = System.nanoTime()
    def run = agent.train(env, episodes: games, maxSteps: steps, seed: seed, progress: bar)
    double secs = (System.nanoTime() - t0) / 1e9
    def rm = run.runningMean(50)
    int reached = (0..<rm.length).find { rm[it] >= 10 } ?: -1
    printf('%s seed %d: %s in %.1f s; running mean ≥ 10 first at episode %d%n', name, seed, run, secs, reached)
    [name: name, seed: seed, agent: agent, run: run, seconds: secs, reached: reached, curve: rm]
}
def jobs = names.collectMany { n -> seeds.collect { s -> [n, s] } }
def done = [:]
if (parallel == 1) {
    for (job in jobs) {
        if (Thread.currentThread().isInterrupted()) break
        done[job] = train(job[0], job[1], true)
    }
} else {
    def pool = java.util.concurrent.Executors.newFixedThreadPool(parallel)
    def futures = jobs.collectEntries { job -> [job, pool.submit({ train(job[0], job[1], false) } as java.util.concurrent.Callable)] }
    try {
        futures.each { job, f -> done[job] = f.get() }
    } catch (InterruptedException e) {
        pool.shutdownNow()   // Ctrl-C: every run stops after its current step and keeps what it learned
        Thread.currentThread().interrupt()
        futures.each { job, f -> try { done[job] = f.get() } catch (ignored) { } }
    } finally {
        pool.shutdown()
    }
}

def result = [games: games, steps: steps, seeds: seeds, bound_spectrum: opts.boundSpectrum]
def curves = [:]      // name → one running mean (50) per seed
def trained = [:]     // name → the trained agent of each seed, for the grid comparison
names.each { name ->
    def runs = seeds.collect { done[[name, it]] }.findAll { it != null }
    if (!runs) return
    def perSeed = runs.collect { r ->
        [seed: r.seed, seconds: r.seconds, last50: r.run.lastMean(50), first_running_mean_10: r.reached, episodes: r.run.score().length,
         diagnostics_per_100: r.run.diagnostics().blocks(100)]
    }
    curves[name] = runs*.curve
    trained[name] = runs*.agent
    def first = runs[0], diag = first.run.diagnostics()
    // what to look at when a run degrades: where the actor went, what the critic believed, the reward's outliers
    lines([(name + ' action 0 (L2 weight)'): diag.get('action_0'), (name + ' action 1 (L1 weight)'): diag.get('action_1')],
            title: "$name seed ${first.seed}: mean action per episode (−1: ρ = 0.001, +1: ρ = 0.1)", xlabel: 'episode', ylabel: 'action')
    lines(['step reward seen (running mean of 50)': first.curve as List, '(1 − γ)·Q₁(s, a)': diag.get('q_implied_reward')],
            title: "$name seed ${first.seed}: critic's implied step reward against the reward seen", xlabel: 'episode', ylabel: 'step reward')
    lines(['worst step reward': diag.get('reward_min'), 'replay memory, worst reward': diag.get('replay_reward_min')],
            title: "$name seed ${first.seed}: reward outliers", xlabel: 'episode', ylabel: 'step reward')
    lines(['mean |pre-tanh|': diag.get('actor_pre_abs'), 'fraction |pre-tanh| > 3': diag.get('actor_saturated'),
           'replay action sd': diag.get('replay_action_sd')],
            title: "$name seed ${first.seed}: actor saturation and replay spread", xlabel: 'episode', ylabel: 'value')
    def last = perSeed*.last50, k = last.size(), sorted = last.sort(false)
    double mean = last.sum() / k, sd = Math.sqrt(last.collect { (it - mean) ** 2 }.sum() / k)
    // never reaching 10 (-1) counts as later than any episode; with an even count the later middle value
    def firstTen = perSeed*.first_running_mean_10.collect { it < 0 ? Integer.MAX_VALUE : it }.sort(false)[k.intdiv(2)]
    result[name] = [runs: perSeed, last50_median: (sorted[(k - 1).intdiv(2)] + sorted[k.intdiv(2)]) / 2,
                    last50_mean: mean, last50_sd: sd, last50_worst: sorted[0], last50_worst_seed: perSeed.min { it.last50 }.seed,
                    seeds_last50_at_least_9: last.count { it >= 9 }, seconds_mean: perSeed*.seconds.sum() / k,
                    first_running_mean_10_median: firstTen == Integer.MAX_VALUE ? -1 : firstTen]
    if (k > 1) printf('%s over seeds %s: last-50 mean %.2f ± %.2f (sd), worst %.2f (seed %d)%n', name, perSeed*.seed, mean, sd, sorted[0],
            result[name].last50_worst_seed)
}
if (seeds.size() == 1) {
    lines(curves.collectEntries { k, v -> [k, v[0]] }, title: "mean step reward, running mean of 50 (${games} × ${steps})", xlabel: 'episode', ylabel: 'mean step reward')
} else {
    // the seed's comparison figure over seeds: mean of the running means, ± one standard deviation, every 10 episodes
    int len = curves.values()*.collect { it.length }.flatten().min()
    double[] x = (0..<len).step(10).collect { it as double } as double[]
    def means = [:], sds = [:]
    curves.each { name, runs ->
        means[name] = x.collect { e -> runs.collect { it[(int) e] }.sum() / runs.size() } as double[]
        sds[name] = x.collect { e -> def v = runs.collect { it[(int) e] }; double m = v.sum() / v.size(); Math.sqrt(v.collect { (it - m) ** 2 }.sum() / v.size()) } as double[]
    }
    probelab.plot.Display.show(probelab.plot.Plots.linesWithErrors(x, means, sds,
            probelab.plot.LineOptions.of("running mean (50) of step reward, mean ± sd over seeds ${seeds.join(',')}", 'episode', 'mean step reward')))
}

// Learned weights against the 5×5 grid on fresh problems (same problem, fresh noise per solve), every seed's agent.
def env = elasticNetEnv(M: 20, N: 20, maxSteps: steps, boundSpectrum: opts.boundSpectrum)
def median = { List v -> def s = v.sort(false); s[s.size().intdiv(2)] }
def errs = [grid: []], rhos = [grid: []]
def seedErrs = trained.collectEntries { name, agents -> [name, agents.collect { [] }] }
trained.keySet().each { rhos[it] = [] }
(0..<(opts.problems as int)).each { p ->
    def obs = env.reset(100000L + p).observation()
    errs.grid << env.step(env.gridSearchAction()).info().relativeError
    rhos.grid << env.rho
    trained.each { name, agents ->
        agents.eachWithIndex { agent, i ->
            env.reset(100000L + p)
            seedErrs[name][i] << env.step(agent.act(obs)).info().relativeError
            if (i == 0) rhos[name] << env.rho
        }
    }
}
trained.keySet().each { name ->
    scatter(rhos.grid*.getAt(0) + rhos.grid*.getAt(1), rhos[name]*.getAt(0) + rhos[name]*.getAt(1),
            title: "$name seed ${seeds[0]}: learned ρ against the grid's (ρ0 then ρ1 of each problem)", xlabel: 'grid-search ρ', ylabel: 'learned ρ')
}
double gridMedian = median(errs.grid)
result.relative_error_median = [grid: gridMedian]
seedErrs.each { name, perSeed ->
    def medians = perSeed.collect { median(it) }
    result.relative_error_median[name] = median(medians)
    result[name].relative_error_median_per_seed = medians
    result[name].seeds_within_005_of_grid = medians.count { it - gridMedian <= 0.05 }
}
println "‖x0 − x‖₁/‖x0‖₁ over ${opts.problems} problems, median (for agents: the median over seeds of each seed's median): ${result.relative_error_median}"
summary(result)
