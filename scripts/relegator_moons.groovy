// The relegator classifier (seed 004) against its baselines on two moons with a mass:
// for each signal fraction and seed, fresh data, the relegator (σ tuned to the fraction),
// a sigmoid network with a scanned threshold and a two-class softmax, all evaluated on
// 100,000 fresh events. Writes the comparison table to summary.json, and for the first
// seed at the first fraction the decision map, mass histograms and training curves.
//
//   bin/probelab scripts/relegator_moons.groovy [--config scripts/relegator_moons.json]
//       [--seeds N | --seed N] [--sigFractions 0.01,0.001] [--figures false] [--out DIR]
// --seed N runs that one seed alone, and --figures false skips the example run: a sweep's cell,
//   probelab sweep scripts/relegator_moons.groovy --grid seed=1..5 --grid sigFractions=0.01,0.001 -- --figures false
// The config's keys: data {n, noise, angle, nEval}, model {any relegator option, see
// :help relegator}, sigFractions [...], seeds N. Unknown keys are errors.

import probelab.studies.relegator.*

def opts = parseArgs(args, [config: '', seeds: 0, seed: 0, sigFractions: '', figures: true])
def cfg = opts.config ? Json.readFile(java.nio.file.Paths.get(opts.config)) : [:]
def unknown = cfg.keySet() - ['data', 'model', 'sigFractions', 'seeds']
if (unknown) throw new IllegalArgumentException("unknown config key(s) ${unknown}; valid: data, model, sigFractions, seeds")
def data = Options.apply(Experiments.Data.DEFAULTS, cfg.data ?: [:], 'config data')
def model = Options.apply(Relegator.Options.DEFAULTS, (cfg.model ?: [:]) + [progress: false], 'config model')
def sfs = opts.sigFractions ? opts.sigFractions.split(',')*.toDouble() : (cfg.sigFractions ?: [0.01, 0.001])*.toDouble()
List<Integer> seeds = opts.seed > 0 ? [opts.seed] : (1..(opts.seeds ?: (cfg.seeds ?: 5))).toList()
config(data: Options.toMap(data), model: Options.toMap(model), sigFractions: sfs, seeds: seeds)

// one run to look at: decision map, mass before and after, training curves
def fit = null
if (opts.figures) {
    def ds = MoonsMass.generate(data.n(), data.noise(), data.angle(), 0.5, 1)
    def ev = MoonsMass.generate(data.nEval(), data.noise(), data.angle(), sfs[0], 1001)
    def clf = new Relegator(Options.apply(model, [sigFraction: sfs[0], progress: true], 'relegator'))
    fit = clf.fit(ds)
    println fit
    println clf.evaluate(ev)
    boundaryPlot(clf, ds, title: "relegator decision map (σ tuned for ${sfs[0]})")
    massHistograms(clf, ev)
    plotFit(fit)
}

long t0 = System.nanoTime()
def rows = Experiments.compare(data, model, sfs, seeds, System.out)
println()
print Experiments.table(rows)
// by method (and fraction, when several): flat keys such as relegator.sigma_pass_mean in a sweep's table
def byMethod = rows.collectEntries { [(sfs.size() > 1 ? "${it.method()}@${it.sigFraction()}".toString() : it.method()): it.toMap().findAll { k, v -> v instanceof Number }] }
summary(results: rows*.toMap(), by_method: byMethod, collapsed_relegator_runs: rows.findAll { it.method() == 'relegator' }.sum { it.collapsed() },
        compare_seconds: (System.nanoTime() - t0) / 1e9)
if (fit) summary(example_fit_epochs: fit.epochs, example_fit_seconds: fit.seconds)
