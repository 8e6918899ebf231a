// Benchmark: training speed of the retinal agent (Lindsey encoder + GRU, PPO: 8 environments ×
// 32 steps, 4 epochs × 4 minibatches) in frames per second, next to its PyTorch peer
// (scripts/peers/retina_ppo_torch.py, 2 threads, the same network and update). Both learn from
// frames of uniform noise with random rewards, so only the learner's work is timed (the foraging
// room itself renders ≥ 7,000 frames/s, see bench_foraging). The first update is warm-up. Rounds
// alternate between the two; the ratio is of the medians. Writes summary.json.
//
//   bin/probelab scripts/bench_retina.groovy [--frames 4096] [--rounds 3] [--height 36] [--width 64] [--python /usr/bin/python3]

import groovy.json.JsonSlurper
import probelab.studies.retina.*

def opts = parseArgs(args, [frames: 4096, rounds: 3, height: 36, width: 64, python: '/usr/bin/python3', warmup: 256])
config(benchmark: 'retina-ppo', openblas_coretype: System.getenv('OPENBLAS_CORETYPE'), *: opts)
int H = opts.height as int, W = opts.width as int

/** Noise frames, a reward now and then, never ending: only the learner costs anything (compiled statically, so it does). */
@groovy.transform.CompileStatic
class NoiseEnv implements Env<Integer> {
    int h, w; java.util.SplittableRandom rng = new java.util.SplittableRandom(1)
    float[] frame() { float[] f = new float[3 * h * w]; for (int i = 0; i < f.length; i++) f[i] = (float) rng.nextDouble(); f }
    Reset reset(Long seed) { if (seed != null) rng = new java.util.SplittableRandom(seed); new Reset(frame(), [:]) }
    Step step(Integer a) { new Step(frame(), rng.nextDouble() < 0.05 ? 1d : 0d, false, false, [:]) }
    Space actionSpace() { new Discrete(9) }
    Space observationSpace() { new Box(0, 1, [3, h, w] as int[]) }
    java.awt.image.BufferedImage render() { new java.awt.image.BufferedImage(1, 1, 1) }
}

def agent = ppo(retinaNet(height: H, width: W), progress: false)
def make = { int i -> new NoiseEnv(h: H, w: W) }
if ((opts.warmup as long) > 0) agent.train(make, opts.warmup as long)   // warm-up: one update
def peer = new File(System.getProperty('probelab.home', '.'), 'scripts/peers/retina_ppo_torch.py')
boolean hasPeer = probelab.workbench.bench.Bench.peerAvailable(opts.python, 'torch')
if (!hasPeer) println "PyTorch not found for ${opts.python}: install python3-torch to compare"
def median = { List xs -> probelab.workbench.bench.Bench.median(xs) }
// rounds alternate between the two, so that a slow spell of a shared machine hits both alike
List<Double> ours = [], theirs = []
String peerVersion = null
for (int round = 1; round <= (opts.rounds as int); round++) {
    def run = agent.train(make, opts.frames as long)
    ours << run.framesPerSecond()
    printf('round %d  probelab: %d frames at %d×%d in %.1f s: %.0f frames/s%n', round, run.frames(), H, W, run.seconds(), run.framesPerSecond())
    if (!hasPeer) continue
    def p = [opts.python, peer.path, '--height', "$H", '--width', "$W", '--frames', "$opts.frames", '--threads', '2'].execute()
    def err = new StringBuilder(); p.consumeProcessErrorStream(err)
    def text = p.text
    if (p.waitFor() != 0) throw new IllegalStateException("the PyTorch peer failed: ${err}")
    def r = new JsonSlurper().parseText(text.readLines().last())
    theirs << (r.frames_per_second as double)
    peerVersion = r.peer
    printf('round %d  %s: %.0f frames/s%n', round, r.peer, r.frames_per_second)
}
double fps = median(ours)
def result = [frames_per_round: opts.frames as long, rounds: ours.size(), frames_per_second: fps, frames_per_second_rounds: ours, height: H, width: W]
if (hasPeer) {
    double peerFps = median(theirs)
    result += [pytorch_frames_per_second: peerFps, pytorch_frames_per_second_rounds: theirs, pytorch_version: peerVersion, ratio: peerFps / fps]
    printf('medians: probelab %.0f, %s %.0f frames/s → probelab takes %.2f× its time per frame%n', fps, peerVersion, peerFps, peerFps / fps)
}
def B = probelab.workbench.bench.Bench
summary(result + [rows: [B.row("retina PPO training at ${H}×${W} (Lindsey encoder + GRU, 8 envs × 32 steps, 4 × 4 minibatches)", 'frames per second', 'frames/s',
        fps, hasPeer ? median(theirs) : null, hasPeer ? "${peerVersion}, 2 threads" : 'PyTorch not installed', true,
        "rounds ${ours.collect { Math.round(it) }}" + (hasPeer ? " vs ${theirs.collect { Math.round(it) }}" : ''))]])
