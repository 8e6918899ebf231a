package probelab.embed;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import probelab.util.Nd;

/**
 * Principal component analysis by eigen-decomposition of the covariance matrix (one BLAS
 * product, then LAPACK on a d×d matrix; on the n×n Gram matrix instead when there are fewer
 * rows than columns). Components are rows of {@link #components}, strongest first, each with
 * its largest coefficient positive so that the same data give the same signs.
 */
public final class Pca implements probelab.plot.Plottable, probelab.data.Rows {
    /** Column means of the fitted data. */
    public final double[] mean;
    /** {@code [k][d]}: the unit-length principal directions, strongest first. */
    public final double[][] components;
    /** Variance along each kept component (eigenvalues of the covariance, n − 1 denominator). */
    public final double[] explainedVariance;
    /** Fraction of the total variance along each kept component. */
    public final double[] explainedVarianceRatio;
    /** Every eigenvalue's fraction of the total variance (sums to 1), for scree plots. */
    public final double[] spectrum;
    /** The fitted data projected on the kept components, {@code [n][k]}. */
    public final float[][] scores;

    private Pca(double[] mean, double[][] components, double[] variance, double[] spectrum, double total, float[][] scores) {
        this.mean = mean;
        this.components = components;
        this.explainedVariance = variance;
        this.explainedVarianceRatio = new double[variance.length];
        for (int i = 0; i < variance.length; i++) explainedVarianceRatio[i] = total > 0 ? variance[i] / total : 0;
        this.spectrum = spectrum;
        this.scores = scores;
    }

    public int size() {
        return components.length;
    }

    /** Fits {@code k} components to the rows of {@code x}. */
    public static Pca fit(float[][] x, int k) {
        int n = x.length;
        if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        int d = x[0].length;
        int rank = Math.min(n - 1, d);
        if (k < 1 || k > Math.min(n, d)) {
            throw new IllegalArgumentException("components must be in 1.." + Math.min(n, d) + " for " + n + "×" + d + " data, got " + k);
        }
        double[] mean = new double[d];
        for (float[] row : x) {
            if (row.length != d) throw new IllegalArgumentException("rows differ in length: " + d + " and " + row.length);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[][] comps = new double[k][d];
        double[] eig;
        float[] meanF = new float[d];
        for (int j = 0; j < d; j++) meanF[j] = (float) mean[j];
        if (d <= n) {
            INDArray cov = probelab.nn.kernels.Threads.allCores(() -> covariance(x, meanF)).castTo(DataType.DOUBLE).divi(n - 1);
            INDArray vals = Eigen.symmetricGeneralizedEigenvalues(cov, true); // ascending; cov now holds vectors as columns
            eig = descending(vals.toDoubleVector());
            for (int c = 0; c < k; c++) comps[c] = cov.getColumn(d - 1 - c).toDoubleVector();
        } else {
            // Fewer rows than columns: eigenvectors of X Xᵀ map to components by Xᵀu / ‖Xᵀu‖.
            INDArray centred = Nd.matrix(x).subiRowVector(Nd4j.createFromArray(meanF));
            INDArray gram = centred.mmul(centred.transpose()).castTo(DataType.DOUBLE).divi(n - 1);
            INDArray vals = Eigen.symmetricGeneralizedEigenvalues(gram, true);
            eig = descending(vals.toDoubleVector());
            INDArray centredT = centred.transpose().castTo(DataType.DOUBLE);
            for (int c = 0; c < k; c++) {
                INDArray v = centredT.mmul(gram.getColumn(n - 1 - c).reshape(n, 1));
                double norm = v.norm2Number().doubleValue();
                comps[c] = norm > 0 ? v.div(norm).toDoubleVector() : new double[d];
            }
        }
        double total = 0;
        for (int i = 0; i < eig.length; i++) {
            eig[i] = Math.max(0, eig[i]);
            total += eig[i];
        }
        double[] variance = new double[k];
        System.arraycopy(eig, 0, variance, 0, k);
        double[] spectrum = new double[Math.min(rank, eig.length)];
        for (int i = 0; i < spectrum.length; i++) spectrum[i] = total > 0 ? eig[i] / total : 0;
        for (double[] c : comps) fixSign(c);
        Pca unscored = new Pca(mean, comps, variance, spectrum, total, null);
        return new Pca(mean, comps, variance, spectrum, total, unscored.transform(x));
    }

    /** The components as columns, {@code [d, k]}, for one BLAS product. */
    private static INDArray componentMatrix(double[][] comps) {
        int k = comps.length, d = comps[0].length;
        float[] flat = new float[d * k];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) flat[j * k + c] = (float) comps[c][j];
        return Nd4j.create(flat, new long[] {d, k}, 'c');
    }

