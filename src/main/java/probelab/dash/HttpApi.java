package probelab.dash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's HTTP side: the page, its script, the Agnez REST API at
 * {@code /api/v1/values} (POST creates a cell, PATCH {@code /api/v1/values/{id}} updates it, GET
 * lists them, DELETE removes one) and the event stream. Bodies are bounded JSON; answers carry
 * no-store, nosniff and, for the page, a content security policy that allows no inline script.
 *
 * <p>Other web sites are kept out as Jupyter keeps them out. On a loopback bind a request must
 * name a loopback host (or the configured one) in {@code Host}, which defeats DNS rebinding: a
 * page of evil.example resolved to 127.0.0.1 still sends {@code Host: evil.example}. Writes
 * (POST, PATCH, PUT, DELETE) need the token even on loopback, a JSON Content-Type (a browser
 * sends a cross-site POST without a preflight only with a form or text type), and an
 * {@code Origin} or {@code Referer}, if sent, of the dashboard itself. Reads need the token
 * only where it is required (a non-loopback bind, or when asked for). The page itself only reads;
 * the DSL writes to the cells directly, not over HTTP.
 */
final class HttpApi {
    private final Cells cells;
    private final EventStream events;
    private final String token;
    private final boolean tokenRequired;
    private final int maxBody;
    /** Whether the server listens on a loopback address only: then only loopback Host names are answered. */
    private final boolean loopbackBind;
    /** The host the user configured, also accepted as a Host name. */
    private final String configuredHost;

    HttpApi(Cells cells, EventStream events, String token, boolean tokenRequired, int maxBody, boolean loopbackBind, String configuredHost) {
        this.cells = cells;
        this.events = events;
        this.token = token;
        this.tokenRequired = tokenRequired;
        this.maxBody = maxBody;
        this.loopbackBind = loopbackBind;
        this.configuredHost = configuredHost.toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes refused by the checks against other sites (tests use it to see that an attack arrived). */
    final java.util.concurrent.atomic.AtomicInteger refusedWrites = new java.util.concurrent.atomic.AtomicInteger();

    private static final java.util.Set<String> WRITES = java.util.Set.of("POST", "PATCH", "PUT", "DELETE");

    void handle(HttpExchange ex) throws IOException {
        try {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            String host = ex.getRequestHeaders().getFirst("Host");
            if (loopbackBind && !loopbackHost(host)) {
                throw new BadRequest(403, "refused a request for host '" + host + "': this dashboard answers to localhost, 127.0.0.1, [::1]"
                        + (configuredHost.isEmpty() ? "" : " and " + configuredHost) + " only");
            }
            String method = ex.getRequestMethod();
            if (WRITES.contains(method)) {
                try {
                    checkWrite(ex, method, host);
                } catch (BadRequest refused) {
                    refusedWrites.incrementAndGet();
                    throw refused;
                }
            } else if (tokenRequired && !hasToken(ex)) {
                throw new BadRequest(401, "this dashboard needs its token (?token=…, or an X-Probelab-Token header)");
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                requireMethod(method, "GET");
                String page = Resources.text("index.html").replace("{{TOKEN_QUERY}}", tokenRequired ? "?token=" + token : "");
                send(ex, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), true);
            } else if (path.equals("/app.js")) {
                requireMethod(method, "GET");
                send(ex, 200, "text/javascript; charset=utf-8", Resources.text("app.js").getBytes(StandardCharsets.UTF_8), false);
            } else if (path.equals("/api/v1/events")) {
                requireMethod(method, "GET");
                events.follow(ex);
                return;
            } else if (path.equals("/api/v1/values") || path.equals("/api/v1/values/")) {
                if (method.equals("GET")) sendJson(ex, 200, cells.list());
                else if (method.equals("POST")) sendJson(ex, 201, cells.create(body(ex)).json());
                else throw new BadRequest(405, "use GET or POST on /api/v1/values, got " + method);
            } else if (path.startsWith("/api/v1/values/")) {
                String id = path.substring("/api/v1/values/".length());
                switch (method) {
                    case "GET" -> sendJson(ex, 200, cells.get(id));
                    case "PATCH", "PUT" -> sendJson(ex, 200, cells.patch(id, body(ex)).json());
                    case "DELETE" -> {
                        cells.delete(id);
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

    /** What a write must bring: the dashboard's own origin (if it names one), the token, and JSON (bodies go through {@link #body}). */
    private void checkWrite(HttpExchange ex, String method, String host) {
        String from = sameOrigin(ex, host);
        if (from != null) throw new BadRequest(403, "refused a write from " + from + ": only the dashboard's own origin may write");
        if (!hasToken(ex)) {
            throw new BadRequest(401, "writes need the dashboard's token, even on loopback (an X-Probelab-Token header, "
                    + "Authorization: Bearer, or ?token=); it is printed with the dashboard's address");
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (!method.equals("DELETE") && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))) {
            throw new BadRequest(415, "send JSON (Content-Type: application/json), got " + (type == null ? "no Content-Type" : type));
        }
    }

    private static void requireMethod(String method, String wanted) {
        if (!method.equals(wanted)) throw new BadRequest(405, "use " + wanted + " here, got " + method);
    }

    /** Whether the Host header names a loopback host (or the configured one), with any port. */
    boolean loopbackHost(String host) {
        if (host == null) return false;
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) return false;
            h = h.substring(1, end);
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') == colon) h = h.substring(0, colon);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || (!configuredHost.isEmpty() && h.equals(configuredHost))) return true;
        return h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Null when the request's Origin (or, without one, its Referer) is the dashboard itself or absent; else that origin. */
    static String sameOrigin(HttpExchange ex, String host) {
        String own = "http://" + (host == null ? "" : host.trim().toLowerCase(java.util.Locale.ROOT));
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null) return origin.trim().toLowerCase(java.util.Locale.ROOT).equals(own) ? null : origin;
        String referer = ex.getRequestHeaders().getFirst("Referer");
        if (referer == null) return null;
        String r = referer.trim().toLowerCase(java.util.Locale.ROOT);
        return r.equals(own) || r.startsWith(own + "/") ? null : referer;
    }

    private boolean hasToken(HttpExchange ex) {
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
    private Map<String, Object> body(HttpExchange ex) throws IOException { // only writes have bodies: checkWrite saw their type
        byte[] bytes = readBounded(ex.getRequestBody(), maxBody);
        Object v;
        try {
            v = Dashboard.JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(v instanceof Map)) throw new BadRequest(400, "the body must be a JSON object with name, type, value, pos, description; got " + (v == null ? "null" : v instanceof java.util.List ? "a list" : v.getClass().getSimpleName()));
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
        send(ex, status, "application/json", Dashboard.JSON.writeValueAsBytes(value), false);
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

}
