// Smart calibration (seed 000): agents learn the elastic net's two weights on ElasticNetEnv(20, 20).
// Default: the seed's demo, TD3 for 200 games × 2 steps. --full: 1000 games × 4 steps for TD3 and
// DDPG and SAC. Then the learned weights against the 5×5 grid search on fresh problems
// by ‖x0 − x‖₁/‖x0‖₁. summary.json: per agent the mean step reward of the last 50 episodes and the
// first episode where the running mean (50) reached 10; the grid comparison.
//
//   bin/probelab scripts/elasticnet_td3.groovy [--full true] [--agents td3,ddpg,sac] [--seed 1] [--problems 50] [--out DIR]

def opts = parseArgs(args, [full: false, seed: 1, problems: 50, agents: ''])
config(opts)
int games = opts.full ? 1000 : 200, steps = opts.full ? 4 : 2
def agents = [td3: { e -> td3(e, seed: opts.seed as long) }]
if (opts.full) {
    agents.ddpg = { e -> ddpg(e, seed: opts.seed as long) }
    agents.sac = { e -> sac(e, seed: opts.seed as long) }
}
if (opts.agents) {   // e.g. --agents sac,td3: only these
    def wanted = (opts.agents as String).split(',')*.trim()
    def unknown = wanted - ['td3', 'ddpg', 'sac']
    if (unknown) throw new IllegalArgumentException("unknown agents ${unknown}; valid: td3, ddpg, sac")
    def all = [td3: { e -> td3(e, seed: opts.seed as long) }, ddpg: { e -> ddpg(e, seed: opts.seed as long) }, sac: { e -> sac(e, seed: opts.seed as long) }]
    agents = all.subMap(wanted)
}

def result = [games: games, steps: steps]
def curves = [:]
def trained = [:]
agents.each { name, make ->
    def env = elasticNetEnv(M: 20, N: 20, maxSteps: steps)
    def agent = make(env)
    long t0 = System.nanoTime()
    def run = agent.train(env, episodes: games, maxSteps: steps, seed: opts.seed as long)
    double secs = (System.nanoTime() - t0) / 1e9
    def rm = run.runningMean(50)
    int reached = (0..<rm.length).find { rm[it] >= 10 } ?: -1
    result[name] = [seconds: secs, last50: run.lastMean(50), first_running_mean_10: reached, episodes: run.score().length]
    printf('%s: %s in %.1f s; running mean ≥ 10 first at episode %d%n', name, run, secs, reached)
    curves[name] = rm
    trained[name] = agent
}
lines(curves, title: "mean step reward, running mean of 50 (${games} × ${steps})", xlabel: 'episode', ylabel: 'mean step reward')

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
