// Benchmark: the cost of looking inside an ONNX model. The activations of one inner layer
// (fc1 of the fixture CNN, scripts/fixtures/onnx_fixtures.py) for Fashion-MNIST's 10,000 test
// images through probelab's onnx() next to ONNX Runtime's own batched inference of the model's
// output (the Java API called directly, batches of 256), rounds alternating, medians.
// Target: within 1.5× of ONNX Runtime's time.
//
//   bin/probelab scripts/bench_onnx.groovy [--n 10000] [--rounds 5] [--layer fc1] [--synthetic false]

import ai.onnxruntime.*
import java.nio.FloatBuffer

def home = System.getProperty('probelab.home', '.')
def opts = parseArgs(args, [model: "$home/src/test/resources/onnx/fashion_cnn.onnx".toString(), n: 10000, rounds: 5, layer: 'fc1', batch: 256,
                            synthetic: false, python: '']) // python: the bench runner passes it to every benchmark; this one needs none
config(benchmark: 'onnx-activations', *: opts)
def m = onnx(opts.model)
int size = m.inputSize()
float[][] x
if (opts.synthetic) { // where Fashion-MNIST is not installed: seeded uniform pixels
    def r = new Random(1)
    x = new float[opts.n as int][size]
    for (row in x) for (int j = 0; j < size; j++) row[j] = r.nextFloat()
} else {
    x = fashionMnist(part: 'test').rows()
}
int n = Math.min(opts.n as int, x.length), batch = opts.batch as int
x = x[0..<n] as float[][]

// ONNX Runtime alone: one session, the model's own output, a reused input buffer
def env = OrtEnvironment.getEnvironment()
def so = new OrtSession.SessionOptions()
so.setIntraOpNumThreads(Runtime.runtime.availableProcessors())
so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT)
def session = env.createSession(m.path().toString(), so)
String input = m.inputName(), output = m.outputNames()[0]
long[] shape = m.inputShape()
def ort = {
    FloatBuffer buf = FloatBuffer.allocate(batch * size)
    double sum = 0
    for (int from = 0; from < n; from += batch) {
        int b = Math.min(batch, n - from)
        buf.clear()
        for (int i = 0; i < b; i++) buf.put(x[from + i])
        buf.flip()
        shape[0] = b
        OnnxTensor t = OnnxTensor.createTensor(env, buf, shape)
        def res = session.run([(input): t], [output] as Set)
        sum += res.get(0).floatBuffer.get(0)
        res.close(); t.close()
    }
    sum
}
def ours = { probelab.inspect.Activations.of(m, x, new probelab.inspect.Activations.Options(batch, [opts.layer])) }
ort(); ours() // warm-up: sessions made, JIT
def tOrt = [], tOurs = []
for (int r = 0; r < (opts.rounds as int); r++) {
    long t0 = System.nanoTime(); ort(); tOrt << (System.nanoTime() - t0) / 1e9
    t0 = System.nanoTime(); ours(); tOurs << (System.nanoTime() - t0) / 1e9
}
def median = { List v -> def s = v.sort(false); s.size() % 2 ? s[s.size() >> 1] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2 }
double a = median(tOurs), b = median(tOrt)
printf('%d inputs: layer %s through probelab %.3f s, ONNX Runtime output alone %.3f s (medians of %d) → %.2f× its time%n',
        n, opts.layer, a, b, opts.rounds, a / b)
summary(inputs: n, layer: opts.layer, probelab_s: a, onnxruntime_s: b, ratio: a / b, rounds_probelab: tOurs, rounds_onnxruntime: tOrt,
        rows: [probelab.workbench.bench.Bench.row("activations of ONNX layer ${opts.layer}, ${n} images (fixture CNN)", 'time', 's', a, b,
                "ONNX Runtime ${env.version}, the model's output alone, batches of $batch", false, 'target ≤ 1.5×')])
session.close()
