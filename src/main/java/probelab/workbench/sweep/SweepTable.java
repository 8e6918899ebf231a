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
    static final List<String> TAIL = List.of("seconds", "status", "host", "error");

    private final Path out;
    private final List<Grid.Cell> cells;
    private final Grid grid;
    /** Each cell's row and record, by folder: read from disk once, then again only for a cell that just finished. */
    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>(), records = new LinkedHashMap<>();

    /** The table of what {@code out}'s cell folders hold now (the finished cells of an earlier run, when resuming). */
    SweepTable(Path out, List<Grid.Cell> cells, Grid grid) {
        this.out = out;
        this.cells = cells;
        this.grid = grid;
        for (Grid.Cell c : cells) refresh(c);
    }

    /** Rereads one cell's folder (its attempt was just kept). */
    void refresh(Grid.Cell c) {
        Path dir = out.resolve(Sweep.CELLS).resolve(c.folder());
        Map<String, Object> cell = read(dir.resolve(CellRunner.CELL_JSON));
        Map<String, Object> summary = CellResult.OK.equals(cell.get("status")) ? read(dir.resolve("summary.json")) : Map.of();
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", summary, flat);
        Map<String, Object> row = new LinkedHashMap<>(c.values());
        flat.forEach((k, v) -> row.put(grid.names().contains(k) || TAIL.contains(k) ? "summary." + k : k, v));
        row.put("seconds", cell.get("seconds"));
        row.put("status", cell.getOrDefault("status", "not run"));
        row.put("host", cell.get("host"));
        row.put("error", cell.get("error"));
        rows.put(c.folder(), row);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("cell", c.values());
        rec.put("folder", Sweep.CELLS + "/" + c.folder());
        rec.put("status", row.get("status"));
        rec.put("seconds", cell.get("seconds"));
        rec.put("host", cell.get("host"));
        rec.put("error", cell.get("error"));
        rec.put("summary", summary);
        records.put(c.folder(), rec);
    }

    /** Writes sweep.csv and sweep.json from the rows held. */
    SweepResult write() {
        Set<String> metrics = new LinkedHashSet<>();
        for (Map<String, Object> row : rows.values())
            for (String k : row.keySet()) if (!grid.names().contains(k) && !TAIL.contains(k)) metrics.add(k);
        List<String> columns = new ArrayList<>(grid.names());
        columns.addAll(metrics);
        columns.addAll(TAIL);
        List<Map<String, Object>> ordered = new ArrayList<>();
        List<Map<String, Object>> recs = new ArrayList<>();
        for (Grid.Cell c : cells) {
            ordered.add(rows.get(c.folder()));
            recs.add(records.get(c.folder()));
        }
        writeCsv(out.resolve("sweep.csv"), columns, ordered);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("grid", grid.axes());
        json.put("cells", recs);
        Json.writeFile(out.resolve("sweep.json"), json);
        return new SweepResult(out, grid, columns, ordered, 0, 0, false);
    }

    /** {@code sweep-grouped.csv}: mean, sd and n of every metric for each group of the axes not averaged over, over the finished cells. */
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
        Table ok = t.where("status", CellResult.OK);
        if (ok.size() > 0) {
            Groups g = ok.groupBy(by.toArray(String[]::new));
            for (List<String> key : g.groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < by.size(); i++) row.put(by.get(i), key.get(i));
                row.put("cells", metrics.isEmpty() ? 0 : g.values(metrics.get(0)).get(key).length);
                for (String m : metrics) {
                    double[] v = g.values(m).get(key);
                    row.put(m + ".mean", v.length == 0 ? null : java.util.Arrays.stream(v).average().orElse(Double.NaN));
                    row.put(m + ".sd", v.length < 2 ? null : Groups.sd(v));
                }
                rows.add(row);
            }
        }
        writeCsv(out.resolve("sweep-grouped.csv"), columns, rows);
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
