// Stability of the relegator over seeds: the default (aligned σ mask, scaled σ term, scanned threshold)
// next to the original's behaviour (misaligned mask, ±1-width window, p_sig ≥ 0.5). A run
// has collapsed when nothing passes or it relegates (almost) everything.
//
//   bin/probelab scripts/relegator_stability.groovy [--seeds 5] [--sigFraction 0.01] [--out DIR]

import probelab.studies.relegator.*

def opts = parseArgs(args, [seeds: 5, sigFraction: 0.01])
config(opts)
def variants = [default: [:], original: [originalMask: true, pass: 'half', scaleSigma: false]]
def results = [:]
variants.each { name, extra ->
    def runs = (1..opts.seeds).collect { seed ->
        def data = MoonsMass.generate(20000, 0.2, 1.4, 0.5, seed)
        def ev = MoonsMass.generate(100000, 0.2, 1.4, opts.sigFraction, 1000 + seed)
        def clf = relegator([seed: seed, sigFraction: opts.sigFraction, progress: false] + extra)
        def fit = clf.fit(data)
        def e = clf.evaluate(ev)
        printf('%-8s seed %d: %4d epochs  %s%s%n', name, seed, fit.epochs, e, e.collapsed() ? '  COLLAPSED' : '')
        [seed: seed, epochs: fit.epochs, collapsed: e.collapsed()] + e.toMap()
    }
    def sig = runs*.sigma_pass
    def mean = sig.sum() / sig.size()
    def sd = Math.sqrt(sig.collect { (it - mean) ** 2 }.sum() / Math.max(1, sig.size() - 1))
    results[name] = [runs: runs, sigma_pass_mean: mean, sigma_pass_std: sd, collapsed: runs.count { it.collapsed },
                     fraction_relegated_mean: runs*.fraction_relegated.sum() / runs.size()]
    printf('%-8s σ %.2f ± %.2f, collapsed %d of %d%n', name, mean, sd, results[name].collapsed, runs.size())
}
summary(results)
