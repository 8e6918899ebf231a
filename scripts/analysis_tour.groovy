// A tour of the analysis toolkit on Fashion-MNIST: train a small CNN, record its activations,
// PCA with a scree plot, t-SNE of all 70,000 images (dense layer), the linear decoding probe
// against permuted-label chance, receptive fields of both conv layers, and attributions.
// summary.json holds the test accuracy, t-SNE time and KL, and the probe scores.
//
//   bin/probelab scripts/analysis_tour.groovy [--epochs 1] [--tsnePoints 70000] [--out DIR]

def opts = parseArgs(args, [epochs: 1, tsnePoints: 70000, seed: 1])
config(opts)
def train = fashionMnist(part: 'train'), test = fashionMnist(part: 'test')
def net = cnn(train, epochs: opts.epochs as int, seed: opts.seed as long)
double acc = accuracy(net, test)
printf('test accuracy after %d epoch(s): %.4f%n', opts.epochs, acc)

def all = fashionMnist(part: 'all')
int n = Math.min(opts.tsnePoints as int, all.size())
def sub = all.subset(0, n)
def acts = activations(net, sub, layers: ['dense'])
def p = pca(acts['dense'], 10)
println p
screePlot(p)
scatter(p, color: sub.labels, classes: sub.classNames as List, title: 'dense layer: PC 1 and 2')
def e = tsne(acts['dense'])
scatter(e, color: sub.labels, classes: sub.classNames as List, title: "t-SNE of the dense layer, $n images")
def q = quality(acts['dense'], e, labels: sub.labels)
println "t-SNE quality: $q"

// The probe on the test images only: the network never trained on them.
def testActs = activations(net, test, layers: ['dense'])
def scores = probe(testActs['dense'], test.labels)

def rf1 = receptiveFields(net, layer: 1, samples: 25000); rf1.plot()
def rf2 = receptiveFields(net, layer: 2, samples: 25000); rf2.plot()

def image = test.tensor(0)
int label = test.labels[0]
attribution(net, image, target: label, method: 'saliency').plot()
attribution(net, image, target: label, method: 'guidedBackprop').plot()
def ig = attribution(net, image, target: label, method: 'integratedGradients')
ig.plot()

summary(test_accuracy: acc, tsne_points: n, tsne_seconds: e.totalSeconds, tsne_kl: e.kl, tsne_quality: q,
        probe: scores.toMap(), ig_sum: ig.sum(), ig_delta: ig.delta)
