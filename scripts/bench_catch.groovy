// Benchmark: the classic 1000-game catch DQN, probelab next to its PyTorch peer
// (scripts/peers/catch_dqn_torch.py, same algorithm, one thread), on this machine, in one
// run. Also times bin/probelab from launch to a usable prompt. Writes summary.json.
//
//   bin/probelab scripts/bench_catch.groovy [--seeds 3] [--episodes 1000] [--python /usr/bin/python3]

import groovy.json.JsonSlurper

def opts = parseArgs(args, [seeds: 3, episodes: 1000, evalEpisodes: 1000, python: '/usr/bin/python3', startupRuns: 3])
config(benchmark: 'catch_dqn', *: opts)
def median = { List<Double> xs -> def s = xs.sort(false); s.size() % 2 ? s[s.size().intdiv(2)] : (s[s.size().intdiv(2) - 1] + s[s.size().intdiv(2)]) / 2 }

def ours = (1..opts.seeds).collect { seed ->
    def agent = dqn(catchGame(), seed: seed)
    def run = agent.train(episodes: opts.episodes, progress: false)
    def greedy = agent.evaluate(catchGame(), episodes: opts.evalEpisodes, seed: seed + 10_000)
    printf('probelab  seed %d: %.2f s, %d training wins, greedy win rate %.3f%n', seed, run.seconds, run.wins, greedy.winRate)
    [seconds: run.seconds, wins: run.wins, greedy: greedy.winRate]
}

def peer = []
def peerScript = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/catch_dqn_torch.py')
def torchOk = new File(opts.python).canExecute() &&
        [opts.python, '-c', 'import torch'].execute().waitFor() == 0
if (torchOk) {
    (1..opts.seeds).each { seed ->
        def p = [opts.python, peerScript.path, '--episodes', "$opts.episodes", '--eval-episodes', "$opts.evalEpisodes",
                 '--seed', "$seed", '--threads', '1'].execute()
        def text = p.text
        if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${p.err.text}")
        def r = new JsonSlurper().parseText(text.readLines().last())
        printf('pytorch   seed %d: %.2f s, %d training wins, greedy win rate %.3f%n', seed, r.train_seconds, r.wins_total, r.greedy_win_rate)
        peer << [seconds: r.train_seconds as double, wins: r.wins_total, greedy: r.greedy_win_rate as double, version: r.peer]
    }
} else {
    println "PyTorch not found at ${opts.python} (apt-get install python3-torch): probelab's numbers only"
}

// launch to prompt: the REPL reads ':quit' from a pipe, so the time covers start-up and the first prompt
def launcher = new File(System.getProperty('probelab.home', '.'), 'bin/probelab').path
def startup = (1..opts.startupRuns).collect {
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
        startup_to_prompt_seconds_median: median(startup),
]
if (peer) {
    def peerT = median(peer*.seconds)
    result += [pytorch_version: peer[0].version, pytorch_train_seconds_median: peerT,
               pytorch_greedy_win_rate_mean: peer*.greedy.sum() / peer.size(),
               pytorch_wins_total_mean: peer*.wins.sum() / peer.size(),
               ratio_probelab_over_pytorch: oursT / peerT]
    printf('%nmedian training time, %d games: probelab %.2f s, PyTorch %.2f s → ratio %.2f× (lower is faster)%n',
            opts.episodes, oursT, peerT, oursT / peerT)
}
printf('launch to prompt (median of %d): %.2f s%n', opts.startupRuns, median(startup))
summary(result)
