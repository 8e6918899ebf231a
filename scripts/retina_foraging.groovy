// Retinal foraging (seed 003): a recurrent actor-critic with the Lindsey encoder learns to
// forage in the first-person room (MNIST pickups; digits 6–9 and 0 are food, 1–5 poison) by
// PPO, for a bounded time on the CPU at a reduced frame size; then it is compared with a random
// policy and looked inside with analyze() (the seed's analyze command; `bin/probelab analyze
// --experiment DIR` does the same from a checkpoint): receptive fields of each convolution, GIFs
// of what it sees and of the conv activations, PCA of the dense layer coloured by the critic's
// value with a scree plot, PC 1 over time with value and health, t-SNE of the dense and GRU
// activity, rasters sorted by a 1-D t-SNE with pickup lines; MNIST digits pasted in front of the
// agent: PCA/t-SNE by class, the decoding probe (analysis/analyze_class_score.txt), action
// probabilities per class. summary.json: food, poison and episode length per episode for both
// policies, training speed.
//
//   bin/probelab scripts/retina_foraging.groovy [--minutes 10 | --frames N] [--height 36] [--width 64]
//       [--resume DIR] [--steps 1000] [--episodes 10] [--seed 1] [--out DIR]
// --resume DIR continues from the newest checkpoint there; --minutes 0 only analyses it.

import probelab.studies.retina.ForagingEnv
import probelab.rl.Ppo

def opts = parseArgs(args, [minutes: 10.0, frames: 0, height: 36, width: 64, resume: '', steps: 1000, episodes: 10, seed: 1])
config(opts)
int H = opts.height as int, W = opts.width as int
def digits = mnist()
def envOptions = [height: H, width: W]
def makeEnv = { int i -> foragingEnv(envOptions, digits) }

// ---- the random policy, for comparison ----------------------------------------------------
// plays n seeded episodes; policy(observation, state) gives the action; state starts empty each episode
def rollouts = { int n, Closure<Integer> policy ->
    def env = makeEnv(0), rows = []
    for (ep in 0..<n) {
        float[] obs = env.reset(10_000L + ep).observation()
        def state = [:], s = null; int len = 0
        while (true) { s = env.step(policy(obs, state)); obs = s.observation(); len++; if (s.done()) break }
        rows << [food: s.info().food, poison: s.info().poison, length: len]
    }
    rows
}
def rng = new Random(opts.seed as long)
def random = rollouts(opts.episodes as int) { obs, st -> rng.nextInt(9) }
def mean = { rows, k -> rows.sum { it[k] } / rows.size() }
printf('random policy over %d episodes: food %.1f, poison %.1f, length %.0f steps%n', random.size(), mean(random, 'food'), mean(random, 'poison'), mean(random, 'length'))

// ---- training ------------------------------------------------------------------------------
def net = retinaNet(height: H, width: W, seed: opts.seed as long)
def agent = ppo(net, seed: opts.seed as long, checkpointEvery: 20480)
if (opts.resume) {
    if (agent.resume(java.nio.file.Path.of(opts.resume as String))) println "resumed from ${opts.resume} at ${agent.frames()} frames"
    else println "no checkpoint in ${opts.resume}; starting afresh"
}
long budgetFrames = opts.frames as long
double budgetSeconds = budgetFrames > 0 ? Double.MAX_VALUE : (opts.minutes as double) * 60
long t0 = System.nanoTime(), trained = 0
def returns = [], foodPerEpisode = []
while (!Thread.currentThread().isInterrupted()) {
    double elapsed = (System.nanoTime() - t0) / 1e9
    if (budgetFrames > 0 ? trained >= budgetFrames : elapsed >= budgetSeconds) break
    long chunk = budgetFrames > 0 ? Math.min(10240, budgetFrames - trained) : 10240
    def run = agent.train(makeEnv, chunk)
    trained += run.frames()
    returns.addAll(run.returns() as List); foodPerEpisode.addAll(run.count("food") as List)
    if (run.frames() < chunk) break   // interrupted
}
double trainSeconds = (System.nanoTime() - t0) / 1e9
if (trained > 0) {
    printf('trained %d frames in %.0f s (%.0f frames/s); %d episodes finished%n', trained, trainSeconds, trained / trainSeconds, returns.size())
    println "checkpoint: " + agent.save(out().resolve("checkpoints/ppo-${String.format('%012d', agent.frames())}.ckpt"))
}
if (foodPerEpisode.size() >= 2) {
    int w = Math.max(1, Math.min(20, foodPerEpisode.size().intdiv(4)))
    def smooth = (0..<foodPerEpisode.size()).collect { i -> def s = foodPerEpisode[Math.max(0, i - w + 1)..i]; s.sum() / s.size() }
    plot(smooth as double[], title: "food per training episode (running mean of $w)", xlabel: 'episode', ylabel: 'food')
}

// ---- trained against random --------------------------------------------------------------
def policyRng = new java.util.SplittableRandom(opts.seed as long)
def learned = rollouts(opts.episodes as int) { obs, st ->
    def r = agent.act(obs, st.h ?: new float[net.hiddenSize()], policyRng, false)
    st.h = r.hidden()
    r.action()
}
printf('trained policy over %d episodes: food %.1f, poison %.1f, length %.0f steps%n', learned.size(), mean(learned, 'food'), mean(learned, 'poison'), mean(learned, 'length'))
def (rf, lf) = [mean(random, 'food'), mean(learned, 'food')]

// ---- analysis: the seed's analyze, environment and dataset (into out()/analysis) ----------
def analysis = analyze(agent, digits, acts: 'both', maxFrames: opts.steps as int, seed: opts.seed as long)
printf('recorded %d steps: %d food and %d poison pickups; probe: %s%n', analysis.steps_recorded, analysis.food_pickups, analysis.poison_pickups,
        analysis.probe.multi)

summary(frames_trained: agent.frames(), train_seconds: trainSeconds, train_frames_per_second: trained > 0 ? trained / trainSeconds : null,
        random_food: rf, random_poison: mean(random, 'poison'), random_length: mean(random, 'length'),
        trained_food: lf, trained_frames_this_run: trained, trained_poison: mean(learned, 'poison'), trained_length: mean(learned, 'length'),
        episodes: opts.episodes, height: H, width: W)
