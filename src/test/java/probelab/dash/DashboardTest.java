package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import probelab.env.CatchEnv;
import probelab.rl.Dqn;

/** The Agnez REST API, the token, live events, bounded memory, and training unchanged by watching. */
class DashboardTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static Dashboard local() {
        return new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 4096, 5000, 256, false, false));
    }

    /** A request as a well-behaved client sends it: JSON bodies, and the token on writes. */
    static HttpResponse<String> call(Dashboard d, String method, String path, String body) throws Exception {
        return call(d, method, path, body, method.equals("GET") ? Map.of() : Map.of("X-Probelab-Token", d.token()));
    }

    static HttpResponse<String> call(Dashboard d, String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + path)).timeout(Duration.ofSeconds(10));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) b.header("Content-Type", "application/json");
        headers.forEach((k, v) -> {
            if (!v.isEmpty()) b.header(k, v);
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line's code for a raw HTTP/1.1 request (the JDK's client will not send a foreign Host). */
    static int raw(Dashboard d, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", d.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void eachRequestsWorkIsBounded() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 8 << 20, 5000, 256, false, false))) {
            // 200,000 series in one line cell used to cost seconds per append and gigabytes of heap
            StringBuilder ys = new StringBuilder();
            for (int k = 0; k < 200_000; k++) ys.append(k == 0 ? "" : ", ").append("\"s").append(k).append("\": [1]");
            HttpResponse<String> wide = call(d, "POST", "/api/v1/values", "{\"name\": \"w\", \"type\": \"line\", \"value\": {\"x\": [0], \"y\": {" + ys + "}}}");
            assertEquals(413, wide.statusCode(), wide.body());
            assertTrue(wide.body().contains("at most " + Cells.MAX_SERIES + " series"), wide.body());
            HttpResponse<String> line = call(d, "POST", "/api/v1/values", "{\"name\": \"l\", \"type\": \"line\", \"value\": {\"x\": [0], \"y\": {\"a\": [1]}}}");
            String id = (String) map(line.body()).get("_id");
            StringBuilder xs = new StringBuilder();
            for (int k = 0; k < 5001; k++) xs.append(k == 0 ? "" : ",").append(k);
            HttpResponse<String> many = call(d, "PATCH", "/api/v1/values/" + id, "{\"append\": {\"x\": [" + xs + "], \"y\": {\"a\": [" + xs + "]}}}");
            assertEquals(413, many.statusCode(), many.body());
            assertTrue(many.body().contains("at most 5000 points"), many.body());
            // text cells of 7 MB each: the tenth would pass 64 MB in all
            String big = "x".repeat(3_600_000);
            int status = 0, made = 0;
            for (int k = 0; k < 12 && status != 413; k++) {
                status = call(d, "POST", "/api/v1/values", "{\"name\": \"t" + k + "\", \"type\": \"text\", \"value\": \"" + big + "\"}").statusCode();
                if (status == 201) made++;
            }
            assertEquals(413, status);
            assertEquals(9, made, "64 MB hold nine cells of 7.2 MB");
            // training's own log() is held to the same series cap, with a message naming the cell
            for (int k = 0; k < Cells.MAX_SERIES; k++) d.log("many", 1, "m" + k, 1.0);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.log("many", 1, "one more", 1.0));
            assertTrue(e.getMessage().contains("cell 'many' already holds 64 series"), e.getMessage());
        }
    }

    @Test
    void aPatchThatFailsItsChecksChangesNothing() throws Exception {
        try (Dashboard d = local()) {
            HttpResponse<String> created = call(d, "POST", "/api/v1/values", "{\"name\": \"notes\", \"type\": \"text\", \"value\": \"kept\", \"description\": \"first\"}");
            String id = (String) map(created.body()).get("_id");
            String before = call(d, "GET", "/api/v1/values/" + id, null).body();
            HttpResponse<String> bad = call(d, "PATCH", "/api/v1/values/" + id,
                    "{\"name\": \"renamed\", \"description\": \"changed\", \"type\": \"img\", \"value\": 42}");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals(before, call(d, "GET", "/api/v1/values/" + id, null).body(), "name, description, type and value as they were");
            // a line cell keeps its points through a refused append, and takes a good one
            d.log("curve", 1, "loss", 0.5);
            String line = (String) ((Map<?, ?>) JSON.readValue(call(d, "GET", "/api/v1/values", null).body(), List.class).get(1)).get("_id");
            assertEquals(400, call(d, "PATCH", "/api/v1/values/" + line, "{\"description\": \"x\", \"append\": {\"x\": \"not numbers\"}}").statusCode());
            assertEquals(200, call(d, "PATCH", "/api/v1/values/" + line, "{\"append\": {\"x\": [2], \"y\": {\"loss\": [0.25]}}}").statusCode());
            Map<String, Object> cell = map(call(d, "GET", "/api/v1/values/" + line, null).body());
            assertEquals("", cell.get("description"));
            assertEquals(List.of(0.5, 0.25), ((Map<?, ?>) ((Map<?, ?>) cell.get("value")).get("y")).get("loss"));
            // out-of-range positions and image addresses that browsers read as another host are refused, not clamped
            assertEquals(400, call(d, "PATCH", "/api/v1/values/" + id, "{\"pos\": 1e300}").statusCode());
            assertEquals(400, call(d, "POST", "/api/v1/values", "{\"name\": \"p\", \"type\": \"img\", \"value\": \"/\\\\evil.example/x.png\"}").statusCode());
            assertEquals(before, call(d, "GET", "/api/v1/values/" + id, null).body());
            // logging onto a text cell turns it into a line cell (a patch, so a new copy) and the point lands in that copy
            d.text("mixed", "words");
            d.log("mixed", 1, "a", 2.0);
            List<?> all = JSON.readValue(call(d, "GET", "/api/v1/values", null).body(), List.class);
            Map<?, ?> mixed = (Map<?, ?>) all.get(2);
            assertEquals("line", mixed.get("type"));
            assertEquals(List.of(2.0), ((Map<?, ?>) ((Map<?, ?>) mixed.get("value")).get("y")).get("a"));
        }
    }

    @Test
    void otherSitesCanNeitherWriteNorReadThroughRebinding() throws Exception {
        try (Dashboard d = local()) {
            String cell = "{\"name\": \"x\", \"type\": \"text\", \"value\": \"y\"}";
            // what a page on another origin can send without a preflight: no token, a text or no Content-Type
            assertEquals(401, call(d, "POST", "/api/v1/values", cell, Map.of()).statusCode(), "no token, even on loopback");
            assertEquals(415, call(d, "POST", "/api/v1/values", cell, Map.of("X-Probelab-Token", d.token(), "Content-Type", "text/plain")).statusCode());
            assertEquals(403, call(d, "POST", "/api/v1/values", cell,
                    Map.of("X-Probelab-Token", d.token(), "Origin", "http://127.0.0.1:1")).statusCode(), "another loopback port is another origin");
            assertEquals(403, call(d, "POST", "/api/v1/values", cell,
                    Map.of("X-Probelab-Token", d.token(), "Referer", "http://evil.example/page")).statusCode());
            assertEquals(401, call(d, "DELETE", "/api/v1/values/anything", null, Map.of()).statusCode());
            assertEquals("[]", call(d, "GET", "/api/v1/values", null).body(), "nothing landed");
            // DNS rebinding: the browser sends the attacker's name as Host
            assertEquals(403, raw(d, "GET /api/v1/values HTTP/1.1\r\nHost: evil.example:" + d.port() + "\r\nConnection: close\r\n\r\n"));
            assertEquals(403, raw(d, "GET / HTTP/1.1\r\nHost: 127.0.0.1.evil.example\r\nConnection: close\r\n\r\n"));
            for (String host : List.of("127.0.0.1:" + d.port(), "localhost:" + d.port(), "[::1]:" + d.port(), "localhost")) {
                assertEquals(200, raw(d, "GET /api/v1/values HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), host);
            }
            // the dashboard's own origin with the token writes
            assertEquals(201, call(d, "POST", "/api/v1/values", cell,
                    Map.of("X-Probelab-Token", d.token(), "Origin", "http://127.0.0.1:" + d.port())).statusCode());
            assertEquals(201, call(d, "POST", "/api/v1/values?token=" + d.token(), cell, Map.of()).statusCode());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String json) throws Exception {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void restApiCreatesPatchesListsAndRefusesBadInput() throws Exception {
        try (Dashboard d = local()) {
            HttpResponse<String> created = call(d, "POST", "/api/v1/values", "{\"name\": \"loss\", \"type\": \"html\", \"value\": \"<b>hi</b>\", \"pos\": 0, \"description\": \"first\"}");
            assertEquals(201, created.statusCode(), created.body());
            String id = (String) map(created.body()).get("_id");

            HttpResponse<String> patched = call(d, "PATCH", "/api/v1/values/" + id,
                    "{\"value\": \"<script>alert(1)</script><b onclick=\\\"x()\\\">bold</b><img src=x onerror=alert(2)>\", \"description\": \"second\"}");
            assertEquals(200, patched.statusCode(), patched.body());
            Map<String, Object> cell = map(patched.body());
            String html = (String) cell.get("value");
            assertFalse(html.contains("<script") || html.contains("onclick") || html.contains("<img"), html);
            assertTrue(html.contains("<b>bold</b>") && html.contains("&lt;script&gt;"), html);
            assertEquals("second", cell.get("description"));

            HttpResponse<String> line = call(d, "POST", "/api/v1/values", "{\"name\": \"curve\", \"type\": \"line\", \"value\": {\"x\": [1, 2], \"y\": {\"loss\": [0.5, 0.4]}}}");
            String lineId = (String) map(line.body()).get("_id");
            call(d, "PATCH", "/api/v1/values/" + lineId, "{\"append\": {\"x\": 3, \"y\": {\"loss\": 0.3}}}");

            HttpResponse<String> list = call(d, "GET", "/api/v1/values", null);
            assertEquals(200, list.statusCode());
            List<?> cells = JSON.readValue(list.body(), List.class);
            assertEquals(2, cells.size());
            Map<?, ?> curve = (Map<?, ?>) ((Map<?, ?>) cells.get(1)).get("value");
            assertEquals(List.of(1.0, 2.0, 3.0), curve.get("x"));
            assertEquals(List.of(0.5, 0.4, 0.3), ((Map<?, ?>) curve.get("y")).get("loss"));

            HttpResponse<String> bad = call(d, "POST", "/api/v1/values", "{\"name\": \"x\", ");
            assertEquals(400, bad.statusCode());
            assertTrue(map(bad.body()).get("error").toString().contains("not valid JSON"), bad.body());
            HttpResponse<String> big = call(d, "POST", "/api/v1/values", "{\"name\": \"" + "a".repeat(5000) + "\"}");
            assertEquals(413, big.statusCode(), big.body());
            assertEquals(404, call(d, "PATCH", "/api/v1/values/999", "{\"value\": \"x\"}").statusCode());
            HttpResponse<String> unknownField = call(d, "POST", "/api/v1/values", "{\"nmae\": \"x\"}");
            assertEquals(400, unknownField.statusCode());
            assertTrue(unknownField.body().contains("valid: append, description, name, pos, type, value"), unknownField.body());
            HttpResponse<String> badType = call(d, "POST", "/api/v1/values", "{\"type\": \"video\"}");
            assertEquals(400, badType.statusCode());
            HttpResponse<String> script = call(d, "POST", "/api/v1/values", "{\"type\": \"img\", \"value\": \"javascript:alert(1)\"}");
            assertEquals(400, script.statusCode(), script.body());
            assertEquals(404, call(d, "GET", "/nowhere", null).statusCode());
            assertEquals(2, JSON.readValue(call(d, "GET", "/api/v1/values", null).body(), List.class).size(), "refused requests change nothing");
        }
    }

    @Test
    void aNonLocalBindRefusesRequestsWithoutTheToken() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("0.0.0.0", 0, false, "", 4096, 5000, 256, false, false))) {
            assertEquals(401, call(d, "GET", "/api/v1/values", null).statusCode());
            assertEquals(401, call(d, "GET", "/", null).statusCode());
            assertEquals(401, call(d, "GET", "/api/v1/values?token=wrong", null).statusCode());
            assertEquals(401, call(d, "POST", "/api/v1/values", "{\"name\": \"x\"}", Map.of()).statusCode());
            assertEquals(200, call(d, "GET", "/api/v1/values?token=" + d.token(), null).statusCode());
            HttpRequest withHeader = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/api/v1/values"))
                    .header("X-Probelab-Token", d.token()).GET().build();
            assertEquals(200, HTTP.send(withHeader, HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> page = call(d, "GET", "/?token=" + d.token(), null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/app.js?token=" + d.token()), "the page loads its script with the token");
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(d.url().contains("token="), d.url());
        }
    }

    @Test
    void eventsCarryCoalescedAppendsAndSeriesStayBounded() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 4096, 1000, 256, false, false))) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.port() + "/api/v1/events")).GET().build();
            HttpResponse<InputStream> stream = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            assertTrue(in.readLine().contains("\"snapshot\""));
            for (int i = 0; i < 10_000; i++) d.log("train", i, "loss", 1.0 / (i + 1));
            int messages = 0;
            double lastX = -1;
            long deadline = System.currentTimeMillis() + 10_000;
            while (lastX < 9_999 && System.currentTimeMillis() < deadline) {
                String lineText = in.readLine();
                if (lineText == null) break;
                if (!lineText.startsWith("data: ")) continue;
                messages++;
                Map<String, Object> msg = map(lineText.substring(6));
                for (Object op : (List<?>) msg.get("ops")) {
                    Map<?, ?> m = (Map<?, ?>) op;
                    List<?> xs = m.get("op").equals("append") ? (List<?>) m.get("x") : (List<?>) ((Map<?, ?>) ((Map<?, ?>) m.get("cell")).get("value")).get("x");
                    if (!xs.isEmpty()) lastX = ((Number) xs.get(xs.size() - 1)).doubleValue();
                }
            }
            assertEquals(9_999, lastX, "the last point arrived");
            assertTrue(messages < 50, "10,000 points in " + messages + " messages");
            Map<?, ?> value = (Map<?, ?>) d.list().get(0).get("value");
            int kept = ((double[]) value.get("x")).length;
            assertTrue(kept < 1000 && kept >= 500, "series thinned to " + kept + " points");
            stream.body().close();
        }
    }

    @Test
    void trainingWithTheDashboardFollowingGivesTheSameNumbers() {
        double[] without = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC).train(new Dqn.TrainOptions(60, null, 0, false)).getLoss().values();
        double[] with;
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 4096, 5000, 256, true, false))) {
            with = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC).train(new Dqn.TrainOptions(60, null, 0, false)).getLoss().values();
            Map<?, ?> value = (Map<?, ?>) d.list().get(0).get("value");
            assertEquals(60, ((double[]) value.get("x")).length, "the dashboard followed every episode");
            assertTrue(((Map<?, ?>) value.get("y")).containsKey("loss"));
        }
        assertArrayEquals(without, with);
    }
}
