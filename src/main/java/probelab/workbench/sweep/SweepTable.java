package probelab.workbench.sweep;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import probelab.data.Groups;
import probelab.data.Table;
import probelab.util.AtomicFiles;
import probelab.util.Json;

/**
 * The sweep's tables, made from what its cell folders hold, so that a resumed or stopped sweep
 * writes the same table as one that ran straight through. {@code sweep.csv}: a row per cell
 * with the grid's values, every numeric field of the cell's {@code summary.json} (nested keys
 * joined with dots, list items by index), then {@code seconds}, {@code status}, {@code host},
 * {@code error}. {@code sweep.json}: the same with the summaries whole.
 */
final class SweepTable {
    private SweepTable() {}

    static final List<String> TAIL = List.of("seconds", "status", "host", "error");

    static SweepResult write(Path out, List<Grid.Cell> cells, Grid grid) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (Grid.Cell c : cells) {
            Path dir = out.resolve(Sweep.CELLS).resolve(c.folder());
            Map<String, Object> cell = read(dir.resolve(CellRunner.CELL_JSON));
            Map<String, Object> summary = CellResult.OK.equals(cell.get("status")) ? read(dir.resolve("summary.json")) : Map.of();
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", summary, flat);
            Map<String, Object> row = new LinkedHashMap<>(c.values());
            flat.forEach((k, v) -> {
                String key = grid.names().contains(k) || TAIL.contains(k) ? "summary." + k : k;
                metrics.add(key);
                row.put(key, v);
            });
            row.put("seconds", cell.get("seconds"));
            row.put("status", cell.getOrDefault("status", "not run"));
            row.put("host", cell.get("host"));
            row.put("error", cell.get("error"));
            rows.add(row);
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("cell", c.values());
            rec.put("folder", Sweep.CELLS + "/" + c.folder());
            rec.put("status", row.get("status"));
            rec.put("seconds", cell.get("seconds"));
            rec.put("host", cell.get("host"));
            rec.put("error", cell.get("error"));
            rec.put("summary", summary);
            records.add(rec);
        }
        List<String> columns = new ArrayList<>(grid.names());
        columns.addAll(metrics);
        columns.addAll(TAIL);
        writeCsv(out.resolve("sweep.csv"), columns, rows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("grid", grid.axes());
        json.put("cells", records);
        Json.writeFile(out.resolve("sweep.json"), json);
        return new SweepResult(out, grid, columns, rows, 0, 0, false);
    }

    /** {@code sweep-grouped.csv}: mean, sd and n of every metric for each group of the axes not averaged over. */
    static void writeGrouped(Path out, SweepResult r, Grid grid, List<String> over) {
        List<String> by = new ArrayList<>(grid.names());
        by.removeAll(over);
        Table t = r.table();
        List<String> metrics = r.metrics().stream().filter(m -> t.columns().contains(m) && t.get(m).isNumeric()).toList();
        List<String> columns = new ArrayList<>(by);
        columns.add("cells");
        for (String m : metrics) {
            columns.add(m + ".mean");
            columns.add(m + ".sd");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (r.count(CellResult.OK) > 0) {
            Table ok = okRows(t);
            Groups g = by.isEmpty() ? null : ok.groupBy(by.toArray(String[]::new));
            List<List<String>> keys = g == null ? List.of(List.of()) : g.groups();
            for (List<String> key : keys) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < by.size(); i++) row.put(by.get(i), key.get(i));
                boolean counted = false;
                for (String m : metrics) {
                    double[] v = g == null ? finite(ok.get(m).doubles(true)) : g.values(m).get(key);
                    if (!counted) {
                        row.put("cells", g == null ? ok.size() : g.count(m).get(String.join(", ", key)));
                        counted = true;
                    }
                    row.put(m + ".mean", v.length == 0 ? null : java.util.Arrays.stream(v).average().orElse(Double.NaN));
                    row.put(m + ".sd", v.length < 2 ? null : sd(v));
                }
                if (!counted) row.put("cells", g == null ? ok.size() : 0);
                rows.add(row);
            }
        }
        writeCsv(out.resolve("sweep-grouped.csv"), columns, rows);
    }

    private static Table okRows(Table t) {
        // the failed and unfinished cells carry no metrics: keep the rows whose status is ok
        String[] status = t.get("status").strings();
        StringBuilder csv = new StringBuilder();
        List<String> cols = t.columns();
        try (CSVPrinter p = new CSVPrinter(csv, CSVFormat.DEFAULT)) {
            p.printRecord(cols);
            for (int i = 0; i < t.size(); i++) {
                if (!CellResult.OK.equals(status[i])) continue;
                List<String> rec = new ArrayList<>();
                for (String c : cols) rec.add(t.get(c).string(i));
                p.printRecord(rec);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Table.parse(csv.toString(), ',', t.name());
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    }

    private static double sd(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElse(0), ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return Math.sqrt(ss / (v.length - 1));
    }

    static void writeCsv(Path file, List<String> columns, List<Map<String, Object>> rows) {
        AtomicFiles.write(file, os -> {
            try (CSVPrinter p = new CSVPrinter(new OutputStreamWriter(os, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
                p.printRecord(columns);
                for (Map<String, Object> row : rows) {
                    List<Object> rec = new ArrayList<>();
                    for (String c : columns) {
                        Object v = row.get(c);
                        rec.add(v == null ? "" : v instanceof Double d && (d.isNaN() || d.isInfinite()) ? "" : v);
                    }
                    p.printRecord(rec);
                }
            }
        });
    }

    /** Nested maps by dotted keys, lists by index; numbers and booleans (as 1/0) only. */
    static void flatten(String prefix, Object value, Map<String, Object> out) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) flatten(prefix + "." + i, l.get(i), out);
        } else if (value instanceof Number n && !prefix.isEmpty()) {
            out.put(prefix, n);
        } else if (value instanceof Boolean b && !prefix.isEmpty()) {
            out.put(prefix, b ? 1 : 0);
        }
    }

    private static Map<String, Object> read(Path f) {
        if (!Files.isRegularFile(f)) return Map.of();
        try {
            return Json.readFile(f);
        } catch (RuntimeException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", CellResult.FAILED);
            m.put("error", "unreadable " + f.getFileName() + ": " + e.getMessage());
            return m;
        }
    }
}
