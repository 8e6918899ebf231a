package probelab.dash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    static {
        // The JDK server waits forever for a request that never finishes (200 half-sent requests held 200
        // threads): give a request 20 s to arrive, unless the user set it. Not the response time: the event
        // stream is one long response. Read once per JVM, when the first server starts.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) System.setProperty("sun.net.httpserver.maxReqTime", "20");
        // Without TCP_NODELAY a reply's headers and body meet Nagle's algorithm and the client's delayed ACK:
        // every request took ~40 ms on loopback.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }


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

    static final ObjectMapper JSON = new ObjectMapper();

    private final Options o;
    private final HttpServer server;
    private final ExecutorService pool;
    private final String token;
    private final boolean tokenRequired;
    private final Cells cells;
    private final EventStream events;
    private final Thread flusher;
    private final HttpApi api;

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
        this.cells = new Cells(o.maxCells(), o.maxPoints(), o.maxBody());
        this.events = new EventStream(cells);
        this.api = new HttpApi(cells, events, token, tokenRequired, o.maxBody(), address.isLoopbackAddress(), o.host());
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
        server.createContext("/", api::handle);
        server.start();
        flusher = new Thread(events::flushLoop, "dashboard-flush");
        flusher.setDaemon(true);
        flusher.start();
        if (o.follow()) Progress.addListener(this);
        if (o.verbose()) {
            System.out.println("dashboard at " + url() + (tokenRequired ? "" : "   (writes over HTTP need its token: X-Probelab-Token: " + token + ")"));
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

    /** Writes over HTTP refused as coming from elsewhere (no token, a foreign origin, not JSON). */
    int refusedWrites() {
        return api.refusedWrites.get();
    }

    public String token() {
        return token;
    }

    // ---- what training code calls ---------------------------------------------------------

    /** Appends one point (x = step) to the line cell {@code cell}, creating it on first use. */
    public void log(String cell, double step, Map<String, ? extends Number> metrics) {
        cells.log(cell, step, metrics);
    }

    /** Groovy's named-argument form: {@code dash.log('train', step, loss: 0.3, acc: 0.9)}. */
    public void log(Map<String, ? extends Number> metrics, String cell, double step) {
        cells.log(cell, step, metrics);
    }

    /** Varargs form for Java (and progress bars, without boxing into a map): {@code log("train", step, "loss", 0.3, "acc", 0.9)}. */
    public void log(String cell, double step, Object... nameValues) {
        cells.log(cell, step, nameValues);
    }

    /** Sets a cell's value by name, creating it: an image (PNG/GIF bytes, a BufferedImage, a file or a URL), html, text or a table. */
    public String put(String name, String type, Object value, String description) {
        Object v = switch (type) {
            case "img" -> Images.dataUrl(value);
            case "line" -> throw new IllegalArgumentException("line cells take points: use log(name, step, metrics)");
            default -> value;
        };
        return cells.put(name, type, v, description);
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

    /** A list of the cells as the API returns them. */
    public List<Map<String, Object>> list() {
        return cells.list();
    }

    /** Sends what gathered since the last flush to the pages now (tests; the flusher does it ten times a second). */
    void flushNow() throws com.fasterxml.jackson.core.JsonProcessingException {
        events.flushNow();
    }

    @Override
    public void close() {
        events.close();
        Progress.removeListener(this);
        flusher.interrupt();
        server.stop(0);
        pool.shutdownNow();
        TensorBoard tb = mirror;
        if (tb != null) tb.close();
    }

    @Override
    public String toString() {
        return "dashboard at " + url() + " (" + cells.size() + " cells, " + events.following() + " pages following)";
    }

    private static String randomToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
