package probelab.embed;

import java.util.Arrays;

/**
 * The repulsive half of the t-SNE gradient in O(n log n) by a Barnes–Hut quadtree (van der
 * Maaten, "Accelerating t-SNE using tree-based algorithms", 2014).
 *
 * <p>Each iteration builds a quadtree over the embedding; leaves hold up to {@link #LEAF}
 * points. A cell whose largest side is below θ times its distance acts as one body: its mass at
 * its centre of mass plus its quadrupole (second moments), which leaves ~10× less force error
 * than the mass alone at the same θ. The tree is walked once per leaf for all of its points,
 * the distance taken from the leaf's box, so each point then runs through two flat lists (far
 * cells, near points). With θ ≤ 1/√2 a cell never stands in for points inside it (their distance
 * to its centre of mass is at most its diagonal). A 1-D embedding is the same tree over points
 * whose second coordinate is 0.
 */
final class BarnesHut {
    /** Points per leaf: fewer cells to visit against more exact pairs (8, 16 and 32 measured; 16 fastest). */
    static final int LEAF = 16;
    /** Points walked together: the highest cells holding at most this many share one walk. */
    static final int GROUP = 32;
    /** A far leaf of at most this many points is summed point by point rather than as a quadrupole. */
    static final int FEW = 4;
    /** Deeper than this a cell is a leaf whatever it holds (identical points cannot be split). */
    private static final int MAX_DEPTH = 40;

    private final double theta2;

    // The tree, reused between iterations. Cells are numbered in build order, children contiguous.
    private double[] comX = new double[0], comY = new double[0], mass = new double[0], side2 = new double[0];
    private double[] mxx = new double[0], mxy = new double[0], myy = new double[0];
    private double[] boxX0 = new double[0], boxX1 = new double[0], boxY0 = new double[0], boxY1 = new double[0];
    private int[] firstChild = new int[0], childCount = new int[0], from = new int[0], to = new int[0];
    private int cells;
    // Points in tree order: their coordinates and original indices.
    private double[] px = new double[0], py = new double[0];
    private int[] order = new int[0], scratch = new int[0];
    private double[] sx = new double[0], sy = new double[0];

    BarnesHut(double theta) {
        if (!(theta > 0 && theta <= 0.7)) {
            throw new IllegalArgumentException("theta must be in (0, 0.7], got " + theta
                    + " (above 1/√2 a cell could stand in for a point inside it)");
        }
        this.theta2 = theta * theta;
    }

    /** Cells in the last tree, for diagnostics and the cost model. */
    int lastCells() {
        return cells;
    }

    /**
     * Fills {@code rep} ({@code n × dims}, flat) with Σⱼ (1+d²)⁻²(yᵢ − yⱼ) and returns
     * Z = Σ_{i≠j} (1+d²)⁻¹, both approximated.
     */
    double compute(double[] y, int n, int dims, double[] rep) {
        if (dims != 1 && dims != 2) throw new IllegalArgumentException("dims must be 1 or 2, got " + dims);
        build(y, n, dims);
        int[] leaves = new int[cells];
        int count = groups(leaves);
        int chunks = Math.max(1, Math.min(count / 16, 8 * Runtime.getRuntime().availableProcessors()));
        double[] zPart = new double[chunks];
        probelab.nn.kernels.Threads.forEach(chunks, ch -> {
            Walk w = new Walk();
            double z = 0;
            for (int l = (int) ((long) count * ch / chunks), e = (int) ((long) count * (ch + 1) / chunks); l < e; l++) {
                z += w.leaf(leaves[l], dims, rep);
            }
            zPart[ch] = z;
        });
        double z = 0;
        for (double v : zPart) z += v;
        return z;
    }

    /** The highest cells holding at most {@link #GROUP} points (or leaves), in tree order; returns their count. */
    private int groups(int[] out) {
        int count = 0, top = 0;
        int[] stack = new int[4 * MAX_DEPTH + 8];
        stack[top++] = 0;
        while (top > 0) {
            int c = stack[--top];
            if (childCount[c] == 0 || to[c] - from[c] <= GROUP) {
                out[count++] = c;
            } else {
                for (int t = childCount[c] - 1; t >= 0; t--) stack[top++] = firstChild[c] + t;
            }
        }
        return count;
    }

    /**
     * One thread's walk, leaf by leaf: the tree is walked once for all the points of a leaf
     * (Barnes' grouping), a cell accepted only if it is far enough from the nearest corner of the
     * leaf's box, which is at least as strict as asking each point. The accepted cells and the
     * nearby points are then two flat lists that each point of the leaf runs through.
     */
    private final class Walk {
        private final int[] stack = new int[4 * MAX_DEPTH + 8];
        private double[] fx = new double[256], fy = new double[256], fm = new double[256], fxx = new double[256],
                fxy = new double[256], fyy = new double[256];
        private double[] nx = new double[256], ny = new double[256];
        private int far, near;

