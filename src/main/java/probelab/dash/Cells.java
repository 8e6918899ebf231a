package probelab.dash;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dashboard's cells and what changed since the last flush. Training appends points
 * ({@link #log}) and the HTTP API creates, patches and deletes cells, all checked here against
 * the Agnez fields (name, type, value, pos, description; append for line cells). Line series
 * are capped: every other point is dropped when one reaches {@code maxPoints}.
 */
final class Cells {
    static final Set<String> TYPES = Set.of("line", "img", "html", "text", "table", "histogram");

    private final int maxCells, maxPoints, maxBody;
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final Map<String, String> byName = new LinkedHashMap<>();
    private final Map<String, Object> pendingCells = new LinkedHashMap<>(); // id → cell JSON to send
    private final Map<String, Append> pendingAppends = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    Cells(int maxCells, int maxPoints, int maxBody) {
        if (maxPoints < 4) throw new IllegalArgumentException("maxPoints must be at least 4, got " + maxPoints);
        this.maxCells = maxCells;
        this.maxPoints = maxPoints;
        this.maxBody = maxBody;
    }

    /** One cell of the grid. Line cells keep x and named y series; others one value. */
    static final class Cell {
        final String id;
        String name = "", type = "text", description = "";
        int pos;
        Object value = "";
        final DoubleList x = new DoubleList();
        final Map<String, DoubleList> y = new LinkedHashMap<>();
        /** Counts in-place changes (a training loop's points), so a PATCH prepared outside the lock can tell it is stale. */
        long version;

        Cell(String id) {
            this.id = id;
        }

        /** A deep copy: a PATCH is applied to one and swapped in only if every field checks out. */
        Cell copy() {
            Cell c = new Cell(id);
            c.version = version;
            c.name = name;
            c.type = type;
            c.description = description;
            c.pos = pos;
            c.value = value;
            c.x.a = x.n == 0 ? new double[16] : x.toArray();
            c.x.n = x.n;
            y.forEach((k, v) -> {
                DoubleList d = new DoubleList();
                d.a = v.n == 0 ? new double[16] : v.toArray();
                d.n = v.n;
                c.y.put(k, d);
            });
            return c;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("_id", id);
            m.put("name", name);
            m.put("type", type);
            m.put("pos", pos);
            m.put("description", description);
            if (type.equals("line")) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("x", x.toArray());
                Map<String, Object> ys = new LinkedHashMap<>();
                y.forEach((k, s) -> ys.put(k, s.toArray()));
                v.put("y", ys);
                m.put("value", v);
            } else {
                m.put("value", value);
            }
            return m;
        }
    }

    /** Points gathered for one line cell since the last flush. */
    static final class Append {
        final DoubleList x = new DoubleList();
        final Map<String, DoubleList> y = new LinkedHashMap<>();
    }

    /** A growable double array (no boxing on the training loop's path). */
    static final class DoubleList {
        double[] a = new double[16];
        int n;

        void add(double v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }

        /** Keeps every other point, and always the latest. */
        void thin() {
            int k = 0;
            for (int i = 0; i < n; i += 2) a[k++] = a[i];
            if (n % 2 == 0 && n > 0) a[k++] = a[n - 1];
            n = k;
        }
    }

    /** Appends one point (x = step) to the line cell {@code cell}, creating it on first use. */
    void log(String cell, double step, Map<String, ? extends Number> metrics) {
        synchronized (this) {
            Cell c = startPoint(cell, step);
            Append pending = pendingAppends.get(c.id);
            for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
                if (e.getValue() != null) addPoint(c, pending, e.getKey(), e.getValue().doubleValue(), c.x.n - 1);
            }
            endPoint(c, pending);
        }
    }

    /** Varargs form for Java (and progress bars, without boxing into a map): {@code log("train", step, "loss", 0.3, "acc", 0.9)}. */
    void log(String cell, double step, Object... nameValues) {
        synchronized (this) {
            Cell c = startPoint(cell, step);
            Append pending = pendingAppends.get(c.id);
            for (int i = 0; i + 1 < nameValues.length; i += 2) {
                if (nameValues[i + 1] instanceof Number num) addPoint(c, pending, String.valueOf(nameValues[i]), num.doubleValue(), c.x.n - 1);
            }
            endPoint(c, pending);
        }
    }

    private Cell startPoint(String cell, double step) {
        Cell c = lineCell(cell);
        c.version++;
        c.x.add(step);
        pendingAppends.computeIfAbsent(c.id, k -> new Append()).x.add(step);
        return c;
    }

    private void endPoint(Cell c, Append pending) {
        padSeries(c, pending);
        if (c.x.n >= maxPoints) thin(c);
    }

    private void addPoint(Cell c, Append pending, String name, double v, int index) {
        DoubleList s = c.y.get(name);
        if (s == null) {
            if (c.y.size() >= MAX_SERIES) {
                throw new IllegalArgumentException("dashboard: cell '" + c.name + "' already holds " + MAX_SERIES + " series, the most a line cell "
                        + "shows; log '" + name + "' into another cell");
            }
            s = new DoubleList();
            for (int i = 0; i < index; i++) s.add(Double.NaN); // a series that starts late
            c.y.put(name, s);
        }
        if (s.n > index) return; // the same name twice in one point
        s.add(v);
        DoubleList p = pending.y.computeIfAbsent(name, k -> {
            DoubleList l = new DoubleList();
            for (int i = 0; i < pending.x.n - 1; i++) l.add(Double.NaN);
            return l;
        });
        p.add(v);
    }

    /** Series without a value at this point get NaN, so all stay as long as x. */
    private static void padSeries(Cell c, Append pending) {
        for (Map.Entry<String, DoubleList> e : c.y.entrySet()) {
            if (e.getValue().n < c.x.n) {
                e.getValue().add(Double.NaN);
                DoubleList p = pending.y.computeIfAbsent(e.getKey(), k -> new DoubleList());
                while (p.n < pending.x.n - 1) p.add(Double.NaN);
                p.add(Double.NaN);
            }
        }
    }

    private void thin(Cell c) {
        c.x.thin();
        for (DoubleList s : c.y.values()) s.thin();
        pendingAppends.remove(c.id);
        pendingCells.put(c.id, c.json()); // the page redraws the thinned series whole
    }

    private Cell lineCell(String name) {
        String id = byName.get(name);
        Cell c = id == null ? null : cells.get(id);
        if (c == null) return create(Map.of("name", name, "type", "line"));
        return c.type.equals("line") ? c : patch(c.id, Map.of("type", "line"));
    }

    /** Sets a cell's value by name, creating it: an image (PNG/GIF bytes, a BufferedImage, a file or a URL), html, text or a table. */
    String put(String name, String type, Object value, String description) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("type", type);
        fields.put("value", value);
        if (description != null) fields.put("description", description);
        synchronized (this) {
            String id = byName.get(name);
            if (id != null && cells.containsKey(id)) {
                patch(id, fields);
                return id;
            }
            return create(fields).id;
        }
    }

    /**
     * Makes a cell. Checking the fields and converting the values, the work that grows with a
     * request's size, happens before the lock is taken, so that a training loop's log() never
     * waits for a large request.
     */
    Cell create(Map<String, ?> fields) {
        Cell c = new Cell(Long.toString(nextId.getAndIncrement()));
        apply(c, fields, true);
        synchronized (this) {
            if (cells.size() >= maxCells) throw new BadRequest(409, "the dashboard holds its largest number of cells (" + maxCells + ")");
            if (!fields.containsKey("pos")) c.pos = cells.size();
            checkBudget(null, c);
            cells.put(c.id, c);
            byName.putIfAbsent(c.name, c.id);
            pendingCells.put(c.id, c.json());
            return c;
        }
    }

    /**
     * Changes a cell: the fields are applied to a copy, which replaces the cell only if every
     * field checks out. The copy is made under the lock and changed outside it; if a training
     * loop added points to the cell meanwhile, the change is made again on the current cell.
     */
    Cell patch(String id, Map<String, ?> fields) {
        Cell old, c;
        synchronized (this) {
            old = cells.get(id);
            if (old == null) throw new BadRequest(404, "no cell with id " + id);
            c = old.copy();
        }
        apply(c, fields, false); // a field that fails its check leaves the cell as it was
        synchronized (this) {
            Cell now = cells.get(id);
            if (now == null) throw new BadRequest(404, "no cell with id " + id);
            if (now != old || now.version != c.version) {
                old = now;
                c = now.copy();
                apply(c, fields, false);
            }
            String oldName = old.name;
            checkBudget(old, c);
            c.version++;
            cells.put(id, c);
            if (!oldName.equals(c.name)) {
                byName.remove(oldName, id);
                byName.putIfAbsent(c.name, id);
            }
            pendingAppends.remove(id);
            pendingCells.put(id, c.json());
            return c;
        }
    }

    /** The largest position a cell may ask for (an order among at most thousands of cells). */
    static final int MAX_POS = 1_000_000;
    /** Series a line cell may hold: past this a chart is unreadable, and each point pads every series. */
    static final int MAX_SERIES = 64;
    /** What all cells together may hold, estimated (8 bytes a number, 2 a character). */
    static final long MAX_BYTES = 64L << 20;

    /** Refuses a cell that would take the dashboard past {@link #MAX_BYTES}. */
    private void checkBudget(Cell old, Cell c) {
        long total = 0;
        for (Cell other : cells.values()) if (other != old) total += bytes(other);
        long after = total + bytes(c);
        if (after > MAX_BYTES) {
            throw new BadRequest(413, String.format(java.util.Locale.ROOT, "the dashboard's cells would hold %.1f MB; at most %d MB in all "
                    + "(delete cells, or send fewer values)", after / 1048576.0, MAX_BYTES >> 20));
        }
    }

    static long bytes(Cell c) {
        long b = 256 + 2L * (c.name.length() + c.description.length());
        if (c.type.equals("line")) return b + 8L * c.x.n * (1 + c.y.size());
        return b + valueBytes(c.value);
    }

    private static long valueBytes(Object v) {
        if (v instanceof String s) return 2L * s.length();
        if (v instanceof double[] d) return 8L * d.length;
        if (v instanceof Map<?, ?> m) {
            long b = 0;
            for (Object x : m.values()) b += valueBytes(x);
            return b;
        }
        if (v instanceof List<?> l) {
            long b = 16L * l.size();
            for (Object x : l) b += valueBytes(x);
            return b;
        }
        return 16;
    }

    private static final Set<String> FIELDS = Set.of("name", "type", "value", "pos", "description", "append");

    /** Checks and applies the Agnez fields; {@code append} (line cells) adds {"x": …, "y": {name: …}}. */
    private void apply(Cell c, Map<String, ?> f, boolean fresh) {
        for (String k : f.keySet()) {
            if (!FIELDS.contains(k) && !k.equals("_id")) throw new BadRequest(400, "unknown field '" + k + "'; valid: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        }
        if (f.containsKey("name")) c.name = string(f.get("name"), "name", 200);
        if (f.containsKey("type")) {
            String t = string(f.get("type"), "type", 20);
            if (!TYPES.contains(t)) throw new BadRequest(400, "type must be one of " + new java.util.TreeSet<>(TYPES) + ", got '" + t + "'");
            if (!fresh && !t.equals(c.type)) {
                c.x.n = 0;
                c.y.clear();
                c.value = "";
            }
            c.type = t;
        }
        if (f.containsKey("description")) c.description = string(f.get("description"), "description", 4000);
        if (f.containsKey("pos")) {
            if (!(f.get("pos") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0 || n.doubleValue() > MAX_POS) {
                throw new BadRequest(400, "pos must be a whole number from 0 to " + MAX_POS + ", got " + f.get("pos"));
            }
            c.pos = n.intValue();
        }
        if (f.containsKey("value")) setValue(c, f.get("value"));
        if (f.containsKey("append")) {
            if (!c.type.equals("line")) throw new BadRequest(400, "append works on line cells; this one is " + c.type);
            appendPoints(c, f.get("append"));
        }
    }

    private void setValue(Cell c, Object v) {
        switch (c.type) {
            case "line" -> {
                c.x.n = 0;
                c.y.clear();
                if (v == null || (v instanceof String s && s.isEmpty()) || (v instanceof List<?> l && l.isEmpty())) return;
                appendPoints(c, v);
            }
            case "img" -> {
                String s = string(v, "value", maxBody);
                if (!(s.startsWith("data:image/png;base64,") || s.startsWith("data:image/gif;base64,") || s.startsWith("data:image/jpeg;base64,")
                        || s.startsWith("http://") || s.startsWith("https://") || (s.startsWith("/") && !s.startsWith("//")) || s.isEmpty())
                        || s.indexOf('\\') >= 0) { // browsers read a backslash as a slash: /\evil/x.png is another host
                    throw new BadRequest(400, "an img value is a data:image/png|gif|jpeg;base64 URL or an http(s) address, got '" + abbreviate(s) + "'");
                }
                c.value = s;
            }
            case "html" -> c.value = Html.sanitize(v instanceof List<?> l && l.isEmpty() ? "" : string(v, "value", maxBody));
            case "text" -> c.value = v instanceof List<?> l && l.isEmpty() ? "" : string(v, "value", maxBody);
            case "table" -> {
                if (!(v instanceof List<?> rows)) throw new BadRequest(400, "a table value is a list of rows, got " + kind(v));
                List<List<String>> out = new ArrayList<>();
                for (Object r : rows) {
                    if (!(r instanceof List<?> cellsInRow)) throw new BadRequest(400, "a table row is a list, got " + kind(r));
                    List<String> row = new ArrayList<>();
                    for (Object x : cellsInRow) row.add(String.valueOf(x));
                    out.add(row);
                }
                c.value = out;
            }
            case "histogram" -> {
                if (!(v instanceof Map<?, ?> m) || !(m.get("edges") instanceof List<?> edges) || !(m.get("counts") instanceof List<?> counts)
                        || edges.size() != counts.size() + 1) {
                    throw new BadRequest(400, "a histogram value is {\"edges\": [k+1 numbers], \"counts\": [k numbers]}");
                }
                c.value = Map.of("edges", numbers(edges, "edges"), "counts", numbers(counts, "counts"));
            }
            default -> throw new IllegalStateException(c.type);
        }
    }

    private void appendPoints(Cell c, Object v) {
        if (!(v instanceof Map<?, ?> m) || !m.containsKey("x") || !(m.get("y") instanceof Map<?, ?> ys)) {
            throw new BadRequest(400, "line points are {\"x\": [numbers] or a number, \"y\": {\"name\": [numbers] or a number}}");
        }
        double[] xs = numbers(m.get("x") instanceof List<?> l ? l : List.of(m.get("x")), "x");
        if (xs.length > maxPoints) throw new BadRequest(413, "an append takes at most " + maxPoints + " points (maxPoints); got " + xs.length);
        long fresh = ys.keySet().stream().map(String::valueOf).filter(k -> !c.y.containsKey(k)).count();
        if (c.y.size() + fresh > MAX_SERIES) {
            throw new BadRequest(413, "a line cell holds at most " + MAX_SERIES + " series; this one would have " + (c.y.size() + fresh));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ys.entrySet()) {
            double[] s = numbers(e.getValue() instanceof List<?> l ? l : List.of(e.getValue()), "y." + e.getKey());
            if (s.length != xs.length) throw new BadRequest(400, "y." + e.getKey() + " has " + s.length + " values for " + xs.length + " x values");
            series.put(String.valueOf(e.getKey()), s);
        }
        // the whole cell is sent after a create or patch, so these points need no pending append
        Append pending = new Append();
        for (int i = 0; i < xs.length; i++) {
            c.x.add(xs[i]);
            pending.x.add(xs[i]);
            int index = c.x.n - 1;
            for (Map.Entry<String, double[]> e : series.entrySet()) addPoint(c, pending, e.getKey(), e.getValue()[i], index);
            padSeries(c, pending);
            if (c.x.n >= maxPoints) {
                c.x.thin();
                for (DoubleList s : c.y.values()) s.thin();
                pending = new Append();
            }
        }
    }

    private static double[] numbers(List<?> l, String what) {
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = l.get(i);
            if (v == null) out[i] = Double.NaN;
            else if (v instanceof Number n) out[i] = n.doubleValue();
            else throw new BadRequest(400, what + ": expected numbers, found " + kind(v) + " at " + i);
        }
        return out;
    }

    private static String string(Object v, String what, int max) {
        if (!(v instanceof String s)) throw new BadRequest(400, what + " must be a string, got " + kind(v));
        if (s.length() > max) throw new BadRequest(413, what + " is " + s.length() + " characters; at most " + max);
        return s;
    }

    private static String kind(Object v) {
        return v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "a list" : v instanceof String ? "a string" : v.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** A list of the cells as the API returns them. */
    synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Cell c : cells.values()) out.add(c.json());
        return out;
    }

    /** One cell as the API returns it. */
    synchronized Map<String, Object> get(String id) {
        Cell cell = cells.get(id);
        if (cell == null) throw new BadRequest(404, "no cell with id " + id);
        return cell.json();
    }

    synchronized void delete(String id) {
        Cell c = cells.remove(id);
        if (c == null) throw new BadRequest(404, "no cell with id " + id);
        byName.remove(c.name, id);
        pendingAppends.remove(id);
        pendingCells.put(id, Map.of("_id", id, "deleted", true));
    }

    synchronized int size() {
        return cells.size();
    }

    /** The changes since the last call, as the page's operations: whole cells, then appended points. */
    List<Object> drain() {
        List<Object> ops = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, Object> e : pendingCells.entrySet()) ops.add(Map.of("op", "cell", "cell", e.getValue()));
            for (Map.Entry<String, Append> e : pendingAppends.entrySet()) {
                Append a = e.getValue();
                if (a.x.n == 0) continue;
                Map<String, Object> ys = new LinkedHashMap<>();
                a.y.forEach((k, s) -> ys.put(k, s.toArray()));
                ops.add(Map.of("op", "append", "id", e.getKey(), "x", a.x.toArray(), "y", ys));
            }
            pendingCells.clear();
            pendingAppends.clear();
        }
        return ops;
    }
}
