package probelab.dash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import probelab.util.Doc;
import probelab.util.Progress;

/**
 * A live dashboard in the browser (seed 002's Agnez): cells in a grid that update as training
 * pushes to them. The JDK's HTTP server serves one page and the Agnez REST API at
 * {@code /api/v1/values} (POST creates a cell, PATCH {@code /api/v1/values/{id}} updates it, GET
 * lists them; fields name, type, value, pos, description), so any language can push; the page
 * follows by server-sent events.
 *
 * <p>Line cells carry numbers, not pictures: {@link #log} appends points, and only the new
 * points travel. Pushes are coalesced: a training loop only appends to a buffer under a lock;
 * a flusher sends what gathered ten times a second. Series are capped (every other point is
 * dropped when one reaches {@code maxPoints}), so memory stays bounded however long training runs.
 *
 * <p>Safe by default: it binds to 127.0.0.1; any other address requires the token (a
 * {@code token=} query parameter, an {@code X-Probelab-Token} header or {@code Authorization:
 * Bearer}); bodies are bounded; cell HTML is sanitised ({@link Html}) and the page's content
 * security policy allows no inline script.
 */
public final class Dashboard implements Progress.Listener, AutoCloseable {

    public record Options(
            @Doc("address to bind (anything but loopback requires the token)") String host,
            @Doc("port (0: any free one)") int port,
            @Doc("require the token even on loopback") boolean requireToken,
            @Doc("the token (empty: a random one)") String token,
            @Doc("largest request body in bytes") int maxBody,
            @Doc("points kept per series before thinning") int maxPoints,
            @Doc("largest number of cells") int maxCells,
            @Doc("follow every training loop's progress bar (DQN, TD3, relegator, active learning, CNN fits, …)") boolean follow,
            @Doc("print the URLs") boolean verbose) {
        public static final Options DEFAULTS = new Options("127.0.0.1", 0, false, "", 8 << 20, 5000, 256, true, true);

        public Options {
            probelab.util.Check.between("port", port, 0, 65535);
            probelab.util.Check.atLeast("maxBody", maxBody, 1024);
            probelab.util.Check.atLeast("maxPoints", maxPoints, 10);
            probelab.util.Check.atLeast("maxCells", maxCells, 1);
        }
    }

    static final Set<String> TYPES = Set.of("line", "img", "html", "text", "table", "histogram");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CLIENTS = 16;

    private final Options o;
    private final HttpServer server;
    private final ExecutorService pool;
    private final String token;
    private final boolean tokenRequired;
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final Map<String, String> byName = new LinkedHashMap<>();
    private final Map<String, Object> pendingCells = new LinkedHashMap<>(); // id → cell JSON to send
    private final Map<String, Append> pendingAppends = new LinkedHashMap<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Thread flusher;
    private volatile boolean closed;

    /** One cell of the grid. Line cells keep x and named y series; others one value. */
    static final class Cell {
        final String id;
        String name = "", type = "text", description = "";
        int pos;
        Object value = "";
        final DoubleList x = new DoubleList();
        final Map<String, DoubleList> y = new LinkedHashMap<>();

