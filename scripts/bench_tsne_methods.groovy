// Benchmark: t-SNE's repulsive-force methods side by side on Fashion-MNIST (the first n of the
// 70,000 images, PCA to 50): Barnes-Hut alone, FFT interpolation alone, and "auto" (the cost
// model's pick per iteration), the same neighbours and settings otherwise. Time, KL, 10-NN
// preservation and accuracy for each; summary.json holds the rows.
//
//   bin/probelab scripts/bench_tsne_methods.groovy [--n 70000] [--methods bh,fft,auto]

def opts = parseArgs(args, [n: 70000, methods: 'bh,fft,auto', seed: 1])
config(benchmark: 'tsne-methods', *: opts)
def all = fashionMnist(part: 'all')
def ds = all.subset(0, Math.min(opts.n as int, all.size()))
def p = pca(ds, 50)
def rows = []
for (m in opts.methods.toString().split(',')*.trim()) {
    def e = tsne(p, method: m, seed: opts.seed as long, progress: false)
    def q = quality(p, e, labels: ds.labels)
    rows << [method: m, seconds: e.totalSeconds, neighbours_s: e.neighborSeconds, kl: e.kl, gradients: e.gradients(),
             knn_preservation: q.knn_preservation, knn_accuracy: q.knn_accuracy]
    printf('%-5s %6.1f s (%4.1f s neighbours)  KL %.4f  10-NN kept %.3f  10-NN accuracy %.3f  [%s]%n', m, e.totalSeconds,
            e.neighborSeconds, e.kl, q.knn_preservation, q.knn_accuracy, e.gradients())
}
summary(n: ds.size(), rows: rows)
