package probelab.embed;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The repulsive half of the t-SNE gradient in O(n) by polynomial interpolation on a grid and
 * an FFT convolution (Linderman et al., "Fast interpolation-based t-SNE", 2019; FIt-SNE).
 *
 * <p>With the kernel K(y, y') = (1 + ‖y − y'‖²)⁻², the charges 1, y (each coordinate) and ‖y‖²
 * give every sum the gradient needs: Σⱼ K·(yᵢ − yⱼ) = yᵢ·φ₁ − φ_y, and since
 * (1 + ‖yᵢ − yⱼ‖²)·K is the Cauchy kernel, Z = Σᵢ[(1 + ‖yᵢ‖²)φ₁ − 2yᵢ·φ_y + φ_{‖y‖²}] − n.
 * Each point spreads its charges to the p interpolation nodes per dimension of its box by
 * Lagrange weights; the grid is convolved with K by FFT; potentials are interpolated back.
 */
final class FftRepulsion {
    static {
        // We parallelise over rows and columns ourselves. JTransforms' own pool waits on futures,
        // and an interrupted caller (Ctrl-C) would leave a half-done transform behind.
        pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
    }

    private final int points;
    private final int minIntervals;
    private final double intervalsPerUnit;

    // Reused between iterations: FFT plans are costly to build and the grids are large.
    private int planSize = -1;
    private DoubleFFT_1D fft1;
    private double[] gridA = new double[0], gridB = new double[0], gridK = new double[0];
    /** Intervals per dimension in the last call, for diagnostics. */
    int lastIntervals;

    FftRepulsion(int interpolationPoints, int minIntervals, double intervalsPerUnit) {
        if (interpolationPoints < 2) throw new IllegalArgumentException("interpolationPoints must be >= 2, got " + interpolationPoints);
        if (minIntervals < 1) throw new IllegalArgumentException("minIntervals must be >= 1, got " + minIntervals);
        if (!(intervalsPerUnit > 0)) throw new IllegalArgumentException("intervalsPerUnit must be > 0, got " + intervalsPerUnit);
        this.points = interpolationPoints;
        this.minIntervals = minIntervals;
        this.intervalsPerUnit = intervalsPerUnit;
    }

    private void prepare(int size, int dims) {
        int len = 2 * (dims == 2 ? size * size : size);
        if (gridA.length != len) {
            gridA = new double[len];
            gridB = new double[len];
            if (dims == 1) gridK = new double[len];
        } else {
            Arrays.fill(gridA, 0);
            Arrays.fill(gridB, 0);
            if (dims == 1) Arrays.fill(gridK, 0);
        }
        if (dims == 1 && size != planSize) {
            planSize = size;
            fft1 = new DoubleFFT_1D(size);
        }
    }

    /**
     * Fills {@code rep} ({@code n × dims}, flat) with Σⱼ (1+d²)⁻²(yᵢ − yⱼ) and returns
     * Z = Σ_{i≠j} (1+d²)⁻¹.
     */
    double compute(double[] y, int n, int dims, double[] rep) {
        return dims == 1 ? oneD(y, n, rep) : twoD(y, n, rep);
    }

