// Benchmark: the classic 1000-game catch DQN, probelab next to its PyTorch peer
// (scripts/peers/catch_dqn_torch.py, same algorithm, one thread), on this machine, in one
// run. Also times bin/probelab from launch to a usable prompt. Writes summary.json.
//
//   bin/probelab scripts/bench_catch.groovy [--seeds 3] [--episodes 1000] [--python /usr/bin/python3]

import groovy.json.JsonSlurper

def opts = parseArgs(args, [seeds: 3, episodes: 1000, evalEpisodes: 1000, python: '/usr/bin/python3', startupRuns: 3])
config(benchmark: 'catch_dqn', *: opts)
def median = { List xs -> probelab.workbench.bench.Bench.median(xs) }

def peerScript = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/catch_dqn_torch.py')
def torchOk = probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')
if (!torchOk) println "PyTorch not found at ${opts.python} (apt-get install python3-torch): probelab's numbers only"
// seeds alternate between the two sides, so that a slow spell of the machine falls on both
def ours = [], peer = []
(1..opts.seeds).each { seed ->
    def agent = dqn(catchGame(), seed: seed)
    def run = agent.train(episodes: opts.episodes, progress: false)
    def greedy = agent.evaluate(catchGame(), episodes: opts.evalEpisodes, seed: seed + 10_000)
    printf('probelab  seed %d: %.2f s, %d training wins, greedy win rate %.3f%n', seed, run.seconds, run.wins, greedy.winRate)
    ours << [seconds: run.seconds, wins: run.wins, greedy: greedy.winRate]
    if (!torchOk) return
    def p = [opts.python, peerScript.path, '--episodes', "$opts.episodes", '--eval-episodes', "$opts.evalEpisodes",
             '--seed', "$seed", '--threads', '1'].execute()
    def text = p.text
    if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${p.err.text}")
    def r = new JsonSlurper().parseText(text.readLines().last())
    printf('pytorch   seed %d: %.2f s, %d training wins, greedy win rate %.3f%n', seed, r.train_seconds, r.wins_total, r.greedy_win_rate)
    peer << [seconds: r.train_seconds as double, wins: r.wins_total, greedy: r.greedy_win_rate as double, version: r.peer]
}

def launcher = new File(System.getProperty('probelab.home', '.'), 'bin/probelab').path
def startup = (1..<(opts.startupRuns + 1)).collect {
    long t0 = System.nanoTime()
    def p = [launcher].execute()
    p.withWriter { it << ':quit\n' }
    p.waitFor()
    (System.nanoTime() - t0) / 1e9
}

def oursT = median(ours*.seconds)
def result = [
        episodes: opts.episodes, seeds: opts.seeds,
        probelab_train_seconds_median: oursT,
        probelab_greedy_win_rate_mean: ours*.greedy.sum() / ours.size(),
        probelab_wins_total_mean: ours*.wins.sum() / ours.size(),
]
if (startup) result.startup_to_prompt_seconds_median = median(startup)
if (peer) {
    def peerT = median(peer*.seconds)
    result += [pytorch_version: peer[0].version, pytorch_train_seconds_median: peerT,
               pytorch_greedy_win_rate_mean: peer*.greedy.sum() / peer.size(),
               pytorch_wins_total_mean: peer*.wins.sum() / peer.size(),
               ratio_probelab_over_pytorch: oursT / peerT]
    printf('%nmedian training time, %d games: probelab %.2f s, PyTorch %.2f s → ratio %.2f× (lower is faster)%n',
            opts.episodes, oursT, peerT, oursT / peerT)
}
if (startup) printf('launch to prompt (median of %d): %.2f s%n', opts.startupRuns, median(startup))
def B = probelab.workbench.bench.Bench
def rows = [B.row("catch DQN, ${opts.episodes} games", 'training time (median of seeds)', 's', oursT, peer ? median(peer*.seconds) : null,
        peer ? "${peer[0].version}, 1 thread" : 'PyTorch not installed', false,
        "greedy win rate ${result.probelab_greedy_win_rate_mean}" + (peer ? " vs ${result.pytorch_greedy_win_rate_mean}" : ''))]
if (startup) rows << B.own('launch to a usable prompt', 'median', 's', median(startup), 'bin/probelab, already built')
summary(result + [rows: rows])
