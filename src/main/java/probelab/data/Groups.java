package probelab.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table's rows grouped by the values of some columns ({@link Table#groupBy}). Each statistic
 * is a map from the group (its key values joined by {@code ", "}) to the statistic of a
 * numeric column over the group's rows, missing cells left out.
 */
public final class Groups {
    private final Table table;
    private final List<String> keys;
    private final Map<List<String>, List<Integer>> rows;

    Groups(Table table, List<String> keys, Map<List<String>, List<Integer>> rows) {
        this.table = table;
        this.keys = keys;
        this.rows = rows;
    }

    public List<String> keys() {
        return keys;
    }

    /** The groups' key values, in the order they first appear. */
    public List<List<String>> groups() {
        return List.copyOf(rows.keySet());
    }

    public Map<String, Double> mean(String column) {
        return each(column, v -> v.length == 0 ? Double.NaN : java.util.Arrays.stream(v).average().orElse(Double.NaN));
    }

    /** The sample standard deviation (n − 1); NaN for a group of one. */
    public Map<String, Double> sd(String column) {
        return each(column, Groups::sd);
    }

    /** How many rows of each group have a value in {@code column}. */
    public Map<String, Integer> count(String column) {
        Map<String, Integer> out = new LinkedHashMap<>();
        each(column, v -> (double) v.length).forEach((k, v) -> out.put(k, v.intValue()));
        return out;
    }

    /** {@code mean ± sd (n)} of {@code column} for each group, as text. */
    public Map<String, String> summary(String column) {
        Map<String, Double> m = mean(column), s = sd(column);
        Map<String, Integer> n = count(column);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : m.keySet())
            out.put(k, String.format(Locale.ROOT, "%s ± %s (%d)", probelab.util.Num.format(m.get(k)),
                    Double.isNaN(s.get(k)) ? "–" : probelab.util.Num.format(s.get(k)), n.get(k)));
        return out;
    }

    /** The sample standard deviation (n − 1) of {@code v}; NaN for fewer than two values. */
    public static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (v.length - 1));
    }

    /** The values of {@code column} in each group, missing ones left out. */
    public Map<List<String>, double[]> values(String column) {
        double[] all = table.get(column).doubles(true);
        Map<List<String>, double[]> out = new LinkedHashMap<>();
        rows.forEach((k, idx) -> {
            List<Double> v = new ArrayList<>();
            for (int i : idx) if (!Double.isNaN(all[i])) v.add(all[i]);
            out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray());
        });
        return out;
    }

    private Map<String, Double> each(String column, java.util.function.ToDoubleFunction<double[]> f) {
        Map<String, Double> out = new LinkedHashMap<>();
        values(column).forEach((k, v) -> out.put(String.join(", ", k), f.applyAsDouble(v)));
        return out;
    }

    @Override
    public String toString() {
        return "Groups of " + table.name() + " by " + String.join(", ", keys) + ": " + rows.size() + " groups";
    }
}
