// A sweep against the script's own serial loop: relegator_moons.groovy's seeds × signal fractions
// run by the script itself (one JVM, one cell after another) and as a sweep on Spark's local mode
// (one task per seed and fraction, each on one thread). The serial loop runs twice: as it is, its
// network's products spread over every core, and on one thread (-Dprobelab.threads=1), the
// work a sweep's cell does. All start from the command line, so all pay their JVM's start. Also measures Spark's overhead per cell with a sweep of empty cells, and
// from the two estimates what a cluster of N nodes would take. The per-seed numbers of both runs
// are compared: a sweep must change the time, not the results.
//
//   bin/probelab scripts/bench_sweep.groovy [--seeds 5] [--sigFractions 0.01,0.001] [--master local[2]]
//       [--emptyCells 20] [--nodes 4] [--slotsPerNode 2] [--out DIR]

def opts = parseArgs(args, [seeds: 5, sigFractions: '0.01,0.001', master: 'local[2]', emptyCells: 20, nodes: 4, slotsPerNode: 2])
config(opts)
def home = java.nio.file.Paths.get(System.getProperty('probelab.home', '.')).toAbsolutePath()
def launcher = home.resolve('bin/probelab').toString()
def dir = out.path()

// runs the launcher, its output in a log file; the wall time in seconds
def timed = { String name, List cmd, Map env = [:] ->
    def log = dir.resolve(name + '.log').toFile()
    def pb = new ProcessBuilder(([launcher] + cmd).collect { it.toString() }).redirectErrorStream(true).redirectOutput(log)
    pb.environment().putAll(env)
    long t0 = System.nanoTime()
    int rc = pb.start().waitFor()
    double s = (System.nanoTime() - t0) / 1e9
    if (rc != 0 && !(name == 'empty' && rc == 1)) throw new IllegalStateException("$name exited with $rc; see $log")
    printf('%-8s %.1f s%n', name, s)
    s
}
def script = home.resolve('scripts/relegator_moons.groovy').toString()
def serialDir = dir.resolve('serial'), sweepDir = dir.resolve('sweep'), emptyDir = dir.resolve('empty')
def serialArgs = { d -> [script, '--seeds', "${opts.seeds}", '--sigFractions', opts.sigFractions, '--figures', 'false', '--out', d.toString()] }
double serial = timed('serial', serialArgs(serialDir))
double serial1 = timed('serial1', serialArgs(dir.resolve('serial-1-thread')),
        [PROBELAB_JAVA_OPTS: ((System.getenv('PROBELAB_JAVA_OPTS') ?: '') + ' -Dprobelab.threads=1').trim()])
double swept = timed('sweep', ['sweep', script, '--grid', "seed=1..${opts.seeds}", '--grid', "sigFractions=${opts.sigFractions}",
                               '--master', opts.master, '--out', sweepDir.toString(), '--', '--figures', 'false'])
double empty = timed('empty', ['sweep', home.resolve('src/test/resources/sweep/tiny.groovy').toString(), '--grid', "seed=1..${opts.emptyCells}",
                               '--master', opts.master, '--out', emptyDir.toString()])

// Spark's part: its start, and per cell what the sweep's wall time holds beyond the cells' own work
def sweepSummary = Json.readFile(sweepDir.resolve('summary.json')), emptySummary = Json.readFile(emptyDir.resolve('summary.json'))
def cellsTable = read(sweepDir.resolve('sweep.csv').toString()), emptyTable = read(emptyDir.resolve('sweep.csv').toString())
def cellSeconds = cellsTable['seconds'].doubles() as List, emptySeconds = emptyTable['seconds'].doubles() as List
def slotsMatch = java.util.regex.Pattern.compile('local\\[(\\d+)').matcher(opts.master as String)
int slots = slotsMatch.find() ? (slotsMatch.group(1) as int) : 2
double start = sweepSummary.engine_start_seconds
double perCellOverhead = ((emptySummary.seconds - emptySummary.engine_start_seconds) * slots - emptySeconds.sum()) / emptySeconds.size()
double meanCell = cellSeconds.sum() / cellSeconds.size()
int cells = cellSeconds.size(), clusterSlots = opts.nodes * opts.slotsPerNode
// a cluster: Spark's start, then the cells in waves over its slots, each cell with its overhead
double cluster = start + Math.ceil(cells / clusterSlots) * (cellSeconds.max() + Math.max(perCellOverhead, 0))

// the same seeds give the same numbers: the per-seed cells against the serial loop's means
def serialSummary = Json.readFile(serialDir.resolve('summary.json'))
def fractions = opts.sigFractions.split(',')*.toDouble()
double worst = 0
fractions.each { sf ->
    serialSummary.results.findAll { it.sig_fraction == sf }.each { row ->
        def cellsFor = cellsTable.groupBy('sigFractions').mean("by_method.${row.method}.sigma_pass_mean".toString())
        def key = cellsFor.keySet().find { (it as double) == sf }
        worst = Math.max(worst, Math.abs(cellsFor[key] - row.sigma_pass_mean))
    }
}
printf('serial %.1f s (every core), %.1f s (one thread); sweep %.1f s on %s: %.2fx the serial time (%.2fx the one-thread loop)%n',
        serial, serial1, swept, opts.master, swept / serial, swept / serial1)
printf('Spark start %.1f s; per-cell overhead %.2f s; mean cell %.1f s; %d nodes x %d slots: about %.0f s%n', start, perCellOverhead, meanCell,
        opts.nodes, opts.slotsPerNode, cluster)
printf('largest difference of a per-method mean significance between the two: %.3g%n', worst)
summary(serial_seconds: serial, serial_one_thread_seconds: serial1, sweep_seconds: swept, ratio: swept / serial,
        ratio_to_one_thread: swept / serial1, master: opts.master,
        spark_start_seconds: start, per_cell_overhead_seconds: perCellOverhead, mean_cell_seconds: meanCell, cells: cells,
        cluster_estimate_seconds: cluster, cluster_nodes: opts.nodes, cluster_slots_per_node: opts.slotsPerNode,
        empty_sweep_seconds: empty, max_sigma_difference: worst)
