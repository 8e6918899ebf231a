package probelab.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * t-SNE with openTSNE's defaults: perplexity 30 on the 3·perplexity nearest neighbours,
 * PCA initialisation scaled to a standard deviation of 1e-4, learning rate n/12,
 * 250 iterations with exaggeration 12 and momentum 0.5, then 500 with momentum 0.8; gains
 * (delta-bar-delta) and steps of at most 5 per point.
 *
 * <p>The gradient of KL(P‖Q) for point i (without the constant 4, folded into the learning
 * rate as openTSNE does) is
 * <pre>  gᵢ = α·Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ)  −  (1/Z)·Σⱼ wᵢⱼ² (yᵢ − yⱼ),   wᵢⱼ = 1/(1 + ‖yᵢ − yⱼ‖²),  Z = Σ_{k≠l} w_kl</pre>
 * The attractive sum runs over the sparse P; the repulsive one is exact (O(n²), method
 * "exact"), a Barnes–Hut quadtree with quadrupole cells (O(n log n), method "bh", see
 * {@link BarnesHut}), or interpolated on a grid and convolved by FFT (O(n) plus the grid,
 * method "fft", see {@link FftRepulsion}). Method "auto" takes whichever {@link Cost} rates
 * cheapest for the embedding as it stands, iteration by iteration.
 */
public final class Tsne {
    private Tsne() {}

    /** Hyperparameters, with openTSNE's defaults. */
    public record Options(
            @Doc("embedding dimensions: 1 or 2") int dims,
            @Doc("perplexity: the effective number of neighbours") double perplexity,
            @Doc("iterations with early exaggeration") int earlyIterations,
            @Doc("exaggeration factor of the early phase") double earlyExaggeration,
            @Doc("iterations after the early phase") int iterations,
            @Doc("exaggeration after the early phase (1: none)") double exaggeration,
            @Doc("learning rate; 0 = auto: n / the phase's exaggeration (n/12 early, n after)") double learningRate,
            @Doc("momentum in the early phase") double earlyMomentum,
            @Doc("momentum after the early phase") double momentum,
            @Doc("largest step of one point in one iteration (0: no limit)") double maxStep,
            @Doc("initialisation: pca or random") String init,
            @Doc("repulsive gradient: auto (the cheapest by a measured cost model), exact, bh (Barnes-Hut) or fft") String method,
            @Doc("Barnes-Hut opening angle: a cell acts as one body when its side is below theta times its distance (at most 0.7)") double theta,
            @Doc("neighbour search: auto (exact below 150,000 points, else hnsw), exact or hnsw") String neighbors,
            @Doc("interpolation nodes per interval and dimension (fft)") int interpolationPoints,
            @Doc("fewest intervals per dimension (fft)") int minIntervals,
            @Doc("grid intervals per unit of embedding span (fft; FIt-SNE uses 1; 2 cuts the force error ~8×)") double intervalsPerUnit,
            @Doc("seed of the random initialisation") long seed,
            @Doc("compute KL every this many iterations (0: only at the end)") int klEvery,
            @Doc("show a progress bar") boolean progress) {
        public static final Options DEFAULTS = new Options(2, 30, 250, 12, 500, 1, 0, 0.5, 0.8, 5,
                "pca", "auto", 0.7, "auto", 3, 50, 2, 42, 50, true);

        /** The same without a progress bar and with another seed (t-SNE inside another analysis). */
        public Options quiet(long seed) {
            return new Options(dims, perplexity, earlyIterations, earlyExaggeration, iterations, exaggeration, learningRate,
                    earlyMomentum, momentum, maxStep, init, method, theta, neighbors, interpolationPoints, minIntervals, intervalsPerUnit,
                    seed, klEvery, false);
        }

        /** A 1-D ordering by exact t-SNE at {@code perplexity}, quiet (a raster's unit order). */
        public static Options ordering(double perplexity) {
            Options d = DEFAULTS;
            return new Options(1, perplexity, d.earlyIterations, d.earlyExaggeration, d.iterations, d.exaggeration, d.learningRate,
                    d.earlyMomentum, d.momentum, d.maxStep, d.init, "exact", d.theta, "exact", d.interpolationPoints, d.minIntervals,
                    d.intervalsPerUnit, d.seed, d.klEvery, false);
        }

        public Options {
            if (dims != 1 && dims != 2) throw new IllegalArgumentException("dims must be 1 or 2, got " + dims);
            probelab.util.Check.positive("perplexity", perplexity);
            probelab.util.Check.atLeast("earlyIterations", earlyIterations, 0);
            probelab.util.Check.positive("earlyExaggeration", earlyExaggeration);
            probelab.util.Check.atLeast("iterations", iterations, 0);
            probelab.util.Check.positive("exaggeration", exaggeration);
            probelab.util.Check.nonNegative("learningRate", learningRate);
            probelab.util.Check.between("earlyMomentum", earlyMomentum, 0, 1);
            probelab.util.Check.between("momentum", momentum, 0, 1);
            probelab.util.Check.nonNegative("maxStep", maxStep);
            if (!init.equals("pca") && !init.equals("random")) throw new IllegalArgumentException("init must be pca or random, got '" + init + "'");
            if (!METHODS.contains(method)) throw new IllegalArgumentException("method must be one of " + METHODS + ", got '" + method + "'");
            if (!(theta > 0 && theta <= 0.7)) throw new IllegalArgumentException("theta must be in (0, 0.7], got " + theta);
            if (!java.util.List.of("auto", "exact", "hnsw").contains(neighbors)) throw new IllegalArgumentException("neighbors must be auto, exact or hnsw, got '" + neighbors + "'");
            probelab.util.Check.atLeast("interpolationPoints", interpolationPoints, 1);
            probelab.util.Check.atLeast("minIntervals", minIntervals, 1);
            probelab.util.Check.positive("intervalsPerUnit", intervalsPerUnit);
            probelab.util.Check.atLeast("klEvery", klEvery, 0);
        }
    }

