// Benchmark: t-SNE of Fashion-MNIST (the first n of the 70,000 train+test images, PCA to 50
// dimensions, perplexity 30, 750 iterations) in probelab next to scikit-learn 1.2's
// Barnes-Hut t-SNE (scripts/peers/tsne_sklearn.py, 2 threads), one size after another, each
// size ours then the peer's; then PCA of 100,000 × 512 and t-SNE of 100,000 × 64 (a seeded
// 20-cluster Gaussian mixture) for scale. Quality: KL, 10-NN preservation and 2-D 10-NN
// accuracy (on a 10,000-point sample above that size), the same measures on both sides.
//
//   bin/probelab scripts/bench_tsne.groovy [--n 1000,2000,5000,10000,20000] [--peer true] [--scale true] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.embed.*

def opts = parseArgs(args, [n: '10000', peer: true, scale: true, python: '/usr/bin/python3', synthetic: false])
config(benchmark: 'tsne', *: opts)
def result = [:]
def B = probelab.workbench.bench.Bench
def rows = []
def sizes = opts.n.toString().split(',').collect { it.trim() as int }

// --synthetic true: a seeded 10-class Gaussian mixture shaped like the images, where Fashion-MNIST is not installed
def ds = opts.synthetic ? syntheticImages(sizes.max()) : fashionMnist(part: 'all')
def peerScript = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/tsne_sklearn.py')
boolean sklearnOk = opts.peer && !opts.synthetic && B.peerAvailable(opts.python, 'sklearn')
if (opts.peer && !sklearnOk && !opts.synthetic) println "scikit-learn not found for ${opts.python}: install python3-sklearn to compare"
def what = opts.synthetic ? 'synthetic points' : 'Fashion-MNIST images'
for (int size : sizes) {
    int n = Math.min(size, ds.size())
    def sub = ds.subset(0, n)
    long t0 = System.nanoTime()
    def p = pca(sub, 50)
    double pcaSeconds = (System.nanoTime() - t0) / 1e9
    def e = tsne(p, progress: true)
    def q = quality(p, e, labels: sub.labels)
    def ours = [n: n, pca_s: pcaSeconds, tsne_s: e.totalSeconds, neighbours_s: e.neighborSeconds, kl: e.kl, gradients: e.gradients(),
                knn_preservation: q.knn_preservation, knn_accuracy: q.knn_accuracy, trustworthiness: q.trustworthiness]
    println "probelab: $ours"
    def peer = null
    if (sklearnOk) {
        def proc = [opts.python, peerScript.path, '--n', "$n", '--threads', '2'].execute()
        def text = proc.text
        if (proc.waitFor() != 0) throw new IllegalStateException("the scikit-learn peer failed: ${proc.err.text}")
        peer = new JsonSlurper().parseText(text.readLines().last())
        printf('t-SNE of %d: probelab %.1f s (KL %.3f, 10-NN kept %.3f, 10-NN acc %.3f) vs %s %.1f s (KL %.3f, %.3f, %.3f) → %.2f× the time%n',
                n, ours.tsne_s, e.kl, q.knn_preservation, q.knn_accuracy, peer.peer, peer.tsne_s,
                peer.kl, peer.knn_preservation, peer.knn_accuracy, ours.tsne_s / peer.tsne_s)
    }
    result["n$n"] = [probelab: ours, sklearn: peer, ratio_time: peer ? ours.tsne_s / peer.tsne_s : null]
    if (size == sizes.max()) scatter(e, color: sub.labels, classes: sub.classNames as List, title: "t-SNE of $n $what")
    rows << B.row("t-SNE of ${n} $what after PCA → 50", 'time', 's', ours.tsne_s as double,
            peer ? peer.tsne_s as double : null, peer ? "${peer.peer}, Barnes-Hut, 2 threads" : opts.synthetic ? 'no peer on synthetic points' : 'scikit-learn not installed', false,
            String.format(java.util.Locale.ROOT, 'KL %.3f, 10-NN kept %.3f, 10-NN accuracy %.3f', e.kl, q.knn_preservation, q.knn_accuracy)
                    + (peer ? String.format(java.util.Locale.ROOT, ' vs %.3f, %.3f, %.3f', peer.kl as double, peer.knn_preservation as double, peer.knn_accuracy as double) : ''))
}

if (opts.scale) {
    def r = new Random(1)
    int big = 100_000
    float[][] wide = new float[big][512]
    for (int i = 0; i < big; i++) for (int j = 0; j < 512; j++) wide[i][j] = (float) r.nextGaussian()
    t0 = System.nanoTime()
    Pca.fit(wide, 50)
    result.pca_100k_512_s = (System.nanoTime() - t0) / 1e9
    printf('PCA 100,000 × 512 → 50: %.2f s%n', result.pca_100k_512_s)
    wide = null
    int d = 64, c = 20
    double[][] centres = new double[c][d]
    for (int k = 0; k < c; k++) for (int j = 0; j < d; j++) centres[k][j] = r.nextGaussian() * 3
    float[][] x = new float[big][d]
    int[] labels = new int[big]
    for (int i = 0; i < big; i++) {
        labels[i] = r.nextInt(c)
        for (int j = 0; j < d; j++) x[i][j] = (float) (centres[labels[i]][j] + r.nextGaussian())
    }
    def e2 = tsne(x, progress: true)
    result.tsne_100k_64 = [seconds: e2.totalSeconds, neighbours_s: e2.neighborSeconds, kl: e2.kl,
                           knn_accuracy: Quality.knnAccuracy(e2.points, labels, 10)]
    printf('t-SNE 100,000 × 64: %.1f s, KL %.3f%n', e2.totalSeconds, e2.kl)
}
summary(result + [rows: rows])

/** n images of 28×28 in 10 classes: class means plus noise, seeded. */
def syntheticImages(int n) {
    def r = new java.util.Random(1)
    float[][] means = new float[10][784]
    for (int c = 0; c < 10; c++) for (int j = 0; j < 784; j++) means[c][j] = r.nextFloat()
    float[][] px = new float[n][784]
    int[] labels = new int[n]
    for (int i = 0; i < n; i++) {
        labels[i] = i % 10
        for (int j = 0; j < 784; j++) px[i][j] = (float) Math.min(1, Math.max(0, means[labels[i]][j] + 0.2 * r.nextGaussian()))
    }
    new probelab.data.ImageDataset('synthetic', px, labels, (0..9).collect { "$it" } as String[], 1, 28, 28)
}
