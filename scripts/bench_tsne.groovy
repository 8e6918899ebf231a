// Benchmark: t-SNE of Fashion-MNIST (first N of the 70,000 train+test images, PCA to 50
// dimensions, perplexity 30, 750 iterations) in probelab next to scikit-learn 1.2's
// Barnes-Hut t-SNE (scripts/peers/tsne_sklearn.py, 2 threads), in one run; then PCA of
// 100,000 × 512 and t-SNE of 100,000 × 64 (a seeded 20-cluster Gaussian mixture) for scale.
// Quality: KL, 10-NN preservation and 2-D 10-NN accuracy on the same 10,000-point sample.
//
//   bin/probelab scripts/bench_tsne.groovy [--n 70000] [--peer true] [--scale true] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.embed.*

def opts = parseArgs(args, [n: 70000, peer: true, scale: true, python: '/usr/bin/python3'])
config(benchmark: 'tsne', *: opts)
def result = [:]

def ds = fashionMnist(part: 'all')
int n = Math.min(opts.n as int, ds.size())
def sub = ds.subset(0, n)
long t0 = System.nanoTime()
def p = pca(sub, 50)
double pcaSeconds = (System.nanoTime() - t0) / 1e9
def e = tsne(p, progress: true)
def q = quality(p, e, labels: sub.labels)
result.probelab = [n: n, pca_s: pcaSeconds, tsne_s: e.totalSeconds, neighbours_s: e.neighborSeconds, kl: e.kl,
                   knn_preservation: q.knn_preservation, knn_accuracy: q.knn_accuracy, trustworthiness: q.trustworthiness]
println "probelab: $result.probelab"
scatter(e, color: sub.labels, classes: sub.classNames as List, title: "t-SNE of $n Fashion-MNIST images")

def peerScript = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/tsne_sklearn.py')
boolean sklearnOk = opts.peer && new File(opts.python).canExecute() && [opts.python, '-c', 'import sklearn'].execute().waitFor() == 0
if (sklearnOk) {
    def proc = [opts.python, peerScript.path, '--n', "$n", '--threads', '2'].execute()
    def text = proc.text
    if (proc.waitFor() != 0) throw new IllegalStateException("the scikit-learn peer failed: ${proc.err.text}")
    result.sklearn = new JsonSlurper().parseText(text.readLines().last())
    result.ratio_time = result.probelab.tsne_s / result.sklearn.tsne_s
    printf('t-SNE of %d: probelab %.1f s (KL %.3f, 10-NN kept %.3f, 10-NN acc %.3f) vs %s %.1f s (KL %.3f, %.3f, %.3f) → %.2f× the time%n',
            n, result.probelab.tsne_s, e.kl, q.knn_preservation, q.knn_accuracy, result.sklearn.peer, result.sklearn.tsne_s,
            result.sklearn.kl, result.sklearn.knn_preservation, result.sklearn.knn_accuracy, result.ratio_time)
} else if (opts.peer) {
    println "scikit-learn not found for ${opts.python}: install python3-sklearn to compare"
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
summary(result)
