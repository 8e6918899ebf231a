// Smart calibration (seed 000): agents learn the elastic net's two weights on ElasticNetEnv(20, 20).
// Default: the seed's demo, TD3 for 200 games × 2 steps. --full: 1000 games × 4 steps for TD3 and
// DDPG and SAC. Then the learned weights against the 5×5 grid search on fresh problems
// by ‖x0 − x‖₁/‖x0‖₁. summary.json: per agent the mean step reward of the last 50 episodes and the
// first episode where the running mean (50) reached 10 (per seed and the median); the grid comparison.
//
// --seeds 1,2,3 trains each agent once per seed and draws the comparison as mean ± sd over seeds.
//
//   bin/probelab scripts/elasticnet_td3.groovy [--full true] [--agents td3,ddpg,sac] [--seed 1 | --seeds 1,2,3] [--problems 50] [--out DIR]

def opts = parseArgs(args, [full: false, seed: 1, seeds: '', problems: 50, agents: ''])
config(opts)
int games = opts.full ? 1000 : 200, steps = opts.full ? 4 : 2
def makers = [td3: { e, long s -> td3(e, seed: s) }, ddpg: { e, long s -> ddpg(e, seed: s) }, sac: { e, long s -> sac(e, seed: s) }]
def names = opts.agents ? (opts.agents as String).split(',')*.trim() : (opts.full ? ['td3', 'ddpg', 'sac'] : ['td3'])
def unknown = names - makers.keySet()
if (unknown) throw new IllegalArgumentException("unknown agents ${unknown}; valid: ${makers.keySet().join(', ')}")
List<Long> seeds = opts.seeds ? (opts.seeds as String).split(',')*.trim().collect { it as long } : [opts.seed as long]   // e.g. --seeds 1,2,3

def result = [games: games, steps: steps, seeds: seeds]
def curves = [:]      // name → one running mean (50) per seed
def trained = [:]     // name → the agent of the first seed, for the grid comparison
names.each { name ->
    def perSeed = []
    seeds.each { long seed ->
        def env = elasticNetEnv(M: 20, N: 20, maxSteps: steps)
        def agent = makers[name](env, seed)
        long t0 = System.nanoTime()
        def run = agent.train(env, episodes: games, maxSteps: steps, seed: seed)
        double secs = (System.nanoTime() - t0) / 1e9
        def rm = run.runningMean(50)
        int reached = (0..<rm.length).find { rm[it] >= 10 } ?: -1
        perSeed << [seed: seed, seconds: secs, last50: run.lastMean(50), first_running_mean_10: reached, episodes: run.score().length]
        printf('%s seed %d: %s in %.1f s; running mean ≥ 10 first at episode %d%n', name, seed, run, secs, reached)
        curves.computeIfAbsent(name) { [] } << rm
        if (!trained[name]) trained[name] = agent
    }
    def last = perSeed*.last50.sort(false), k = last.size()
    // never reaching 10 (-1) counts as later than any episode; with an even count the later middle value
    def first = perSeed*.first_running_mean_10.collect { it < 0 ? Integer.MAX_VALUE : it }.sort(false)[k.intdiv(2)]
    result[name] = [runs: perSeed, last50_median: (last[(k - 1).intdiv(2)] + last[k.intdiv(2)]) / 2,
                    first_running_mean_10_median: first == Integer.MAX_VALUE ? -1 : first]
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

// Learned weights against the 5×5 grid on fresh problems (same problem, fresh noise per solve).
def env = elasticNetEnv(M: 20, N: 20, maxSteps: steps)
def errs = [grid: []]
def rhos = [grid: []]
trained.keySet().each { errs[it] = []; rhos[it] = [] }
(0..<(opts.problems as int)).each { p ->
    def obs = env.reset(100000L + p).observation()
    def hint = env.gridSearchAction()
    errs.grid << env.step(hint).info().relativeError
    rhos.grid << env.rho
    trained.each { name, agent ->
        env.reset(100000L + p)
        errs[name] << env.step(agent.act(obs)).info().relativeError
        rhos[name] << env.rho
    }
}
trained.keySet().each { name ->
    scatter(rhos.grid*.getAt(0) + rhos.grid*.getAt(1), rhos[name]*.getAt(0) + rhos[name]*.getAt(1),
            title: "$name: learned ρ against the grid's (ρ0 then ρ1 of each problem)", xlabel: 'grid-search ρ', ylabel: 'learned ρ')
}
def median = { List v -> def s = v.sort(false); s[s.size().intdiv(2)] }
result.relative_error_median = errs.collectEntries { k, v -> [k, median(v)] }
result.relative_error_mean = errs.collectEntries { k, v -> [k, v.sum() / v.size()] }
println "‖x0 − x‖₁/‖x0‖₁ over ${opts.problems} problems, median: ${result.relative_error_median}"
summary(result)
