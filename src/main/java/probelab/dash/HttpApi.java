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
 * lists them, DELETE removes one) and the event stream. Bodies are bounded JSON; a token is
 * checked where one is required; answers carry no-store, nosniff and, for the page, a content
 * security policy that allows no inline script.
 */
final class HttpApi {
    private final Cells cells;
    private final EventStream events;
    private final String token;
    private final boolean tokenRequired;
    private final int maxBody;

    HttpApi(Cells cells, EventStream events, String token, boolean tokenRequired, int maxBody) {
        this.cells = cells;
        this.events = events;
        this.token = token;
        this.tokenRequired = tokenRequired;
        this.maxBody = maxBody;
    }

    void handle(HttpExchange ex) throws IOException {
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
