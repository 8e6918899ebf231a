package probelab.data;

import java.util.Collection;
import org.nd4j.linalg.api.ndarray.INDArray;
import probelab.data.ImageDataset;
import probelab.util.Nd;

/** Turns what users hold (arrays, ND4J arrays, datasets, PCA results) into feature rows. */
public final class Features {
    private Features() {}

    /**
     * Rows for an analysis, checked: a NaN, an infinity, or a double beyond a float's range is an
     * error naming its row and column. An embedding or a probe fed one NaN returns numbers that
     * look fine and mean nothing.
     */
    public static float[][] rows(Object v, String what) {
        float[][] rows = rowsAsGiven(v, what);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                if (Float.isFinite(rows[i][j])) continue;
                if (v instanceof double[][] d && Double.isFinite(d[i][j])) { // finite, but not as a float
                    throw new IllegalArgumentException(what + ": row " + i + ", column " + j + " holds " + d[i][j]
                            + ", beyond a float's range (±3.4e38); rescale the features");
                }
                throw new IllegalArgumentException(what + ": row " + i + ", column " + j + " holds " + rows[i][j]
                        + "; the analyses need finite numbers (drop or fill such rows first)");
            }
        }
        return rows;
    }

    /**
     * The rows whose every value is finite (as a float), and which of the given rows they are:
     * {@code kept()} indexes the given rows, so labels follow with {@link FiniteRows#select}.
     */
    public static FiniteRows finiteRows(Object v, String what) {
        float[][] rows = rowsAsGiven(v, what);
        int[] kept = java.util.stream.IntStream.range(0, rows.length).filter(i -> {
            for (float x : rows[i]) if (!Float.isFinite(x)) return false;
            return true;
        }).toArray();
        float[][] out = new float[kept.length][];
        for (int k = 0; k < kept.length; k++) out[k] = rows[kept[k]];
        return new FiniteRows(out, kept, rows.length);
    }

    /** Rows left after dropping those with NaN or Infinity; {@code kept} are their places among the {@code given} rows. */
    public record FiniteRows(float[][] rows, int[] kept, int given) implements Rows {
        public int dropped() {
            return given - kept.length;
        }

        @Override
        public float[][] asRows() {
            return rows;
        }

        /** The entries of labels (or colours) that belong to the kept rows. */
        public Object select(Object labels) {
            if (labels instanceof int[] a) return java.util.Arrays.stream(kept).map(i -> a[check(a.length, i)]).toArray();
            if (labels instanceof double[] a) return java.util.Arrays.stream(kept).mapToDouble(i -> a[check(a.length, i)]).toArray();
            if (labels instanceof Object[] a) return java.util.Arrays.stream(kept).mapToObj(i -> a[check(a.length, i)]).toList();
            if (labels instanceof java.util.List<?> l) return java.util.Arrays.stream(kept).mapToObj(i -> l.get(check(l.size(), i))).toList();
            if (labels instanceof INDArray a) return select(a.toIntVector());
            throw new IllegalArgumentException("select: expected labels (int[], double[], a list or an array), got "
                    + (labels == null ? "null" : labels.getClass().getSimpleName()));
        }

        private int check(int length, int i) {
            if (length != given) throw new IllegalArgumentException("select: expected " + given + " labels, one per given row, got " + length);
            return i;
        }

        @Override
        public String toString() {
            return kept.length + " rows (dropped " + dropped() + " of " + given + " holding NaN or Infinity)";
        }
    }

    /** Rows as given, NaN and all (for writing files). */
    public static float[][] rowsAsGiven(Object v, String what) {
        if (v instanceof float[][] f) return f;
        if (v instanceof double[][] d) {
            float[][] out = new float[d.length][];
            for (int i = 0; i < d.length; i++) {
                out[i] = new float[d[i].length];
                for (int j = 0; j < d[i].length; j++) out[i][j] = (float) d[i][j];
            }
            return out;
        }
        if (v instanceof INDArray a) {
            if (a.rank() < 2) throw new IllegalArgumentException(what + ": expected rows (an array [n, ...]), got shape " + java.util.Arrays.toString(a.shape()));
            return Nd.rows(a.rank() == 2 ? a : a.reshape(a.size(0), a.length() / a.size(0)));
        }
        if (v instanceof ImageDataset ds) return ds.rows();
        if (v instanceof Rows r) return r.asRows();
        if (v instanceof Collection<?> c) {
            float[][] out = new float[c.size()][];
            int i = 0;
            for (Object row : c) {
                double[] r = probelab.plot.Data.vector(row, what + " row " + i);
                out[i] = new float[r.length];
                for (int j = 0; j < r.length; j++) out[i][j] = (float) r[j];
                i++;
            }
            return out;
        }
        throw new IllegalArgumentException(what + ": expected rows of features (float[][], double[][], an INDArray [n, ...], a dataset, a PCA, an array read from .npy), got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    public static int[] labels(Object v, String what) {
        if (v instanceof int[] a) return a;
        if (v instanceof ImageDataset ds) return ds.getLabels();
        if (v instanceof long[] a) return java.util.Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
        if (v instanceof INDArray a) return a.toIntVector();
        if (v instanceof Npy.Array a) return a.ints();
        if (v instanceof Table.Column c) return c.codes();
        if (v instanceof Collection<?> c) {
            int[] out = new int[c.size()];
            int i = 0;
            for (Object o : c) {
                if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new IllegalArgumentException(what + ": expected integer labels, found " + o + " at index " + i);
                }
                out[i++] = n.intValue();
            }
            return out;
        }
        throw new IllegalArgumentException(what + ": expected integer labels (int[], a list, a dataset, an array read from .npy), got " + (v == null ? "null" : v.getClass().getSimpleName()));
    }
}