    /** Projects rows (of the fitted width) on the kept components. */
    public float[][] transform(float[][] x) {
        int d = mean.length, k = components.length;
        float[] meanF = new float[d];
        for (int j = 0; j < d; j++) meanF[j] = (float) mean[j];
        INDArray w = componentMatrix(components);
        float[][] out = new float[x.length][k];
        probelab.nn.kernels.Threads.allCores(() -> {
            blocks(x, meanF, (block, from, rows) -> {
                INDArray s = block.mmul(w);
                float[] flat = Nd.floats(s);
                for (int i = 0; i < rows; i++) System.arraycopy(flat, i * k, out[from + i], 0, k);
            });
            return null;
        });
        return out;
    }

    private interface BlockWork {
        void accept(INDArray block, int from, int rows);
    }

    /**
     * Streams the rows, centred, through one reused off-heap block of at most 8192 rows: memory
     * stays bounded and ND4J does not pay for a large allocation (0.6 s for 200 MB here).
     */
    private static void blocks(float[][] x, float[] mean, BlockWork work) {
        int n = x.length, d = mean.length, size = Math.min(n, 8192);
        INDArray buffer = Nd4j.createUninitialized(DataType.FLOAT, size, d);
        float[] row = new float[d];
        for (int from = 0; from < n; from += size) {
            int rows = Math.min(size, n - from);
            INDArray block = rows == size ? buffer : Nd4j.createUninitialized(DataType.FLOAT, rows, d);
            java.nio.FloatBuffer fb = block.data().asNioFloat();
            for (int i = from; i < from + rows; i++) {
                float[] xi = x[i];
                if (xi.length != d) throw new IllegalArgumentException("expected rows of " + d + " columns, row " + i + " has " + xi.length);
                for (int j = 0; j < d; j++) row[j] = xi[j] - mean[j];
                fb.put(row);
            }
            work.accept(block, from, rows);
        }
    }

    /** Σ (x − μ)ᵀ(x − μ) over all rows, accumulated block by block. */
    private static INDArray covariance(float[][] x, float[] mean) {
        int d = mean.length;
        INDArray cov = Nd4j.zeros(DataType.FLOAT, d, d);
        blocks(x, mean, (block, from, rows) -> Nd4j.gemm(block, block, cov, true, false, 1.0, 1.0));
        return cov;
    }

    private static double[] descending(double[] ascending) {
        double[] out = new double[ascending.length];
        for (int i = 0; i < out.length; i++) out[i] = ascending[ascending.length - 1 - i];
        return out;
    }

    private static void fixSign(double[] c) {
        int arg = 0;
        for (int j = 1; j < c.length; j++) if (Math.abs(c[j]) > Math.abs(c[arg])) arg = j;
        if (c[arg] < 0) for (int j = 0; j < c.length; j++) c[j] = -c[j];
    }

    /** The scores: each row's coordinates on the components. */
    @Override
    public float[][] asRows() {
        return scores;
    }

    @Override
    public probelab.plot.LineOptions plotDefaults() {
        return probelab.plot.LineOptions.of("scree plot", "component", "fraction of variance");
    }

    /** The scree plot: each component's share of the variance and the running total (at least 20 components where there are). */
    @Override
    public probelab.plot.Figure figure(probelab.plot.LineOptions o) {
        int k = Math.min(spectrum.length, Math.max(size(), 20));
        double[] x = new double[k], share = new double[k], cum = new double[k];
        double run = 0;
        for (int i = 0; i < k; i++) {
            x[i] = i + 1;
            share[i] = spectrum[i];
            run += share[i];
            cum[i] = run;
        }
        java.util.Map<String, double[]> series = new java.util.LinkedHashMap<>();
        series.put("explained", share);
        series.put("cumulative", cum);
        return probelab.plot.Plots.linesWithErrors(x, series, java.util.Map.of(), o);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "PCA: %d components of %d dims; explained", size(), mean.length));
        double cum = 0;
        for (int i = 0; i < Math.min(5, size()); i++) {
            cum += explainedVarianceRatio[i];
            sb.append(String.format(Locale.ROOT, " %.3f", explainedVarianceRatio[i]));
        }
        if (size() > 5) {
            for (int i = 5; i < size(); i++) cum += explainedVarianceRatio[i];
            sb.append(" …");
        }
        return sb.append(String.format(Locale.ROOT, " (total %.3f)", cum)).toString();
    }
}
