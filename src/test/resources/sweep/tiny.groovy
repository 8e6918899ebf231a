// A sweep's test script: a number from its flags, a cell that fails on purpose, one that sleeps.
def opts = parseArgs(args, [seed: 1, size: 2, fail: 0, sleepSeed: 0, pauseMs: 0, rate: 0.5, tag: 'a'])
if (opts.seed == opts.fail) throw new IllegalStateException("seed ${opts.seed} fails on purpose")
if (opts.seed == opts.sleepSeed) Thread.sleep(120_000)
Thread.sleep(opts.pauseMs)
println "seed ${opts.seed} size ${opts.size}"
config(opts)
summary(score: opts.seed * 10 + opts.size, detail: [half: opts.size / 2, flags: [1, 2]], done: true, tag: opts.tag,
        thread: Thread.currentThread().name)