        Cell(String id) {
            this.id = id;
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

    public Dashboard(Options o) {
        this.o = o;
        InetAddress address;
        try {
            address = InetAddress.getByName(o.host());
        } catch (IOException e) {
            throw new IllegalArgumentException("dashboard: cannot resolve host '" + o.host() + "': " + e.getMessage());
        }
        this.tokenRequired = o.requireToken() || !address.isLoopbackAddress();
        this.token = o.token().isEmpty() ? randomToken() : o.token();
        if (o.maxPoints() < 4) throw new IllegalArgumentException("maxPoints must be at least 4, got " + o.maxPoints());
        try {
            server = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("dashboard: cannot listen on " + o.host() + ":" + o.port() + ": " + e.getMessage(), e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        flusher = new Thread(this::flushLoop, "dashboard-flush");
        flusher.setDaemon(true);
        flusher.start();
        if (o.follow()) Progress.addListener(this);
        if (o.verbose()) {
            System.out.println("dashboard at " + url() + (tokenRequired ? "" : "   (with the token: " + url() + "?token=" + token + ")"));
        }
    }

    /** The page's address, with the token when one is required. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : server.getAddress().getHostString();
        return "http://" + host + ":" + server.getAddress().getPort() + "/" + (tokenRequired ? "?token=" + token : "");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String token() {
        return token;
    }

    // ---- what training code calls ---------------------------------------------------------

    /** Appends one point (x = step) to the line cell {@code cell}, creating it on first use. */
    public void log(String cell, double step, Map<String, ? extends Number> metrics) {
        synchronized (this) {
            Cell c = startPoint(cell, step);
            Append pending = pendingAppends.get(c.id);
            for (Map.Entry<String, ? extends Number> e : metrics.entrySet()) {
                if (e.getValue() != null) addPoint(c, pending, e.getKey(), e.getValue().doubleValue(), c.x.n - 1);
            }
            endPoint(c, pending);
        }
    }

    /** Groovy's named-argument form: {@code dash.log('train', step, loss: 0.3, acc: 0.9)}. */
    public void log(Map<String, ? extends Number> metrics, String cell, double step) {
        log(cell, step, metrics);
    }

    /** Varargs form for Java (and progress bars, without boxing into a map): {@code log("train", step, "loss", 0.3, "acc", 0.9)}. */
    public void log(String cell, double step, Object... nameValues) {
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
        c.x.add(step);
        pendingAppends.computeIfAbsent(c.id, k -> new Append()).x.add(step);
        return c;
    }

    private void endPoint(Cell c, Append pending) {
        padSeries(c, pending);
        if (c.x.n >= o.maxPoints()) thin(c);
    }

    private void addPoint(Cell c, Append pending, String name, double v, int index) {
        DoubleList s = c.y.get(name);
        if (s == null) {
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
        if (!c.type.equals("line")) patch(c.id, Map.of("type", "line"));
        return c;
    }

    /** Sets a cell's value by name, creating it: an image (PNG/GIF bytes, a BufferedImage, a file or a URL), html, text or a table. */
    public String put(String name, String type, Object value, String description) {
        Object v = switch (type) {
            case "img" -> Images.dataUrl(value);
            case "line" -> throw new IllegalArgumentException("line cells take points: use log(name, step, metrics)");
            default -> value;
        };
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("type", type);
        fields.put("value", v);
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

    public String image(String name, Object image) {
        return put(name, "img", image, null);
    }

    public String text(String name, String text) {
        return put(name, "text", text, null);
    }

    public String html(String name, String html) {
        return put(name, "html", html, null);
    }

    public String table(String name, List<? extends List<?>> rows) {
        return put(name, "table", rows, null);
    }

    /** A histogram cell: counts of {@code values} in {@code bins} equal bins. */
    public String histogram(String name, double[] values, int bins) {
        return put(name, "histogram", Images.histogram(values, bins), null);
    }

    /** Writes every logged point to TensorBoard event files too (see {@link TensorBoard}). */
    public Dashboard tensorBoard(TensorBoard tb) {
        mirror = tb;
        return this;
    }

    private volatile TensorBoard mirror;

    // ---- progress bars ----------------------------------------------------------------------

    /**
     * A progress bar's numbers become a line cell named after the bar; its text values (the
     * strategy of an active-learning experiment, say) qualify the series: "acc [entropy]".
     */
    @Override
    public void update(String label, long done, long total, Object[] metrics) {
        StringBuilder qualifier = new StringBuilder();
        for (int i = 0; i + 1 < metrics.length; i += 2) {
            if (metrics[i + 1] instanceof CharSequence cs) qualifier.append(qualifier.length() == 0 ? " [" : ", ").append(cs);
        }
        if (qualifier.length() > 0) {
            qualifier.append(']');
            Object[] named = metrics.clone();
            for (int i = 0; i + 1 < named.length; i += 2) if (named[i + 1] instanceof Number) named[i] = named[i] + qualifier.toString();
            metrics = named;
        }
        log(label, done, metrics);
        TensorBoard tb = mirror;
        if (tb != null) {
            for (int i = 0; i + 1 < metrics.length; i += 2) {
                if (metrics[i + 1] instanceof Number num) tb.scalar(label + "/" + metrics[i], done, num.doubleValue());
            }
        }
    }

    @Override
    public void finish(String label, long done, String how) {
        TensorBoard tb = mirror;
        if (tb != null) tb.flush();
    }

    /** Stops following progress bars (the page stays up). */
    public void unfollow() {
        Progress.removeListener(this);
    }

    public void follow() {
        Progress.addListener(this);
    }

    // ---- cells --------------------------------------------------------------------------------

    private Cell create(Map<String, ?> fields) {
        synchronized (this) {
            if (cells.size() >= o.maxCells()) throw new BadRequest(409, "the dashboard holds its largest number of cells (" + o.maxCells() + ")");
            Cell c = new Cell(Long.toString(nextId.getAndIncrement()));
            c.pos = cells.size();
            apply(c, fields, true);
            cells.put(c.id, c);
            byName.putIfAbsent(c.name, c.id);
            pendingCells.put(c.id, c.json());
            return c;
        }
    }

    private Cell patch(String id, Map<String, ?> fields) {
        synchronized (this) {
            Cell c = cells.get(id);
            if (c == null) throw new BadRequest(404, "no cell with id " + id);
            String oldName = c.name;
            apply(c, fields, false);
            if (!oldName.equals(c.name)) {
                byName.remove(oldName, id);
                byName.putIfAbsent(c.name, id);
            }
            pendingAppends.remove(id);
            pendingCells.put(id, c.json());
            return c;
        }
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
            if (!(f.get("pos") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0) {
                throw new BadRequest(400, "pos must be a whole number ≥ 0, got " + f.get("pos"));
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
                String s = string(v, "value", o.maxBody());
                if (!(s.startsWith("data:image/png;base64,") || s.startsWith("data:image/gif;base64,") || s.startsWith("data:image/jpeg;base64,")
                        || s.startsWith("http://") || s.startsWith("https://") || (s.startsWith("/") && !s.startsWith("//")) || s.isEmpty())) {
                    throw new BadRequest(400, "an img value is a data:image/png|gif|jpeg;base64 URL or an http(s) address, got '" + abbreviate(s) + "'");
                }
                c.value = s;
            }
            case "html" -> c.value = Html.sanitize(v instanceof List<?> l && l.isEmpty() ? "" : string(v, "value", o.maxBody()));
            case "text" -> c.value = v instanceof List<?> l && l.isEmpty() ? "" : string(v, "value", o.maxBody());
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
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ys.entrySet()) {
            double[] s = numbers(e.getValue() instanceof List<?> l ? l : List.of(e.getValue()), "y." + e.getKey());
            if (s.length != xs.length) throw new BadRequest(400, "y." + e.getKey() + " has " + s.length + " values for " + xs.length + " x values");
            series.put(String.valueOf(e.getKey()), s);
        }
        Append pending = pendingAppends.computeIfAbsent(c.id, k -> new Append());
        for (int i = 0; i < xs.length; i++) {
            c.x.add(xs[i]);
            pending.x.add(xs[i]);
            int index = c.x.n - 1;
            for (Map.Entry<String, double[]> e : series.entrySet()) addPoint(c, pending, e.getKey(), e.getValue()[i], index);
            padSeries(c, pending);
            if (c.x.n >= o.maxPoints()) {
                thin(c);
                pending = pendingAppends.computeIfAbsent(c.id, k -> new Append());
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
    public synchronized List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Cell c : cells.values()) out.add(c.json());
        return out;
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (!authorised(ex)) throw new BadRequest(401, "this dashboard needs its token (?token=…, or an X-Probelab-Token header)");
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/") || path.equals("/index.html")) {
                requireMethod(method, "GET");
                String page = Resources.text("index.html").replace("{{TOKEN_QUERY}}", tokenRequired ? "?token=" + token : "");
                send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), true);
            } else if (path.equals("/app.js")) {
                requireMethod(method, "GET");
                send(ex, 200, "text/javascript; charset=utf-8", Resources.text("app.js").getBytes(StandardCharsets.UTF_8), false);
            } else if (path.equals("/api/v1/events")) {
                requireMethod(method, "GET");
                events(ex);
                return;
            } else if (path.equals("/api/v1/values") || path.equals("/api/v1/values/")) {
                if (method.equals("GET")) sendJson(ex, 200, list());
                else if (method.equals("POST")) sendJson(ex, 201, create(body(ex)).json());
                else throw new BadRequest(405, "use GET or POST on /api/v1/values, got " + method);
            } else if (path.startsWith("/api/v1/values/")) {
                String id = path.substring("/api/v1/values/".length());
                switch (method) {
                    case "GET" -> {
                        Map<String, Object> c;
                        synchronized (this) {
                            Cell cell = cells.get(id);
                            if (cell == null) throw new BadRequest(404, "no cell with id " + id);
                            c = cell.json();
                        }
                        sendJson(ex, 200, c);
                    }
                    case "PATCH", "PUT" -> sendJson(ex, 200, patch(id, body(ex)).json());
                    case "DELETE" -> {
                        synchronized (this) {
                            Cell c = cells.remove(id);
                            if (c == null) throw new BadRequest(404, "no cell with id " + id);
                            byName.remove(c.name, id);
                            pendingAppends.remove(id);
                            pendingCells.put(id, Map.of("_id", id, "deleted", true));
                        }
                        sendJson(ex, 200, Map.of("_id", id, "deleted", true));
                    }
                    default -> throw new BadRequest(405, "use GET, PATCH or DELETE on a cell, got " + method);
                }
            } else {
                throw new BadRequest(404, "nothing at " + path + "; the API is at /api/v1/values");
            }
        } catch (BadRequest e) {
            sendJson(ex, e.status, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            sendJson(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
        } finally {
            ex.close();
        }
    }

    private static void requireMethod(String method, String wanted) {
        if (!method.equals(wanted)) throw new BadRequest(405, "use " + wanted + " here, got " + method);
    }

    private boolean authorised(HttpExchange ex) {
        if (!tokenRequired) return true;
        String given = ex.getRequestHeaders().getFirst("X-Probelab-Token");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (given == null && auth != null && auth.startsWith("Bearer ")) given = auth.substring(7).trim();
        if (given == null) given = query(ex.getRequestURI().getRawQuery()).get("token");
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new BadRequest(415, "send JSON (Content-Type: application/json), got " + type);
        }
        byte[] bytes = readBounded(ex.getRequestBody(), o.maxBody());
        Object v;
        try {
            v = JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(v instanceof Map)) throw new BadRequest(400, "the body must be a JSON object with name, type, value, pos, description; got " + kind(v));
        return (Map<String, Object>) v;
    }

    private static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int r;
        while ((r = in.read(buf)) > 0) {
            if (out.size() + r > max) throw new BadRequest(413, "the body is larger than " + max + " bytes");
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(value), false);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body, boolean page) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (page) {
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data: http: https:; style-src 'unsafe-inline'");
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    // ---- live updates -------------------------------------------------------------------------

    /** One page following the events; its queue is bounded and a slow page gets a fresh snapshot. */
    private static final class Client {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(256);
        volatile boolean stale;
    }

    private void events(HttpExchange ex) throws IOException {
        if (clients.size() >= MAX_CLIENTS) throw new BadRequest(503, "too many pages are following this dashboard (" + MAX_CLIENTS + ")");
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        Client client = new Client();
        OutputStream out = ex.getResponseBody();
        clients.add(client);
        try {
            write(out, snapshot());
            while (!closed) {
                String msg = client.queue.poll(15, TimeUnit.SECONDS);
                if (client.stale) {
                    client.queue.clear();
                    client.stale = false;
                    msg = snapshot();
                }
                if (msg == null) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    write(out, msg);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the page went away
        } finally {
            clients.remove(client);
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static void write(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String snapshot() throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("op", "snapshot", "cells", list()));
    }

    private void flushLoop() {
        while (!closed) {
            try {
                Thread.sleep(100);
                flushNow();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | JsonProcessingException e) {
                // keep serving; the next flush carries on
            }
        }
    }

    /** Sends what gathered since the last flush to every page, as one message. */
    void flushNow() throws JsonProcessingException {
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
        if (ops.isEmpty() || clients.isEmpty()) return;
        String msg = JSON.writeValueAsString(Map.of("op", "batch", "ops", ops));
        for (Client c : clients) {
            if (!c.queue.offer(msg)) c.stale = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Progress.removeListener(this);
        flusher.interrupt();
        server.stop(0);
        pool.shutdownNow();
        TensorBoard tb = mirror;
        if (tb != null) tb.close();
    }

    @Override
    public String toString() {
        return "dashboard at " + url() + " (" + cells.size() + " cells, " + clients.size() + " pages following)";
    }

    private static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
