// Probe a model you bring: an ONNX file (from torch.onnx.export or any other exporter) and
// inputs with labels as NumPy files. Every layer's activations go through a linear decoding
// probe (test accuracy against the same probe on permuted labels, the chance level); the layer
// that decodes best gets a t-SNE. By default: the fixture CNN (a PyTorch model trained on
// Fashion-MNIST, scripts/fixtures/onnx_fixtures.py) on Fashion-MNIST's 10,000 test images.
// summary.json holds every layer's scores, the t-SNE's time and quality, and the time to run
// all layers against ONNX Runtime's own batched inference of the output alone. The probes on
// layers thousands of features wide dominate the time: --n 10000 takes many minutes.
//
//   bin/probelab scripts/probe_onnx.groovy [--model M.onnx --inputs X.npy --labels Y.npy] [--n 2000] [--out DIR]

def home = System.getProperty('probelab.home', '.')
def opts = parseArgs(args, [model: "$home/src/test/resources/onnx/fashion_cnn.onnx".toString(), inputs: '', labels: '', n: 2000, batch: 256, seed: 1,
                            maxFeatures: 512])
config(opts)
def m = onnx(opts.model)

float[][] x
int[] y
if (opts.inputs) {
    if (!opts.labels) throw new IllegalArgumentException('--inputs needs --labels (an int array, one label per input)')
    x = read(opts.inputs).asRows()
    y = read(opts.labels).ints()
} else {
    def test = fashionMnist(part: 'test')
    x = test.rows()
    y = test.labels
}
if (x.length != y.length) throw new IllegalArgumentException("${x.length} inputs but ${y.length} labels")
int n = Math.min(opts.n as int, x.length)
x = x[0..<n] as float[][]
y = y[0..<n] as int[]
println "probing ${m.path().fileName} on $n inputs"

// every layer at once, then the model's output alone: the cost of seeing inside
long t0 = System.nanoTime()
def acts = activations(m, x, batch: opts.batch as int)
double allLayersSeconds = (System.nanoTime() - t0) / 1e9
t0 = System.nanoTime()
float[][] out = m.predict(x)
double outputSeconds = (System.nanoTime() - t0) / 1e9
printf('all %d layers of %d inputs: %.2f s; the output alone (ONNX Runtime, batched): %.2f s%n', acts.names().size(), n, allLayersSeconds, outputSeconds)
// where the output has a column per class, the model's own accuracy is the yardstick for the probes
Double accuracy = null
if (out[0].length == (y as List).max() + 1) {
    int right = 0
    for (int i = 0; i < n; i++) { int arg = 0; for (int c = 1; c < out[i].length; c++) if (out[i][c] > out[i][arg]) arg = c; if (arg == y[i]) right++ }
    accuracy = right / (double) n
    printf('the model\'s own accuracy: %.3f%n', accuracy)
}

// A probe on thousands of features costs minutes per layer; wider layers are probed on their
// first maxFeatures / 2 principal components instead (said in the table and summary.json).
int maxFeatures = opts.maxFeatures as int
def scores = [:]
for (String layer : acts.names()) {
    float[][] rows = acts[layer]
    int width = rows[0].length
    String seen = "$width features"
    if (width > maxFeatures) {
        rows = probelab.embed.Pca.fit(rows, maxFeatures.intdiv(2)).scores
        seen = "$width → PCA ${maxFeatures.intdiv(2)}"
    }
    def s = probelab.inspect.Probe.run(rows, y, new probelab.inspect.Probe.Options(0.33, opts.seed as long, 0.1, 500, 5))
    scores[layer] = [width: width, probed_on: seen, test: s.multiTest, chance: s.permutedMultiTest]
    printf('%-32s %-20s probe %.3f  (permuted labels %.3f)%n', layer, seen, s.multiTest, s.permutedMultiTest)
}
def names = acts.names()
lines([probe: names.collect { scores[it].test as double } as double[], 'permuted labels': names.collect { scores[it].chance as double } as double[]],
        title: "linear probe by layer, ${m.path().fileName}", xlabel: 'layer (input side first)', ylabel: 'test accuracy')

def best = names.max { scores[it].test }
def e = tsne(acts[best], seed: opts.seed as long)
def q = quality(acts[best], e, labels: y)
scatter(e, color: y, title: "t-SNE of $best, $n inputs")
println "best layer: $best; t-SNE $e; $q"

summary(model: m.path().toString(), inputs: n, model_accuracy: accuracy, layers: scores, best_layer: best, all_layers_s: allLayersSeconds, output_only_s: outputSeconds,
        tsne_s: e.totalSeconds, tsne_kl: e.kl, tsne_quality: q)
