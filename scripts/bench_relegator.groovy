// Benchmark: relegator training (full batch, 20,000 events, up to 1000 epochs with the
// early stop) in probelab next to its PyTorch peer (scripts/peers/relegator_torch.py, same
// model, loss and data), in one run. Compares time per epoch (the two stop at different
// epochs: their random streams differ) and total time. Writes summary.json. Both sides use
// the machine's cores: probelab shares the batch's blocks among them, and the peer runs
// --threads 2, its faster setting on a 2-core machine.
//
//   bin/probelab scripts/bench_relegator.groovy [--seeds 3] [--threads 2] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.studies.relegator.*

def opts = parseArgs(args, [seeds: 3, python: '/usr/bin/python3', epochs: 1000, threads: 2])
config(benchmark: 'relegator', *: opts)
def peerScript = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/relegator_torch.py')
def torchOk = probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')
def rows = []
(1..opts.seeds).each { seed ->
    def data = MoonsMass.generate(20000, 0.2, 1.4, 0.5, seed)
    def clf = relegator(seed: seed, epochs: opts.epochs, progress: false)
    def fit = clf.fit(data)
    def row = [seed: seed, probelab_epochs: fit.epochs, probelab_seconds: fit.seconds,
               probelab_ms_per_epoch: 1000 * fit.seconds / fit.epochs]
    if (torchOk) {
        // the same split the relegator used (seed + 1), written for the peer
        def split = data.split(0.25, seed + 1)
        def csv = out().resolve("events-seed${seed}.csv").toFile()
        csv.parentFile.mkdirs()
        csv.withWriter { w ->
            w << 'x1,x2,label,mass,split\n'
            split.eachWithIndex { Events part, int k ->
                for (int i = 0; i < part.size(); i++) w << "${part.x()[i][0]},${part.x()[i][1]},${part.label()[i]},${part.mass()[i]},$k\n"
            }
        }
        def p = [opts.python, peerScript.path, '--data', csv.path, '--epochs', "$opts.epochs", '--seed', "$seed", '--threads', "$opts.threads"].execute()
        def text = p.text
        if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${p.err.text}")
        def r = new JsonSlurper().parseText(text.readLines().last())
        row += [pytorch_epochs: r.epochs, pytorch_seconds: r.train_seconds, pytorch_ms_per_epoch: 1000 * r.seconds_per_epoch,
                pytorch_version: r.peer]
        csv.delete()
    }
    println row
    rows << row
}
def mean = { key -> rows*.get(key).sum() / rows.size() }
def result = [runs: rows, probelab_ms_per_epoch_mean: mean('probelab_ms_per_epoch'), probelab_seconds_mean: mean('probelab_seconds')]
if (torchOk) {
    result += [pytorch_ms_per_epoch_mean: mean('pytorch_ms_per_epoch'), pytorch_seconds_mean: mean('pytorch_seconds'),
               ratio_per_epoch: mean('probelab_ms_per_epoch') / mean('pytorch_ms_per_epoch'),
               ratio_total: mean('probelab_seconds') / mean('pytorch_seconds')]
    printf('per epoch: probelab %.1f ms, PyTorch %.1f ms → ratio %.2f×; total %.1f s vs %.1f s%n',
            result.probelab_ms_per_epoch_mean, result.pytorch_ms_per_epoch_mean, result.ratio_per_epoch,
            result.probelab_seconds_mean, result.pytorch_seconds_mean)
}
def B = probelab.workbench.bench.Bench
summary(result + [rows: [B.row('relegator, full batch on 20,000 events', 'time per epoch (mean of seeds)', 'ms', result.probelab_ms_per_epoch_mean,
        torchOk ? result.pytorch_ms_per_epoch_mean : null, torchOk ? "${rows[0].pytorch_version}, ${opts.threads} thread(s)" : 'PyTorch not installed',
        false, "epochs to the early stop: ${rows*.probelab_epochs}" + (torchOk ? " vs ${rows*.pytorch_epochs}" : ''))]])
