// Benchmark: receptive fields by spike-triggered average — 25,000 N(0,1) RGB images through
// the 3-layer Lindsey encoder (C = 16, B = 4), central unit of layer 3, crops of radius 13 —
// in probelab next to its PyTorch peer (scripts/peers/rf_torch.py, 2 threads, whole 72×128
// frames as the seed's code does), in one run. probelab feeds noise only as large as the unit's
// 31-pixel field: the same average for less work. Writes summary.json.
//
//   bin/probelab scripts/bench_analysis.groovy [--samples 25000] [--python /usr/bin/python3]

import groovy.json.JsonSlurper

def opts = parseArgs(args, [samples: 25000, python: '/usr/bin/python3'])
config(benchmark: 'receptive-fields', openblas_coretype: System.getenv('OPENBLAS_CORETYPE'), *: opts)
def enc = lindsey(height: 72, width: 128)
def rf = receptiveFields(enc, layer: 3, samples: opts.samples as int)
rf.plot()
def result = [probelab_seconds: rf.seconds, noise_size: rf.inputHeight, samples: rf.samples]
def peer = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/rf_torch.py')
if (probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')) {
    def p = [opts.python, peer.path, '--samples', "$opts.samples", '--threads', '2'].execute()
    def text = p.text
    if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${p.err.text}")
    def r = new JsonSlurper().parseText(text.readLines().last())
    result += [pytorch_seconds: r.seconds, pytorch_version: r.peer, ratio: rf.seconds / r.seconds]
    printf('receptive fields, %d images: probelab %.1f s, %s %.1f s → %.2f× its time%n', opts.samples, rf.seconds, r.peer, r.seconds, rf.seconds / r.seconds)
} else {
    println "PyTorch not found for ${opts.python}: install python3-torch to compare"
}
def B = probelab.workbench.bench.Bench
summary(result + [rows: [B.row("receptive fields: ${opts.samples} N(0,1) images through the 3-layer Lindsey encoder, layer 3", 'time', 's',
        rf.seconds, result.pytorch_seconds == null ? null : result.pytorch_seconds as double,
        result.pytorch_version ? "${result.pytorch_version}, 2 threads, whole 72×128 frames" : 'PyTorch not installed', false,
        "probelab feeds noise only as large as the unit's ${rf.inputHeight}-pixel field")]])
