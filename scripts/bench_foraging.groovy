// Benchmark: frames per second of the foraging environment (seed 003's arena) at 72×128, one
// core, random actions over MNIST pickups; writes a GIF of what the agent sees, a top-down map
// and summary.json. Target: ≥ 2,000 frames/s.
//
//   bin/probelab scripts/bench_foraging.groovy [--frames 20000] [--height 72] [--width 128]

import probelab.plot.Gif

def opts = parseArgs(args, [frames: 20000, height: 72, width: 128, seed: 1])
config(benchmark: 'foraging-fps', *: opts)
def env = foragingEnv(mnist(), height: opts.height as int, width: opts.width as int)
def rng = new Random(opts.seed as long)
env.reset(opts.seed as long)
def gif = []
for (t in 0..<120) {   // a short walk, for the eyes
    def s = env.step(t % 20 < 3 ? 3 * 1 + 1 : 1)
    gif << env.frame(3)
    if (s.done()) env.reset()
}
def path = Gif.write(gif, out().resolve('first-person.gif'), 80, 1)
println "first-person GIF: $path"
javax.imageio.ImageIO.write(env.topDown(400), 'png', out().resolve('top-down.png').toFile())

int warm = Math.min(2000, opts.frames as int)
for (t in 0..<warm) { if (env.step(rng.nextInt(9)).done()) env.reset() }
int n = opts.frames as int, episodes = 0
long t0 = System.nanoTime()
for (t in 0..<n) { if (env.step(rng.nextInt(9)).done()) { env.reset(); episodes++ } }
double secs = (System.nanoTime() - t0) / 1e9
printf('%d frames of %d×%d in %.2f s: %.0f frames/s on one core (%d episodes ended)%n', n, opts.height, opts.width, secs, n / secs, episodes)
summary(frames: n, seconds: secs, frames_per_second: n / secs, height: opts.height, width: opts.width,
        rows: [probelab.workbench.bench.Bench.own("foraging room at ${opts.height}×${opts.width}, random actions, MNIST pickups", 'frames per second, one core',
                'frames/s', n / secs, 'target ≥ 2,000')])
