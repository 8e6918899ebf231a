// Seed 001's robot half: reward learned from examples of success, with active queries
// (VICE-RAQ). A PPO agent from pixels pushes a block into a goal region that is not drawn;
// four reward sources train it on the same frames, over seeds:
//   true   the environment's hidden success reward (the upper bound)
//   frozen a classifier trained once on the 80 examples against random starts
//   vice   the classifier retrained with the policy's frames as failures (VICE)
//   raq    VICE plus at most 50 queries answered by the hidden test (VICE-RAQ)
// summary.json holds, per source, the greedy success rate after training (mean, sd, each
// seed), the true success rate over training and the queries used; the figures are the
// success curves and the grid of the first run's queries with their answers.
//
//   bin/probelab scripts/reward_learning.groovy [--seeds 3] [--frames 1000000] [--quick]
//       [--sources true,frozen,vice,raq] [--maxQueries 50] [--reward p] [--seed N] [--out DIR]
// --quick: one seed. --seed N runs that one seed alone (a sweep's cell).

def opts = parseArgs(args, [seeds: 3, frames: 1000000, quick: false, sources: 'true,frozen,vice,raq', maxQueries: 50, reward: 'p', seed: 0])
config(opts)
long t0 = System.nanoTime()
int seeds = opts.quick || opts.seed > 0 ? 1 : opts.seeds
def c = compareRewards(seeds: seeds, firstSeed: opts.seed > 0 ? opts.seed : 1, frames: opts.frames, sources: opts.sources.split(',') as List,
        maxQueries: opts.maxQueries, reward: opts.reward)
println c
plot(c)
if (c.queries() != null) c.queries().png('queries.png')
summary(c.summary() + [seconds: (System.nanoTime() - t0) / 1e9, seeds: seeds, frames: opts.frames])
