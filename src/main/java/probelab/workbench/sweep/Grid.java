package probelab.workbench.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings a sweep runs over: named axes, each a list of values, and every combination of
 * them a {@link Cell}. An axis is written {@code seed=1..5} (integers, both ends included),
 * {@code episodes=500,1000} or {@code agent=td3,sac}; from Groovy, a map of lists or ranges.
 * Cells come in row-major order: the last axis varies fastest.
 */
public record Grid(LinkedHashMap<String, List<String>> axes) implements Serializable {

    public Grid {
        if (axes.isEmpty()) throw new IllegalArgumentException("a sweep needs a grid: at least one axis, e.g. --grid seed=1..3");
        axes.forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*"))
                throw new IllegalArgumentException("grid axis '" + k + "' is not a flag name (letters, digits, _)");
            if (v.isEmpty()) throw new IllegalArgumentException("grid axis '" + k + "' has no values");
            if (new HashSet<>(v).size() < v.size()) throw new IllegalArgumentException("grid axis '" + k + "' repeats a value: " + v);
        });
    }

    /** Parses {@code --grid} specifications such as {@code seed=1..5} and {@code episodes=500,1000}. */
    public static Grid parse(List<String> specs) {
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1)
                throw new IllegalArgumentException("grid axis '" + spec + "' should look like name=1..5 or name=a,b,c");
            String name = spec.substring(0, eq);
            if (axes.containsKey(name)) throw new IllegalArgumentException("grid axis '" + name + "' is given twice");
            axes.put(name, values(name, spec.substring(eq + 1)));
        }
        return new Grid(axes);
    }

    /** A grid from Groovy's {@code [seed: 1..3, agent: ['td3', 'sac']]}: each value a list, a range or one value. */
    public static Grid of(Map<String, ?> grid) {
        LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();
        grid.forEach((k, v) -> {
            List<String> values = new ArrayList<>();
            if (v instanceof Iterable<?> it) it.forEach(x -> values.add(text(x)));
            else if (v instanceof Object[] a) for (Object x : a) values.add(text(x));
            else values.add(text(v));
            axes.put(k, values);
        });
        return new Grid(axes);
    }

    private static String text(Object x) {
        if (x instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        return String.valueOf(x);
    }

    private static List<String> values(String name, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?\\d+)\\.\\.(-?\\d+)").matcher(text);
        if (m.matches()) {
            long from = Long.parseLong(m.group(1)), to = Long.parseLong(m.group(2));
            if (to < from) throw new IllegalArgumentException("grid axis '" + name + "=" + text + "' counts down; write the smaller end first");
            if (to - from >= 100_000) throw new IllegalArgumentException("grid axis '" + name + "=" + text + "' has " + (to - from + 1) + " values; at most 100,000");
            List<String> out = new ArrayList<>();
            for (long i = from; i <= to; i++) out.add(Long.toString(i));
            return out;
        }
        List<String> out = new ArrayList<>();
        for (String v : text.split(",", -1)) {
            if (v.isBlank()) throw new IllegalArgumentException("grid axis '" + name + "=" + text + "' has an empty value");
            out.add(v.trim());
        }
        return out;
    }

    public List<String> names() {
        return List.copyOf(axes.keySet());
    }

    public int size() {
        int n = 1;
        for (List<String> v : axes.values()) n = Math.multiplyExact(n, v.size());
        return n;
    }

    /** Every combination, the last axis fastest; each with a folder name unique in the grid. */
    public List<Cell> cells() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos)
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < combos.size(); i++) {
            Map<String, String> values = combos.get(i);
            StringBuilder name = new StringBuilder();
            values.forEach((k, v) -> name.append(name.length() == 0 ? "" : "_").append(k).append('-').append(v.replaceAll("[^A-Za-z0-9.+-]", "~")));
            String folder = name.toString();
            if (folder.length() > 120) folder = folder.substring(0, 110) + "-" + Integer.toHexString(values.hashCode());
            if (!used.add(folder)) {
                folder = folder + "-" + i;
                used.add(folder);
            }
            cells.add(new Cell(i, folder, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        }
        return cells;
    }

    /** One combination of the grid's values: its index, its folder under {@code cells/} and its flags. */
    public record Cell(int index, String folder, Map<String, String> values) implements Serializable {
        /** The flags that set this cell's values: {@code --seed 1 --episodes 500}. */
        public List<String> args() {
            List<String> a = new ArrayList<>();
            values.forEach((k, v) -> {
                a.add("--" + k);
                a.add(v);
            });
            return a;
        }

        /** {@code seed=1, episodes=500}: how the cell is named in progress lines and errors. */
        public String label() {
            StringBuilder b = new StringBuilder();
            values.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            return b.toString();
        }
    }
}