        /** Forces on the points of leaf {@code leaf} into {@code rep}; returns their share of Z. */
        double leaf(int leaf, int dims, double[] rep) {
            gather(leaf);
            double z = 0;
            for (int k = from[leaf]; k < to[leaf]; k++) {
                double xi = px[k], yi = py[k], gx = 0, gy = 0, zi = 0;
                for (int t = 0; t < far; t++) {
                    // The cell's monopole plus its quadrupole (second moments about the centre of mass; the
                    // dipole is zero there): Taylor terms of q = 1/(1+|d|²) and of q²·d to second order.
                    double dx = xi - fx[t], dy = yi - fy[t];
                    double q = 1 / (1 + dx * dx + dy * dy), q2 = q * q, m = fm[t];
                    double sxx = fxx[t], sxy = fxy[t], syy = fyy[t], tr = sxx + syy;
                    double mdx = sxx * dx + sxy * dy, mdy = sxy * dx + syy * dy, dmd = dx * mdx + dy * mdy;
                    zi += m * q - tr * q2 + 4 * q2 * q * dmd;
                    double along = m * q2 - 2 * q2 * q * tr + 12 * q2 * q2 * dmd, across = -4 * q2 * q;
                    gx += along * dx + across * mdx;
                    gy += along * dy + across * mdy;
                }
                for (int t = 0; t < near; t++) { // includes the point itself: q = 1 and no force, taken off below
                    double ex = xi - nx[t], ey = yi - ny[t];
                    double q = 1 / (1 + ex * ex + ey * ey), q2 = q * q;
                    zi += q;
                    gx += q2 * ex;
                    gy += q2 * ey;
                }
                z += zi - 1;
                int i = order[k];
                if (dims == 2) {
                    rep[2 * i] = gx;
                    rep[2 * i + 1] = gy;
                } else {
                    rep[i] = gx;
                }
            }
            return z;
        }

        /** Walks the tree for {@code leaf}: accepted cells into the far list, points of opened leaves into the near list. */
        private void gather(int leaf) {
            far = 0;
            near = 0;
            double lx = boxX0[leaf], hx = boxX1[leaf], ly = boxY0[leaf], hy = boxY1[leaf];
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int cell = stack[--top];
                int kids = childCount[cell];
                double cx = comX[cell], cy = comY[cell];
                double dx = cx < lx ? lx - cx : cx > hx ? cx - hx : 0, dy = cy < ly ? ly - cy : cy > hy ? cy - hy : 0;
                boolean accept = side2[cell] < theta2 * (dx * dx + dy * dy);
                if (kids == 0 && !(accept && to[cell] - from[cell] > FEW)) {
                    int a = from[cell], b = to[cell];
                    if (near + b - a > nx.length) {
                        nx = Arrays.copyOf(nx, 2 * (near + b - a));
                        ny = Arrays.copyOf(ny, nx.length);
                    }
                    System.arraycopy(px, a, nx, near, b - a);
                    System.arraycopy(py, a, ny, near, b - a);
                    near += b - a;
                    continue;
                }
                if (accept) {
                    if (far == fx.length) grow();
                    fx[far] = cx;
                    fy[far] = cy;
                    fm[far] = mass[cell];
                    fxx[far] = mxx[cell];
                    fxy[far] = mxy[cell];
                    fyy[far++] = myy[cell];
                } else {
                    int f = firstChild[cell];
                    for (int t = 0; t < kids; t++) stack[top++] = f + t;
                }
            }
        }

