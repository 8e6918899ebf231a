package probelab.plot;

import java.util.Collection;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns what users hold (Java arrays, Groovy lists, ND4J vectors and matrices) into doubles. */
public final class Data {
    private Data() {}

    public static double[] vector(Object v, String what) {
        if (v instanceof double[] d) return d.clone();
        if (v instanceof Series s) return s.values();
        if (v instanceof probelab.util.Numbers n) return n.doubles();
        if (v instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }
        if (v instanceof int[] a) return java.util.Arrays.stream(a).asDoubleStream().toArray();
        if (v instanceof long[] a) return java.util.Arrays.stream(a).asDoubleStream().toArray();
        if (v instanceof Collection<?> c) {
            double[] d = new double[c.size()];
            int i = 0;
            for (Object o : c) {
                if (!(o instanceof Number n)) {
                    throw new IllegalArgumentException(what + ": expected numbers, found " + (o == null ? "null" : o.getClass().getSimpleName()) + " at index " + i);
                }
                d[i++] = n.doubleValue();
            }
            return d;
        }
        if (v instanceof INDArray a) {
            if (!a.isVector() && !a.isScalar()) {
                throw new IllegalArgumentException(what + ": expected a vector, got an array of shape " + java.util.Arrays.toString(a.shape()));
            }
            return a.toDoubleVector();
        }
        throw new IllegalArgumentException(what + ": expected numbers (double[], a list, an INDArray vector), got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    public static double[][] matrix(Object v, String what) {
        if (v instanceof double[][] d) return d;
        if (v instanceof float[][] f) {
            double[][] d = new double[f.length][];
            for (int i = 0; i < f.length; i++) d[i] = vector(f[i], what);
            return d;
        }
        if (v instanceof INDArray a) {
            if (a.rank() != 2) throw new IllegalArgumentException(what + ": expected a matrix, got shape " + java.util.Arrays.toString(a.shape()));
            return a.toDoubleMatrix();
        }
        if (v instanceof Collection<?> c) {
            double[][] d = new double[c.size()][];
            int i = 0;
            for (Object row : c) d[i++] = vector(row, what + " row " + (i - 1));
            return d;
        }
        throw new IllegalArgumentException(what + ": expected a matrix (double[][], list of lists, 2-D INDArray), got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