    /** The repulsive gradients, in the order {@link Embedding} counts their iterations. */
    static final List<String> METHODS = List.of("auto", "exact", "bh", "fft");

    /** Embeds the rows of {@code x}. Ctrl-C (an interrupt) stops early and keeps the current embedding. */
    public static Embedding fit(float[][] x, Options o) {
        int n = x.length;
        if (o.dims() != 1 && o.dims() != 2) throw new IllegalArgumentException("dims must be 1 or 2, got " + o.dims());
        if (n < 4) throw new IllegalArgumentException("t-SNE needs at least 4 points, got " + n);
        int k = Math.min(n - 1, (int) Math.floor(3 * o.perplexity()));
        if (o.perplexity() <= 0 || o.perplexity() > n - 1) {
            throw new IllegalArgumentException("perplexity must be in (0, " + (n - 1) + "] for " + n + " points, got " + o.perplexity());
        }
        String method = o.method();
        long t0 = System.nanoTime();
        Neighbors nn = Neighbors.of(x, k, o.neighbors());
        long t1 = System.nanoTime();
        Affinities p = Affinities.of(nn, o.perplexity());
        long t2 = System.nanoTime();
        double[] y = initial(x, o);
        Embedding e = optimize(p, y, n, o, method);
        e.neighborSeconds = (t1 - t0) / 1e9;
        e.affinitySeconds = (t2 - t1) / 1e9;
        e.neighborMethod = nn.method;
        e.neighborRecall = nn.recall;
        return e;
    }

