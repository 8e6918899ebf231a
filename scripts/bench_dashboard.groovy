// Benchmark: a training loop pushing 10,000 metric updates a second to the dashboard for 10 s.
// The loop does fixed work (small matrix products, about 100 µs a step) and logs one point per
// step; its throughput with the dashboard (a page following the events, TensorBoard mirroring
// off) is compared with the same loop without, alternating three times each. A follower reads the
// server-sent events as the page does and records how far behind it is; the server's series stay
// capped. Writes summary.json.
//
//   bin/probelab scripts/bench_dashboard.groovy [--seconds 10] [--rate 10000]

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import groovy.json.JsonSlurper

def opts = parseArgs(args, [seconds: 10.0, rate: 10000, rounds: 3])
config(benchmark: 'dashboard', *: opts)

// One step of fixed work: a chain of 24×24 float matrix-vector products with tanh, compiled
// statically so the loop costs what a Java training loop would.
@groovy.transform.CompileStatic
class Loop {
    static float[][] m = new float[24][24]
    static float[] v = new float[24]
    static { def r = new Random(1); for (i in 0..<24) for (j in 0..<24) m[i][j] = (float) (r.nextGaussian() * 0.2); Arrays.fill(v, 1f) }

    static float work(int reps) {
        float s = 0
        for (int r = 0; r < reps; r++) {
            float[] out = new float[24]
            for (int i = 0; i < 24; i++) { float a = 0; float[] row = m[i]; for (int j = 0; j < 24; j++) a += row[j] * v[j]; out[i] = (float) Math.tanh(a) }
            s += out[0]; v = out
        }
        return s
    }

    /** Steps for {@code seconds}, logging one point a step when {@code d} is given; returns the steps done. */
    static long run(probelab.dash.Dashboard d, String cell, double seconds, int reps) {
        long steps = 0, end = System.nanoTime() + (long) (seconds * 1e9)
        while (System.nanoTime() < end) {
            float s = work(reps)
            if (d != null) d.log(cell, (double) steps, 'loss', s, 'step', steps)
            steps++
        }
        return steps
    }
}
// calibrate the work so that one step takes about 1/rate seconds (after the JIT has compiled it)
Loop.run(null, '', Math.min(2.0d, opts.seconds as double), 1)
int reps = 1
while (true) { long t0 = System.nanoTime(); for (k in 0..<5000) Loop.work(reps); double per = (System.nanoTime() - t0) / 5000e9; if (per >= 1.0 / (opts.rate as double)) break; reps = Math.max(reps + 1, (int) (reps * 1.1)) }
println "one step: $reps products of 24×24"

def d = dashboard(follow: false, verbose: false, maxPoints: 5000)
// the follower: reads every event as the page does and keeps the last step it saw
long lastSeen = -1; long received = 0
def follower = Thread.start {
    def stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:${d.port()}/api/v1/events")).build(),
            HttpResponse.BodyHandlers.ofLines())
    def json = new JsonSlurper()
    try { stream.body().forEach { line ->
        if (!line.startsWith('data: ')) return
        def msg = json.parseText(line.substring(6)); received++
        msg.ops?.each { op -> def xs = op.op == 'append' ? op.x : (op.cell?.value instanceof Map ? op.cell.value.x : null); if (xs) lastSeen = (long) xs[-1] }
    } } catch (UncheckedIOException closed) { /* the dashboard closed */ }
}
Thread.sleep(300)

def run = { boolean logging, String cell ->
    long t0 = System.nanoTime()
    long steps = Loop.run(logging ? d : null, cell, opts.seconds as double, reps)
    [steps: steps, seconds: (System.nanoTime() - t0) / 1e9]
}
def without = [], with = []
long lagMaxMs = 0
run(false, 'warm-up'); run(true, 'warm-up')   // both paths compiled before anything is timed
for (r in 0..<(opts.rounds as int)) {
    lastSeen = -1
    without << run(false, '')
    def w = run(true, "train ${r + 1}")
    long finalStep = w.steps - 1
    long t = System.nanoTime()
    while (lastSeen < finalStep && System.nanoTime() - t < 5e9) Thread.sleep(5)
    long lag = (System.nanoTime() - t) / 1_000_000
    lagMaxMs = Math.max(lagMaxMs, lag)
    with << w
    printf('round %d: without %.0f steps/s, with %.0f steps/s (%.0f updates/s); the follower caught up %d ms after the last point%n',
            r + 1, without[-1].steps / without[-1].seconds, w.steps / w.seconds, w.steps / w.seconds, lag)
}
double rateWithout = without.sum { it.steps } / without.sum { it.seconds }
double rateWith = with.sum { it.steps } / with.sum { it.seconds }
System.gc(); Thread.sleep(200)
long heap = Runtime.runtime.totalMemory() - Runtime.runtime.freeMemory()
int kept = d.list().collect { c -> c.value instanceof Map && c.value.x != null ? c.value.x.length : 0 }.max()
double slowdown = 1 - rateWith / rateWithout
printf('slowdown %.2f%% at %.0f updates/s; %d events received; follower lag at most %d ms; %d points kept per series; heap after %.0f MB%n',
        100 * slowdown, rateWith, received, lagMaxMs, kept, heap / 1e6)
d.close()
summary(steps_per_second_without: rateWithout, steps_per_second_with: rateWith, slowdown: slowdown,
        events_received: received, follower_lag_ms_max: lagMaxMs, points_kept_max: kept, heap_mb_after: heap / 1e6,
        rows: [probelab.workbench.bench.Bench.own("dashboard under a loop logging ${opts.rate} points/s with a page following", 'slowdown of the loop',
                '%', 100 * slowdown, "follower lag at most ${Math.round(lagMaxMs)} ms, ${received} event messages, heap ${Math.round(heap / 1e6)} MB after")])
