// Benchmark: one active-learning round with the seed notebook's CNN — score a pool of 8,000
// MNIST digits with 20 MC-dropout passes (BALD), then refit 5 epochs on 300 labels — in
// probelab next to its PyTorch peer (scripts/peers/al_round_torch.py) on the same digits.
// --estimator bayesian: the BatchBALD paper's network (BayesianCnn, batch 64) on both sides.
//
//   bin/probelab scripts/bench_active_round.groovy [--estimator cnn|bayesian] [--threads 2] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.active.*

def opts = parseArgs(args, [estimator: 'cnn', threads: 2, python: '/usr/bin/python3', passes: 20, epochs: 5, pool: 8000, labelled: 300])
config(opts)
def ds = mnist().shuffle(1)
int nPool = opts.pool as int, nAll = nPool + (opts.labelled as int)
def pool = ds.subset(0, nPool), labelled = ds.subset(nPool, nAll)
def cnn = switch (opts.estimator) {
    case 'cnn' -> new SeedCnn(28, 28, 10, opts.epochs as int, 32, 1)
    case 'bayesian' -> new BayesianCnn(28, 28, 10, new BayesianCnn.Options(opts.epochs as int, 0, 64, 1e-3, 0.5, 1, "stop"))
    default -> throw new IllegalArgumentException("--estimator must be cnn or bayesian, got ${opts.estimator}")
}
cnn.fit(labelled.rows(), labelled.labels)      // the model a round starts from
long t0 = System.nanoTime()
def scores = Strategies.bald(cnn.sampleProba(pool.rows(), opts.passes, 1))
long t1 = System.nanoTime()
cnn.fit(labelled.rows(), labelled.labels)
long t2 = System.nanoTime()
def ours = [score_seconds: (t1 - t0) / 1e9, fit_seconds: (t2 - t1) / 1e9, round_seconds: (t2 - t0) / 1e9]
printf('probelab: scoring %.1f s, refit %.1f s, round %.1f s%n', ours.score_seconds, ours.fit_seconds, ours.round_seconds)
def result = [probelab: ours]
def torchOk = probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')
if (torchOk) {
    def bin = out().resolve('digits.bin').toFile()
    bin.parentFile.mkdirs()
    def all = ds.subset(0, nAll)
    def buf = java.nio.ByteBuffer.allocate(nAll * 785 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
    all.rows().each { row -> row.each { buf.putFloat(it) } }
    all.labels.each { buf.putFloat(it as float) }
    bin.bytes = buf.array()
    def peer = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/al_round_torch.py')
    def p = [opts.python, peer.path, '--data', bin.path, '--n', "$nAll", '--pool', "$nPool", '--labelled', "$opts.labelled", '--threads', "$opts.threads",
             '--passes', "$opts.passes", '--epochs', "$opts.epochs", '--model', opts.estimator == 'cnn' ? 'seed' : 'bayesian'].execute()
    def text = p.text
    if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${p.err.text}")
    def r = new JsonSlurper().parseText(text.readLines().last())
    bin.delete()
    printf('pytorch:  scoring %.1f s, refit %.1f s, round %.1f s (%d threads)%n', r.score_seconds, r.fit_seconds, r.round_seconds, r.threads)
    result.pytorch = r
    result.ratio_round = ours.round_seconds / r.round_seconds
    result.ratio_scoring = ours.score_seconds / r.score_seconds
    result.ratio_fit = ours.fit_seconds / r.fit_seconds
    printf('ratio (probelab / PyTorch): round %.2f×, scoring %.2f×, refit %.2f×%n', result.ratio_round, result.ratio_scoring, result.ratio_fit)
}
def B = probelab.workbench.bench.Bench
String net = opts.estimator == 'cnn' ? "the seed notebook's CNN" : "the BatchBALD paper's CNN"
def peerName = torchOk ? "${result.pytorch.peer}, ${opts.threads} threads" : 'PyTorch not installed'
def rows = [B.row("active-learning round, ${net}", "BALD over ${nPool} digits × ${opts.passes} MC passes + ${opts.epochs}-epoch refit on ${opts.labelled}", 's',
        ours.round_seconds, torchOk ? result.pytorch.round_seconds as double : null, peerName, false,
        String.format(java.util.Locale.ROOT, 'scoring %.1f s, refit %.1f s', ours.score_seconds, ours.fit_seconds)
                + (torchOk ? String.format(java.util.Locale.ROOT, ' vs %.1f s and %.1f s', result.pytorch.score_seconds as double, result.pytorch.fit_seconds as double) : ''))]
summary(result + [rows: rows])