        private void grow() {
            int cap = 2 * fx.length;
            fx = Arrays.copyOf(fx, cap);
            fy = Arrays.copyOf(fy, cap);
            fm = Arrays.copyOf(fm, cap);
            fxx = Arrays.copyOf(fxx, cap);
            fxy = Arrays.copyOf(fxy, cap);
            fyy = Arrays.copyOf(fyy, cap);
        }
    }

    private void build(double[] y, int n, int dims) {
        if (order.length != n) {
            order = new int[n];
            scratch = new int[n];
            px = new double[n];
            py = new double[n];
            sx = new double[n];
            sy = new double[n];
        }
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY, y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            px[i] = y[i * dims];
            py[i] = dims == 2 ? y[i * dims + 1] : 0;
            x0 = Math.min(x0, px[i]);
            x1 = Math.max(x1, px[i]);
            y0 = Math.min(y0, py[i]);
            y1 = Math.max(y1, py[i]);
        }
        ensureCells(Math.max(64, 2 * (n / LEAF) + 16));
        cells = 1;
        double side = Math.max(x1 - x0, y1 - y0);
        split(0, 0, n, x0, y0, side, 0);
    }

    /** Makes cell {@code c} over tree positions [a, b) in the square at (x0, y0) of side {@code side}. */
    private void split(int c, int a, int b, double x0, double y0, double side, int depth) {
        from[c] = a;
        to[c] = b;
        if (b - a <= LEAF || depth >= MAX_DEPTH || !(side > 0)) {
            childCount[c] = 0;
            double m = b - a, sxm = 0, sym = 0;
            double lx = Double.POSITIVE_INFINITY, hx = Double.NEGATIVE_INFINITY, ly = Double.POSITIVE_INFINITY, hy = Double.NEGATIVE_INFINITY;
            for (int k = a; k < b; k++) {
                sxm += px[k];
                sym += py[k];
                lx = Math.min(lx, px[k]);
                hx = Math.max(hx, px[k]);
                ly = Math.min(ly, py[k]);
                hy = Math.max(hy, py[k]);
            }
            summarise(c, m, sxm, sym, lx, hx, ly, hy);
            double xx = 0, xy = 0, yy = 0;
            for (int k = a; k < b; k++) {
                double ex = px[k] - comX[c], ey = py[k] - comY[c];
                xx += ex * ex;
                xy += ex * ey;
                yy += ey * ey;
            }
            mxx[c] = xx;
            mxy[c] = xy;
            myy[c] = yy;
            return;
        }
        // Quadrants by the square's midpoint: a counting sort of [a, b) into four runs.
        double mx = x0 + side / 2, my = y0 + side / 2;
        int[] count = new int[4];
        for (int k = a; k < b; k++) count[quadrant(px[k], py[k], mx, my)]++;
        int[] at = {a, a + count[0], a + count[0] + count[1], a + count[0] + count[1] + count[2]};
        int[] start = at.clone();
        for (int k = a; k < b; k++) {
            int q = quadrant(px[k], py[k], mx, my), dst = at[q]++;
            scratch[dst] = order[k];
            sx[dst] = px[k];
            sy[dst] = py[k];
        }
        System.arraycopy(scratch, a, order, a, b - a);
        System.arraycopy(sx, a, px, a, b - a);
        System.arraycopy(sy, a, py, a, b - a);
        int kids = 0;
        for (int q = 0; q < 4; q++) if (count[q] > 0) kids++;
        ensureCells(cells + kids);
        int first = cells;
        cells += kids;
        firstChild[c] = first;
        childCount[c] = kids;
        double half = side / 2;
        int child = first;
        for (int q = 0; q < 4; q++) {
            if (count[q] == 0) continue;
            split(child++, start[q], start[q] + count[q], (q & 1) == 0 ? x0 : mx, (q & 2) == 0 ? y0 : my, half, depth + 1);
        }
        double m = 0, sxm = 0, sym = 0, lx = Double.POSITIVE_INFINITY, hx = Double.NEGATIVE_INFINITY, ly = Double.POSITIVE_INFINITY, hy = Double.NEGATIVE_INFINITY;
        // The points' own extent, not the square's: tighter cells are accepted sooner at the same error.
        for (int t = first; t < first + kids; t++) {
            m += mass[t];
            sxm += mass[t] * comX[t];
            sym += mass[t] * comY[t];
            lx = Math.min(lx, boxX0[t]);
            hx = Math.max(hx, boxX1[t]);
            ly = Math.min(ly, boxY0[t]);
            hy = Math.max(hy, boxY1[t]);
        }
        summarise(c, m, sxm, sym, lx, hx, ly, hy);
        double xx = 0, xy = 0, yy = 0;
        for (int t = first; t < first + kids; t++) {
            double ex = comX[t] - comX[c], ey = comY[t] - comY[c];
            xx += mxx[t] + mass[t] * ex * ex;
            xy += mxy[t] + mass[t] * ex * ey;
            yy += myy[t] + mass[t] * ey * ey;
        }
        mxx[c] = xx;
        mxy[c] = xy;
        myy[c] = yy;
    }

    /** A cell's mass, centre of mass (from the mass-weighted sums), box and largest side squared. */
    private void summarise(int c, double m, double sxm, double sym, double lx, double hx, double ly, double hy) {
        mass[c] = m;
        comX[c] = sxm / m;
        comY[c] = sym / m;
        double s = Math.max(hx - lx, hy - ly);
        side2[c] = s * s;
        boxX0[c] = lx;
        boxX1[c] = hx;
        boxY0[c] = ly;
        boxY1[c] = hy;
    }

    private static int quadrant(double x, double y, double mx, double my) {
        return (x < mx ? 0 : 1) | (y < my ? 0 : 2);
    }

    private void ensureCells(int need) {
        if (need <= comX.length) return;
        int cap = Math.max(need, comX.length + comX.length / 2);
        comX = Arrays.copyOf(comX, cap);
        comY = Arrays.copyOf(comY, cap);
        mass = Arrays.copyOf(mass, cap);
        side2 = Arrays.copyOf(side2, cap);
        mxx = Arrays.copyOf(mxx, cap);
        mxy = Arrays.copyOf(mxy, cap);
        myy = Arrays.copyOf(myy, cap);
        boxX0 = Arrays.copyOf(boxX0, cap);
        boxX1 = Arrays.copyOf(boxX1, cap);
        boxY0 = Arrays.copyOf(boxY0, cap);
        boxY1 = Arrays.copyOf(boxY1, cap);
        firstChild = Arrays.copyOf(firstChild, cap);
        childCount = Arrays.copyOf(childCount, cap);
        from = Arrays.copyOf(from, cap);
        to = Arrays.copyOf(to, cap);
    }
}
