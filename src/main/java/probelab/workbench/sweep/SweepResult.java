package probelab.workbench.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.data.Table;

/**
 * A sweep's outcome: its folder, a row per cell (as in {@code sweep.csv}) and how long it took.
 * {@link #table()} is the CSV as a {@link Table}, for {@code groupBy(…).mean(…)} and plots.
 */
public record SweepResult(Path out, Grid grid, List<String> columns, List<Map<String, Object>> rows, double seconds,
                          double engineStartSeconds, boolean interrupted) {

    public Table table() {
        return Table.read(out.resolve("sweep.csv"));
    }

    /** The summary fields the cells reported, in the table's order. */
    public List<String> metrics() {
        return columns.subList(grid.names().size(), columns.size() - SweepTable.TAIL.size());
    }

    public int count(String status) {
        return (int) rows.stream().filter(r -> status.equals(r.get("status"))).count();
    }

    /** The rows of cells that failed. */
    public List<Map<String, Object>> failures() {
        return rows.stream().filter(r -> CellResult.FAILED.equals(r.get("status"))).toList();
    }

    SweepResult withRun(double seconds, double engineStartSeconds, boolean interrupted) {
        return new SweepResult(out, grid, columns, rows, seconds, engineStartSeconds, interrupted);
    }

    /** A few lines: counts, failures with their reasons, the tables' files. */
    String report(List<String> over) {
        StringBuilder b = new StringBuilder();
        int ok = count(CellResult.OK), failed = count(CellResult.FAILED), notRun = rows.size() - ok - failed;
        b.append(String.format(Locale.ROOT, "sweep: %d cell%s: %d ok, %d failed%s, in %.1f s%s%n", rows.size(), rows.size() == 1 ? "" : "s",
                ok, failed, notRun > 0 ? ", " + notRun + " not run" : "", seconds,
                engineStartSeconds > 0 ? String.format(Locale.ROOT, " (Spark's start %.1f s)", engineStartSeconds) : ""));
        for (Map<String, Object> r : failures()) {
            StringBuilder cell = new StringBuilder();
            for (String k : grid.names()) cell.append(cell.length() == 0 ? "" : ", ").append(k).append('=').append(r.get(k));
            b.append("  failed ").append(cell).append(": ").append(r.get("error")).append('\n');
        }
        b.append("  table: ").append(out.resolve("sweep.csv"));
        if (!over.isEmpty()) b.append(", averaged over ").append(String.join(", ", over)).append(": ").append(out.resolve("sweep-grouped.csv"));
        return b.append('\n').toString();
    }

    /**
     * {@code y} (a metric) against {@code x} (a numeric grid axis): one line for each combination
     * of the other axes, the mean where several cells share a point, with their sd as error bars.
     * The other named arguments are a line plot's ({@code title}, {@code ylabel}, …).
     */
    public probelab.plot.Figure figure(Map<String, ?> opts) {
        Map<String, Object> rest = new java.util.LinkedHashMap<>(opts);
        Object xo = rest.remove("x"), yo = rest.remove("y");
        if (xo == null || yo == null) throw new IllegalArgumentException("plot a sweep with x: (a grid axis) and y: (a metric), "
                + "e.g. plot(s, x: '" + grid.names().get(0) + "', y: '" + (metrics().isEmpty() ? "score" : metrics().get(0)) + "')");
        String x = String.valueOf(xo), y = String.valueOf(yo);
        if (!grid.names().contains(x)) throw new IllegalArgumentException("x: '" + x + "' is not a grid axis; the axes: " + grid.names());
        if (!metrics().contains(y)) throw new IllegalArgumentException("y: '" + y + "' is not a metric of this sweep; its metrics: " + metrics());
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        Map<String, Map<Double, List<Double>>> series = new java.util.LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            if (!CellResult.OK.equals(r.get("status")) || !(r.get(y) instanceof Number v)) continue;
            double xv;
            try {
                xv = Double.parseDouble(String.valueOf(r.get(x)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("x: '" + x + "' has a value that is not a number ('" + r.get(x) + "'); plot against a numeric axis");
            }
            StringBuilder key = new StringBuilder();
            for (String a : grid.names()) if (!a.equals(x)) key.append(key.length() == 0 ? "" : ", ").append(a).append('=').append(r.get(a));
            xs.add(xv);
            series.computeIfAbsent(key.length() == 0 ? y : key.toString(), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(xv, k -> new java.util.ArrayList<>()).add(v.doubleValue());
        }
        if (series.isEmpty()) throw new IllegalArgumentException("no finished cell has a value for " + y);
        double[] xa = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, double[]> means = new java.util.LinkedHashMap<>(), errors = new java.util.LinkedHashMap<>();
        boolean anyError = false;
        for (var e : series.entrySet()) {
            double[] m = new double[xa.length], sd = new double[xa.length];
            for (int i = 0; i < xa.length; i++) {
                List<Double> v = e.getValue().get(xa[i]);
                m[i] = v == null ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                if (v != null && v.size() > 1) {
                    sd[i] = probelab.data.Groups.sd(v.stream().mapToDouble(Double::doubleValue).toArray());
                    anyError = true;
                }
            }
            means.put(e.getKey(), m);
            errors.put(e.getKey(), sd);
        }
        probelab.plot.LineOptions o = probelab.util.Options.apply(probelab.plot.LineOptions.class,
                () -> probelab.plot.LineOptions.of(y + " by " + x + " (" + out.getFileName() + ")", x, y), rest, "plot");
        return probelab.plot.Plots.linesWithErrors(xa, means, anyError ? errors : Map.of(), o);
    }

    @Override
    public String toString() {
        int ok = count(CellResult.OK);
        return String.format(Locale.ROOT, "Sweep %s: %d cells (%d ok, %d failed), %d metrics%s", out, rows.size(), ok,
                count(CellResult.FAILED), metrics().size(), interrupted ? ", interrupted" : "");
    }
}
