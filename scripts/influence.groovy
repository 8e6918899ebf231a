// Influence functions (seed 000): Koh & Liang influence on MNIST 1 vs 7 with logistic
// regression, checked against leave-one-out retraining; mislabelled points found by
// self-influence; influence maps of an untrained and a trained CNN side by side; then influence
// through the CNN itself (trained on --cnnTrain Fashion-MNIST images): the training images that
// most help and most hurt its loss on a test image.
// summary.json: the leave-one-out Pearson, time per test point, flipped labels found, CNN influence time.
//
//   bin/probelab scripts/influence.groovy [--train 1000] [--top 50] [--epochs 1] [--cnnTrain 10000] [--out DIR]

import probelab.influence.Influence
import org.nd4j.linalg.factory.Nd4j

def opts = parseArgs(args, [train: 1000, top: 50, epochs: 1, seed: 3, cnnTrain: 10000])
config(opts)
def ds = mnist()
def rows = ds.rows(), labels = ds.labels
def x = [], y = [], source = []
for (int i = 0; i < rows.length; i++) if (labels[i] == 1 || labels[i] == 7) { x << rows[i]; y << (labels[i] == 7 ? 1 : 0); source << i }
int n = opts.train as int
float[][] train = x[0..<n] as float[][]
int[] trainY = y[0..<n] as int[]
def m = logisticModel(train, trainY, lambda: 0.01)

// 1. predicted vs actual leave-one-out on the first held-out digit
float[] xt = x[n]; int yt = y[n]
long t0 = System.nanoTime()
def inf = influence(m, xt, yt)
double perPoint = (System.nanoTime() - t0) / 1e9
int[] top = inf.top(opts.top as int)
double[] predicted = top.collect { inf.values()[it] } as double[]
double[] actual = top.collect { Influence.leaveOneOut(m, it, xt, yt) } as double[]
double r = Influence.pearson(predicted, actual)
printf('influence of %d points on one test point: %.3f s; Pearson with leave-one-out over the top %d: %.4f%n', n, perPoint, opts.top, r)
preview(ds.subset(inf.helpful(10).collect { source[it] } as int[]), n: 10)   // removing these would hurt the test digit most
preview(ds.subset(inf.harmful(10).collect { source[it] } as int[]), n: 10)   // removing these would help it most
scatter(predicted, actual, title: 'predicted vs actual change of the test loss', xlabel: 'predicted (influence)', ylabel: 'actual (leave-one-out)')

// 2. mislabelled points by self-influence
def rng = new Random(opts.seed as long)
int[] noisy = trainY.clone()
def flipped = [] as Set
while (flipped.size() < n.intdiv(10)) { int i = rng.nextInt(n); if (flipped.add(i)) noisy[i] = 1 - noisy[i] }
def self = selfInfluence(logisticModel(train, noisy, lambda: 0.01))
int found = (self.top(n.intdiv(10)) as List).count { flipped.contains(it) }  // int[].count(x) counts equal values, not matches
printf('flipped labels among the top 10%% by self-influence: %d of %d (chance %d)%n', found, flipped.size(), flipped.size().intdiv(10))

// 3. influence maps at an all-ones probe, untrained vs trained CNN
def fashion = fashionMnist(part: 'train')
def probe = Nd4j.ones(1, 1, 28, 28)
def untrained = cnn(fashion.subset(0, 64), epochs: 0, seed: opts.seed as long)
influenceMap(untrained, probe).plot(fashion.classNames)
def trained = cnn(fashion, epochs: opts.epochs as int, seed: opts.seed as long)
influenceMap(trained, probe).plot(fashion.classNames)

// 4. influence through a CNN: LiSSA over minibatches of 100 (scale above H's largest eigenvalue, ~130–230 here)
def small = fashion.subset(0, opts.cnnTrain as int)
def net = cnn(small, epochs: 1, seed: opts.seed as long)
def nm = influenceModel(net, small, damping: 0.01, hvpBatch: 100)
def fashionTest = fashionMnist(part: 'test')
t0 = System.nanoTime()
def ci = influence(nm, fashionTest.image(0), fashionTest.labels[0], method: 'lissa', depth: 100, scale: 500)
double cnnSeconds = (System.nanoTime() - t0) / 1e9
printf('CNN influence of %d training images on test image 0 (%s): %.1f s%n', small.size(), fashionTest.classNames[fashionTest.labels[0]], cnnSeconds)
preview(small.subset(ci.helpful(10)), n: 10)   // removing these would raise its loss most
preview(small.subset(ci.harmful(10)), n: 10)   // removing these would lower it most

summary(loo_pearson: r, seconds_per_test_point: perPoint, flipped_found: found, flipped_total: flipped.size(),
        cnn_train: small.size(), cnn_influence_seconds: cnnSeconds)