    /** The openTSNE start: PCA (or N(0,1)) scaled so that the first coordinate has std 1e-4. */
    static double[] initial(float[][] x, Options o) {
        int n = x.length, dims = o.dims();
        double[] y = new double[n * dims];
        switch (o.init()) {
            case "pca" -> {
                float[][] s = Pca.fit(x, Math.min(dims, Math.min(n, x[0].length))).scores;
                for (int i = 0; i < n; i++) for (int d = 0; d < dims; d++) y[i * dims + d] = d < s[i].length ? s[i][d] : 0;
            }
            case "random" -> {
                Random r = new Random(o.seed());
                for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
            }
            default -> throw new IllegalArgumentException("init must be pca or random, got '" + o.init() + "'");
        }
        double mean = 0, sq = 0;
        for (int i = 0; i < n; i++) mean += y[i * dims];
        mean /= n;
        for (int i = 0; i < n; i++) sq += (y[i * dims] - mean) * (y[i * dims] - mean);
        double std = Math.sqrt(sq / n);
        double scale = std > 0 ? 1e-4 / std : 1e-4;
        for (int i = 0; i < y.length; i++) y[i] *= scale;
        return y;
    }

    /** Gradient descent with momentum and gains, from {@code y}, over the affinities {@code p}. */
    static Embedding optimize(Affinities p, double[] y, int n, Options o, String method) {
        int dims = o.dims();
        // "auto" is openTSNE's n / the phase's exaggeration (Belkina et al. 2019), with no floor: a floor of 200
        // (sklearn's once) tears small 1-D embeddings apart (30 points: KL 2.72 against 0.03).
        int total = o.earlyIterations() + o.iterations();
        double[] update = new double[n * dims], gains = new double[n * dims], grad = new double[n * dims];
        double[] attr = new double[n * dims], rep = new double[n * dims];
        Arrays.fill(gains, 1);
        Repulsion repulsion = new Repulsion(method, o);
        Embedding e = new Embedding(y, n, dims, o, method);
        Progress bar = new Progress("t-SNE " + n + " points", total, o.progress());
        long start = System.nanoTime();
        int it = 0;
        double kl = Double.NaN;
        for (; it < total; it++) {
            if (Thread.currentThread().isInterrupted()) {
                e.interrupted = true;
                break;
            }
            boolean early = it < o.earlyIterations();
            double exag = early ? o.earlyExaggeration() : o.exaggeration();
            double momentum = early ? o.earlyMomentum() : o.momentum();
            double lr = o.learningRate() > 0 ? o.learningRate() : n / exag;
            boolean wantKl = o.klEvery() > 0 && ((it + 1) % o.klEvery() == 0) || it == total - 1;
            double z = repulsion.compute(y, n, dims, rep);
            e.iterationsBy[repulsion.last]++;
            double sumPLogW = p.attraction(y, dims, attr, wantKl);
            for (int i = 0; i < grad.length; i++) grad[i] = exag * attr[i] - rep[i] / z;
            for (int i = 0; i < grad.length; i++) {
                boolean flip = update[i] * grad[i] < 0;
                gains[i] = Math.max(0.01, flip ? gains[i] + 0.2 : gains[i] * 0.8);
                update[i] = momentum * update[i] - lr * gains[i] * grad[i];
            }
            if (o.maxStep() > 0) clipSteps(update, n, dims, o.maxStep());
            for (int i = 0; i < y.length; i++) y[i] += update[i];
            centre(y, n, dims);
            if (wantKl) {
                kl = p.entropyTerm - sumPLogW + Math.log(z);
                e.klHistory.add(new double[] {it + 1, kl});
            }
            bar.update(it + 1, "KL", kl, "phase", early ? "early" : "main");
        }
        e.seconds = (System.nanoTime() - start) / 1e9;
        e.iterationsDone = it;
        e.kl = kl;
        if (e.interrupted || Double.isNaN(kl) || e.klHistory.isEmpty() || e.klHistory.get(e.klHistory.size() - 1)[0] != it) {
            boolean flag = Thread.interrupted(); // measure the kept embedding undisturbed, then restore the flag
            e.kl = klDivergence(p, y, n, dims, repulsion);
            if (flag) Thread.currentThread().interrupt();
        }
        bar.finish(it, e.interrupted ? "interrupted — kept the embedding after " + it + " iterations" : "done", "KL", e.kl);
        double spread = spread(y, n, dims);
        if (!e.interrupted && !(spread > MIN_SPREAD)) { // an interrupted run may legitimately stop while early exaggeration has it small
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "t-SNE degenerated: after %d iterations the %d points lie within %.3g of their centroid (RMS), where an embedding "
                            + "spreads over units to tens; identical input rows, or settings that contract it for good (a very high "
                            + "exaggeration or low learning rate), do this", it, n, spread));
        }
        return e;
    }

    /** An embedding whose RMS spread ends below this is degenerate: it starts at 1e-4 and grows to units or more. */
    static final double MIN_SPREAD = 1e-6;

    /**
     * Moves the embedding's centroid to the origin. The gradient does not see translations, so
     * this changes nothing in exact arithmetic; in floating point it keeps the points' offsets
     * representable. Early exaggeration contracts structureless data by many orders of magnitude
     * (a 300-point Gaussian cloud to ~1e-35); around a centroid that had drifted to ~1e-6 the
     * offsets fell below its float resolution, the points became bit-identical, the gradient
     * exactly zero, and the embedding stayed one point for good. Centred, the cloud expands
     * again in the main phase.
     */
    static void centre(double[] y, int n, int dims) {
        for (int d = 0; d < dims; d++) {
            double m = 0;
            for (int i = d; i < y.length; i += dims) m += y[i];
            m /= n;
            for (int i = d; i < y.length; i += dims) y[i] -= m;
        }
    }

    /** RMS distance of the points from their centroid. */
    static double spread(double[] y, int n, int dims) {
        double[] mean = new double[dims];
        for (int i = 0; i < y.length; i++) mean[i % dims] += y[i] / n;
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (y[i] - mean[i % dims]) * (y[i] - mean[i % dims]);
        return Math.sqrt(s / n);
    }

    private static void clipSteps(double[] update, int n, int dims, double max) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dims; d++) s += update[i * dims + d] * update[i * dims + d];
            if (s > max * max) {
                double f = max / Math.sqrt(s);
                for (int d = 0; d < dims; d++) update[i * dims + d] *= f;
            }
        }
    }

    /** KL(P‖Q) of an embedding. */
    static double klDivergence(Affinities p, double[] y, int n, int dims, Repulsion repulsion) {
        double[] scratch = new double[n * dims];
        double z = repulsion.compute(y, n, dims, scratch);
        double sumPLogW = p.attraction(y, dims, scratch, true);
        return p.entropyTerm - sumPLogW + Math.log(z);
    }

    /**
     * The repulsive sums by the method asked for, or for "auto" by whichever the cost model rates
     * cheapest for the embedding as it stands: the FFT grid's size follows the embedding's span,
     * which grows through the run, while the exact and tree costs follow n.
     */
    static final class Repulsion {
        private final String method;
        private final double theta;
        private final BarnesHut tree;
        private final FftRepulsion fft;
        /** Index into {@link #METHODS} of the last gradient computed. */
        int last;

        Repulsion(String method, Options o) {
            this.method = method;
            this.theta = o.theta();
            this.tree = new BarnesHut(o.theta());
            this.fft = new FftRepulsion(o.interpolationPoints(), o.minIntervals(), o.intervalsPerUnit());
        }

        double compute(double[] y, int n, int dims, double[] rep) {
            String m = method.equals("auto") ? Cost.cheapest(n, theta, fft.gridCells(y, n, dims)) : method;
            last = METHODS.indexOf(m);
            return switch (m) {
                case "exact" -> exactRepulsion(y, n, dims, rep);
                case "bh" -> tree.compute(y, n, dims, rep);
                default -> fft.compute(y, n, dims, rep);
            };
        }
    }

    /**
     * Seconds per iteration of each repulsive gradient, fitted to timings on a 2-core AVX2
     * machine (medians over 30 calls on clustered 2-D embeddings of 500 to 70,000 points):
     * exact 1.6 ns per pair; Barnes–Hut 0.09 µs per n·log₂n at θ = 0.5, falling as 1/θ; FFT
     * 95 ns per cell of the padded grid plus 0.1 µs per point for spreading and gathering.
     * Only the ratios matter, and those depend little on the machine.
     */
    static final class Cost {
        private Cost() {}

        static double exact(int n) {
            return 1.6e-9 * n * (double) n;
        }

        static double barnesHut(int n, double theta) {
            return 0.09e-6 * n * Math.max(1, Math.log(n) / Math.log(2)) * (0.5 / theta);
        }

        static double fft(int n, long gridCells) {
            return 95e-9 * gridCells + 0.1e-6 * n;
        }

        static String cheapest(int n, double theta, long gridCells) {
            double e = exact(n), b = barnesHut(n, theta), f = fft(n, gridCells);
            if (e <= b && e <= f) return "exact";
            return b <= f ? "bh" : "fft";
        }
    }

    /** Σⱼ wᵢⱼ²(yᵢ − yⱼ) for every i, and Z, in O(n²). */
    static double exactRepulsion(double[] y, int n, int dims, double[] rep) {
        double[] zRow = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double z = 0, r0 = 0, r1 = 0;
            if (dims == 2) {
                double yi0 = y[2 * i], yi1 = y[2 * i + 1];
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double d0 = yi0 - y[2 * j], d1 = yi1 - y[2 * j + 1];
                    double w = 1 / (1 + d0 * d0 + d1 * d1);
                    z += w;
                    r0 += w * w * d0;
                    r1 += w * w * d1;
                }
                rep[2 * i] = r0;
                rep[2 * i + 1] = r1;
            } else {
                double yi = y[i];
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double d0 = yi - y[j];
                    double w = 1 / (1 + d0 * d0);
                    z += w;
                    r0 += w * w * d0;
                }
                rep[i] = r0;
            }
            zRow[i] = z;
        });
        double z = 0;
        for (double v : zRow) z += v;
        return z;
    }

    /**
     * The symmetric joint probabilities P = (P_{j|i} + P_{i|j}) / 2n over each point's k nearest
     * neighbours, each row's Gaussian bandwidth found by bisection so that its perplexity is
     * the one asked for. Stored as compressed sparse rows.
     */
    static final class Affinities {
        final int n;
        final int[] rowStart;
        final int[] col;
        final double[] val;
        /** Σ p log p, constant through the optimisation. */
        final double entropyTerm;

        private Affinities(int n, int[] rowStart, int[] col, double[] val) {
            this.n = n;
            this.rowStart = rowStart;
            this.col = col;
            this.val = val;
            double s = 0;
            for (double v : val) if (v > 0) s += v * Math.log(v);
            this.entropyTerm = s;
        }

        static Affinities of(Neighbors nn, double perplexity) {
            int n = nn.index.length, k = nn.k();
            double[][] cond = new double[n][k];
            double target = Math.log(perplexity);
            IntStream.range(0, n).parallel().forEach(i -> calibrate(nn.distance[i], target, cond[i]));
            // Symmetrise: each (i, j, p) also lands in row j; duplicates are summed after sorting.
            int[] count = new int[n];
            for (int i = 0; i < n; i++) {
                count[i] += k;
                for (int j : nn.index[i]) count[j]++;
            }
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) start[i + 1] = start[i] + count[i];
            int[] fill = Arrays.copyOf(start, n);
            int[] cols = new int[start[n]];
            double[] vals = new double[start[n]];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    int j = nn.index[i][c];
                    double v = cond[i][c] / (2.0 * n);
                    cols[fill[i]] = j;
                    vals[fill[i]++] = v;
                    cols[fill[j]] = i;
                    vals[fill[j]++] = v;
                }
            }
            // Sort each row by column and merge duplicates in place.
            int[] newStart = new int[n + 1];
            int[][] rowCols = new int[n][];
            double[][] rowVals = new double[n][];
            IntStream.range(0, n).parallel().forEach(i -> {
                int a = start[i], b = start[i + 1];
                long[] keyed = new long[b - a];
                for (int t = a; t < b; t++) keyed[t - a] = ((long) cols[t] << 32) | (t - a);
                Arrays.sort(keyed);
                int[] rc = new int[b - a];
                double[] rv = new double[b - a];
                int m = 0;
                for (long kv : keyed) {
                    int c = (int) (kv >>> 32);
                    double v = vals[a + (int) (kv & 0xffffffffL)];
                    if (m > 0 && rc[m - 1] == c) rv[m - 1] += v;
                    else {
                        rc[m] = c;
                        rv[m++] = v;
                    }
                }
                rowCols[i] = Arrays.copyOf(rc, m);
                rowVals[i] = Arrays.copyOf(rv, m);
            });
            for (int i = 0; i < n; i++) newStart[i + 1] = newStart[i] + rowCols[i].length;
            int[] outCols = new int[newStart[n]];
            double[] outVals = new double[newStart[n]];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rowCols[i], 0, outCols, newStart[i], rowCols[i].length);
                System.arraycopy(rowVals[i], 0, outVals, newStart[i], rowVals[i].length);
            }
            return new Affinities(n, newStart, outCols, outVals);
        }

        /** Bisection on the Gaussian precision β until the row's entropy is log(perplexity). */
        static void calibrate(float[] dist, double target, double[] out) {
            int k = dist.length;
            double dmin = Double.POSITIVE_INFINITY;
            for (float d : dist) dmin = Math.min(dmin, d);
            double beta = 1, lo = 0, hi = Double.POSITIVE_INFINITY;
            for (int step = 0; step < 200; step++) {
                double sum = 0, sumDP = 0;
                for (int c = 0; c < k; c++) {
                    double e = Math.exp(-beta * (dist[c] - dmin));
                    out[c] = e;
                    sum += e;
                    sumDP += e * (dist[c] - dmin);
                }
                double entropy = Math.log(sum) + beta * sumDP / sum;
                for (int c = 0; c < k; c++) out[c] /= sum;
                double diff = entropy - target;
                if (Math.abs(diff) < 1e-5) break;
                if (diff > 0) { // too flat: sharpen
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        }

        /**
         * Σⱼ pᵢⱼ wᵢⱼ (yᵢ − yⱼ) into {@code attr}; returns Σ pᵢⱼ log wᵢⱼ when asked (for KL), else 0.
         */
        double attraction(double[] y, int dims, double[] attr, boolean withLog) {
            double[] logPart = withLog ? new double[n] : null;
            int chunks = Math.max(1, Math.min(n, 4 * Runtime.getRuntime().availableProcessors()));
            IntStream.range(0, chunks).parallel().forEach(ch -> {
                int from = (int) ((long) n * ch / chunks), to = (int) ((long) n * (ch + 1) / chunks);
                for (int i = from; i < to; i++) {
                    double a0 = 0, a1 = 0, lp = 0;
                    for (int t = rowStart[i]; t < rowStart[i + 1]; t++) {
                        int j = col[t];
                        double d0, d1 = 0;
                        if (dims == 2) {
                            d0 = y[2 * i] - y[2 * j];
                            d1 = y[2 * i + 1] - y[2 * j + 1];
                        } else {
                            d0 = y[i] - y[j];
                        }
                        double w = 1 / (1 + d0 * d0 + d1 * d1);
                        double pw = val[t] * w;
                        a0 += pw * d0;
                        a1 += pw * d1;
                        if (withLog) lp += val[t] * Math.log(w);
                    }
                    if (dims == 2) {
                        attr[2 * i] = a0;
                        attr[2 * i + 1] = a1;
                    } else {
                        attr[i] = a0;
                    }
                    if (withLog) logPart[i] = lp;
                }
            });
            if (!withLog) return 0;
            double s = 0;
            for (double v : logPart) s += v;
            return s;
        }
    }

    /** A t-SNE result: coordinates, KL divergence, timings, and whether it was stopped early. */
    public static final class Embedding implements probelab.data.Rows {
        /** The points as float rows. */
        @Override
        public float[][] asRows() {
            double[][] p = getPoints();
            float[][] out = new float[p.length][];
            for (int i = 0; i < p.length; i++) {
                out[i] = new float[p[i].length];
                for (int j = 0; j < p[i].length; j++) out[i][j] = (float) p[i][j];
            }
            return out;
        }

        private final double[] y;
        public final int n;
        public final int dims;
        public final Options options;
        public final String method;
        final List<double[]> klHistory = new ArrayList<>();
        double kl = Double.NaN;
        double seconds, neighborSeconds, affinitySeconds;
        int iterationsDone;
        /** Iterations per repulsive gradient, indexed as {@link #METHODS} (method "auto" picks per iteration). */
        final int[] iterationsBy = new int[METHODS.size()];
        boolean interrupted;
        String neighborMethod = "";
        double neighborRecall = Double.NaN;

        Embedding(double[] y, int n, int dims, Options options, String method) {
            this.y = y;
            this.n = n;
            this.dims = dims;
            this.options = options;
            this.method = method;
        }

        /** The coordinates, {@code [n][dims]}. */
        public double[][] getPoints() {
            double[][] out = new double[n][dims];
            for (int i = 0; i < n; i++) for (int d = 0; d < dims; d++) out[i][d] = y[i * dims + d];
            return out;
        }

        /** One coordinate of every point. */
        public double[] column(int d) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = y[i * dims + d];
            return out;
        }

        public double getKl() {
            return kl;
        }

        /** (iteration, KL) pairs recorded during the optimisation. */
        public List<double[]> getKlHistory() {
            return klHistory;
        }

        /** Seconds in the optimisation (neighbour search and affinities not included). */
        public double getSeconds() {
            return seconds;
        }

        public double getTotalSeconds() {
            return seconds + neighborSeconds + affinitySeconds;
        }

        public double getNeighborSeconds() {
            return neighborSeconds;
        }

        /** Share of the true nearest neighbours the search found (1 for exact; measured on a sample for hnsw). */
        public double getNeighborRecall() {
            return neighborRecall;
        }

        public int getIterations() {
            return iterationsDone;
        }

        public boolean isInterrupted() {
            return interrupted;
        }

        /** The repulsive gradients used, e.g. "bh" or "exact 40 it., bh 710 it.". */
        public String gradients() {
            List<String> parts = new ArrayList<>();
            String only = method;
            for (int m = 1; m < METHODS.size(); m++) {
                if (iterationsBy[m] == 0) continue;
                only = METHODS.get(m);
                parts.add(only + " " + iterationsBy[m] + " it.");
            }
            return parts.size() <= 1 ? only : String.join(", ", parts);
        }

        /** Order of the points along a 1-D embedding (for sorting raster rows). */
        public int[] order() {
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) idx[i] = i;
            Arrays.sort(idx, (a, b) -> Double.compare(y[a * dims], y[b * dims]));
            return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
        }

        @Override
        public String toString() {
            String how = gradients();
            String neighbours = "hnsw".equals(neighborMethod)
                    ? String.format(java.util.Locale.ROOT, "hnsw neighbours, recall %.3f", neighborRecall) : neighborMethod + " neighbours";
            return String.format(java.util.Locale.ROOT, "t-SNE %d points → %d-D (%s gradient, %s): KL %.4f after %d iterations%s; %.1f s (%.1f s neighbours)",
                    n, dims, how, neighbours, kl, iterationsDone, interrupted ? " (interrupted)" : "",
                    getTotalSeconds(), neighborSeconds);
        }
    }
}
