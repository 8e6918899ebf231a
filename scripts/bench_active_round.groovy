// Benchmark: one active-learning round with the seed notebook's CNN — score a pool of 8,000
// MNIST digits with 20 MC-dropout passes (BALD), then refit 5 epochs on 300 labels — in
// probelab next to its PyTorch peer (scripts/peers/al_round_torch.py) on the same digits.
// --estimator bayesian: the BatchBALD paper's network (BayesianCnn, batch 64) on both sides.
//
//   bin/probelab scripts/bench_active_round.groovy [--estimator cnn|bayesian] [--threads 2] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.active.*

def opts = parseArgs(args, [estimator: 'cnn', threads: 2, python: '/usr/bin/python3', passes: 20, epochs: 5])
config(opts)
def ds = mnist().shuffle(1)
def pool = ds.subset(0, 8000), labelled = ds.subset(8000, 8300)
def cnn = switch (opts.estimator) {
    case 'cnn' -> new SeedCnn(28, 28, 10, opts.epochs as int, 32, 1)
    case 'bayesian' -> new BayesianCnn(28, 28, 10, new BayesianCnn.Options(opts.epochs as int, 0, 64, 1e-3, 0.5, 1))
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
def torchOk = new File(opts.python).canExecute() && [opts.python, '-c', 'import torch'].execute().waitFor() == 0
if (torchOk) {
    def bin = out().resolve('digits.bin').toFile()
    bin.parentFile.mkdirs()
    def all = ds.subset(0, 8300)
    def buf = java.nio.ByteBuffer.allocate(8300 * 785 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
    all.rows().each { row -> row.each { buf.putFloat(it) } }
    all.labels.each { buf.putFloat(it as float) }
    bin.bytes = buf.array()
    def peer = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/al_round_torch.py')
    def p = [opts.python, peer.path, '--data', bin.path, '--n', '8300', '--threads', "$opts.threads",
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
summary(result)
