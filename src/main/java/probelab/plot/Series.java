package probelab.plot;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A named sequence of numbers with the name of its index, such as a training run's win rate
 * per episode. It is a list of doubles, so Groovy indexes, sums and converts it as any list
 * ({@code run.winRate[-1]}, {@code run.winRate as double[]}); {@code plot} takes its name as
 * the title and y label, and its index name as the x label.
 */
public final class Series extends AbstractList<Double> implements RandomAccess {
    private final String name;
    private final String index;
    private final double[] values;

    public Series(String name, String index, double[] values) {
        this.name = name;
        this.index = index;
        this.values = values.clone();
    }

    public String getName() {
        return name;
    }

    /** What the position counts: "episode", "epoch", "step". */
    public String getIndex() {
        return index;
    }

    /** A copy of the numbers. */
    public double[] values() {
        return values.clone();
    }

    double[] raw() {
        return values;
    }

    @Override
    public Double get(int i) {
        return values[i];
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The last value, or NaN when empty. */
    public double last() {
        return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s ? Arrays.equals(values, s.values) && name.equals(s.name) : super.equals(o);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" per ").append(index).append(" [").append(values.length).append("]");
        if (values.length > 0) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : values) { min = Math.min(min, v); max = Math.max(max, v); sum += v; }
            sb.append(" (first ").append(probelab.util.Num.format(values[0])).append(", last ").append(probelab.util.Num.format(last()))
                    .append("; min ").append(probelab.util.Num.format(min)).append(", mean ").append(probelab.util.Num.format(sum / values.length))
                    .append(", max ").append(probelab.util.Num.format(max)).append(')');
        }
        return sb.toString();
    }
}