    /** Cells of the padded grid the next call would transform, for the cost model. */
    long gridCells(double[] y, int n, int dims) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < dims * n; i++) {
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
        }
        double span = max - min;
        if (dims == 1) return 2L * points * intervals(span);
        double width = boxWidth(span);
        long side = 2L * points * Math.max(minIntervals, (int) Math.ceil(span / width - 1e-9));
        return side * side;
    }

    /** Interval count of the 1-D grid: intervalsPerUnit per unit of span, rounded up to a size FFTs like. */
    private int intervals(double span) {
        int want = Math.max(minIntervals, (int) Math.ceil(span * intervalsPerUnit));
        while (!smooth(want)) want++;
        return want;
    }

    private static boolean smooth(int v) {
        for (int f : new int[] {2, 3, 5}) while (v % f == 0) v /= f;
        return v == 1;
    }

    /** Lagrange weights of the p nodes at (k + ½)·h inside a box, for a point at t (in units of h). */
    private void weights(double t, double[] out, int off) {
        for (int k = 0; k < points; k++) {
            double w = 1;
            for (int m = 0; m < points; m++) if (m != k) w *= (t - (m + 0.5)) / (k - m);
            out[off + k] = w;
        }
    }

    /**
     * Box width for a span: 1 / intervalsPerUnit once the span is wide enough for the fewest
     * intervals (FIt-SNE uses one interval per unit), else the largest power of 2^¼ that still
     * gives that many intervals. Quantised widths let the kernel's transform be reused across
     * iterations.
     */
    private double boxWidth(double span) {
        double want = span / minIntervals;
        double cap = 1 / intervalsPerUnit;
        if (want >= cap) return cap;
        if (!(want > 0)) return 1e-12;
        return Math.pow(2, Math.floor(4 * Math.log(want) / Math.log(2)) / 4);
    }

    private final java.util.LinkedHashMap<String, Convolver> kernels = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Convolver> e) {
            return size() > 4;
        }
    };

    private double twoD(double[] y, int n, double[] rep) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 2 * n; i++) {
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
        }
        double lo = min, span = max - min;
        double width = boxWidth(span);
        int need = Math.max(minIntervals, (int) Math.ceil(span / width - 1e-9));
        while (!smooth(need)) need++;
        int boxes = need;
        lastIntervals = boxes;
        int m = boxes * points;
        Convolver conv = kernels.computeIfAbsent(m + "@" + width, key -> new Convolver(m, width / points));

        int[] node0x = new int[n], node0y = new int[n];
        double[] wx = new double[n * points], wy = new double[n * points];
        IntStream.range(0, n).parallel().forEach(i -> {
            double ux = (y[2 * i] - lo) / width, uy = (y[2 * i + 1] - lo) / width;
            int bx = Math.min(boxes - 1, (int) ux), by = Math.min(boxes - 1, (int) uy);
            node0x[i] = bx * points;
            node0y[i] = by * points;
            weights((ux - bx) * points, wx, i * points);
            weights((uy - by) * points, wy, i * points);
        });

        // Two complex grids carry four real charge grids: (1, y₁) and (y₂, ‖y‖²).
        int size = conv.size;
        prepare(size, 2);

        double[] a = gridA, b = gridB;
        for (int i = 0; i < n; i++) {
            double c1 = y[2 * i], c2 = y[2 * i + 1], c3 = c1 * c1 + c2 * c2;
            for (int p = 0; p < points; p++) {
                double wxp = wx[i * points + p];
                int row = (node0x[i] + p) * size;
                for (int q = 0; q < points; q++) {
                    double w = wxp * wy[i * points + q];
                    int at = 2 * (row + node0y[i] + q);
                    a[at] += w;
                    a[at + 1] += w * c1;
                    b[at] += w * c2;
                    b[at + 1] += w * c3;
                }
            }
        }
        conv.convolve(a);
        conv.convolve(b);

        double[] zPart = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double p1 = 0, px = 0, py = 0, pn = 0;
            for (int p = 0; p < points; p++) {
                double wxp = wx[i * points + p];
                int row = (node0x[i] + p) * size;
                for (int q = 0; q < points; q++) {
                    double w = wxp * wy[i * points + q];
                    int at = 2 * (row + node0y[i] + q);
                    p1 += w * a[at];
                    px += w * a[at + 1];
                    py += w * b[at];
                    pn += w * b[at + 1];
                }
            }
            double yx = y[2 * i], yy = y[2 * i + 1];
            rep[2 * i] = yx * p1 - px;
            rep[2 * i + 1] = yy * p1 - py;
            zPart[i] = (1 + yx * yx + yy * yy) * p1 - 2 * (yx * px + yy * py) + pn;
        });
        double z = -n;
        for (double v : zPart) z += v;
        return z;
    }

    /**
     * Cyclic convolution of an m×m grid (zero-padded to 2m×2m) with the kernel sampled at node
     * spacing h. The kernel's transform is computed once; each convolution transforms only the m
     * non-zero rows, does the column transforms, product and inverse column transforms in one
     * pass per block of columns, and inverts only the m rows that are read back.
     */
    static final class Convolver {
        final int m, size;
        private final double[] kernelHat; // size × size, real: the kernel is real and even
        private final DoubleFFT_1D fft;

        Convolver(int m, double h) {
            this.m = m;
            this.size = 2 * m;
            double[] k = new double[2 * size * size];
            for (int r = 0; r < size; r++) {
                if (r == m) continue;
                double dx = (r < m ? r : r - size) * h;
                for (int c = 0; c < size; c++) {
                    if (c == m) continue;
                    double dy = (c < m ? c : c - size) * h;
                    double s = 1 + dx * dx + dy * dy;
                    k[2 * (r * size + c)] = 1 / (s * s);
                }
            }
            new DoubleFFT_2D(size, size).complexForward(k);
            kernelHat = new double[size * size];
            for (int t = 0; t < kernelHat.length; t++) kernelHat[t] = k[2 * t] / ((double) size * size);
            fft = new DoubleFFT_1D(size);
        }

        void convolve(double[] g) {
            int rowLen = 2 * size;
            IntStream.range(0, m).parallel().forEach(r -> fft.complexForward(g, r * rowLen));
            int block = 8, blocks = (size + block - 1) / block;
            IntStream.range(0, blocks).parallel().forEach(bk -> {
                int c0 = bk * block, c1 = Math.min(size, c0 + block), w = c1 - c0;
                double[] col = new double[2 * size * w];
                for (int r = 0; r < m; r++) {
                    int src = r * rowLen + 2 * c0;
                    for (int c = 0; c < w; c++) {
                        col[c * 2 * size + 2 * r] = g[src + 2 * c];
                        col[c * 2 * size + 2 * r + 1] = g[src + 2 * c + 1];
                    }
                }
                for (int c = 0; c < w; c++) {
                    int off = c * 2 * size;
                    fft.complexForward(col, off);
                    for (int r = 0; r < size; r++) {
                        double kr = kernelHat[r * size + c0 + c];
                        col[off + 2 * r] *= kr;
                        col[off + 2 * r + 1] *= kr;
                    }
                    fft.complexInverse(col, off, false);
                }
                for (int r = 0; r < m; r++) {
                    int dst = r * rowLen + 2 * c0;
                    for (int c = 0; c < w; c++) {
                        g[dst + 2 * c] = col[c * 2 * size + 2 * r];
                        g[dst + 2 * c + 1] = col[c * 2 * size + 2 * r + 1];
                    }
                }
            });
            IntStream.range(0, m).parallel().forEach(r -> fft.complexInverse(g, r * rowLen, false));
        }
    }

    private double oneD(double[] y, int n, double[] rep) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
        }
        int boxes = intervals(hi - lo);
        double boxWidth = Math.max(hi - lo, 1e-12) / boxes;
        double h = boxWidth / points;
        int m = boxes * points, size = 2 * m;
        int[] node0 = new int[n];
        double[] w = new double[n * points];
        lastIntervals = boxes;
        prepare(size, 1);
        double[] a = gridA, b = gridB;
        for (int i = 0; i < n; i++) {
            double u = (y[i] - lo) / boxWidth;
            int bx = Math.min(boxes - 1, (int) u);
            node0[i] = bx * points;
            weights((u - bx) * points, w, i * points);
            for (int p = 0; p < points; p++) {
                double wp = w[i * points + p];
                int at = 2 * (node0[i] + p);
                a[at] += wp;
                a[at + 1] += wp * y[i];
                b[at] += wp * y[i] * y[i];
            }
        }
        double[] kernel = gridK;
        for (int r = 0; r < size; r++) {
            if (r == m) continue;
            double dx = (r < m ? r : r - size) * h;
            double s = 1 + dx * dx;
            kernel[2 * r] = 1 / (s * s);
        }
        DoubleFFT_1D fft = fft1;
        fft.complexForward(kernel);
        fft.complexForward(a);
        fft.complexForward(b);
        for (int t = 0; t < size; t++) {
            double kr = kernel[2 * t];
            a[2 * t] *= kr;
            a[2 * t + 1] *= kr;
            b[2 * t] *= kr;
            b[2 * t + 1] *= kr;
        }
        fft.complexInverse(a, true);
        fft.complexInverse(b, true);
        double z = -n;
        for (int i = 0; i < n; i++) {
            double p1 = 0, py = 0, pn = 0;
            for (int p = 0; p < points; p++) {
                double wp = w[i * points + p];
                int at = 2 * (node0[i] + p);
                p1 += wp * a[at];
                py += wp * a[at + 1];
                pn += wp * b[at];
            }
            rep[i] = y[i] * p1 - py;
            z += (1 + y[i] * y[i]) * p1 - 2 * y[i] * py + pn;
        }
        return z;
    }
}
