package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page in a real headless browser (Debian's chromium and chromium-driver, which
 * .ci/run installs), driven through the W3C WebDriver protocol by hand: cells render, a pushed
 * metric appears without a reload, a cell's script never runs, and a page of another origin
 * cannot write.
 */
class BrowserIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    String base;

    Object webdriver(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<?, ?> m = JSON.readValue(r.body(), Map.class);
        if (r.statusCode() != 200) throw new AssertionError("webdriver " + method + " " + path + ": " + r.body());
        return m.get("value");
    }

    Object js(String session, String script) throws Exception {
        return webdriver("POST", "/session/" + session + "/execute/sync", Map.of("script", script, "args", List.of()));
    }

    Object waitFor(String session, String script, Predicate<Object> ok) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        Object v = null;
        while (System.currentTimeMillis() < deadline) {
            v = js(session, script);
            if (ok.test(v)) return v;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + script + "; last value " + v);
    }

    Process driver;

    /** Starts chromedriver and a headless Chromium session; returns the session id. */
    String startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        for (int i = 0; i < 100; i++) {
            try {
                webdriver("GET", "/status", null);
                break;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(),
                        "args", List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900")))));
        return (String) ((Map<?, ?>) webdriver("POST", "/session", caps)).get("sessionId");
    }

    void stopBrowser(String session) throws Exception {
        if (session != null) {
            try {
                webdriver("DELETE", "/session/" + session, null);
            } catch (Exception ignored) {
                // the driver goes anyway
            }
        }
        if (driver != null) {
            driver.destroy();
            driver.waitFor();
        }
    }

    /**
     * A page on another origin (another loopback port) tries what a malicious site can send
     * without a CORS preflight: fetch in no-cors mode with a JSON blob and with text, a beacon,
     * and a form posted as text/plain that spells JSON. Every one must reach the dashboard and be
     * refused; no cell may appear.
     */
    @Test
    void aPageOnAnotherOriginCannotWriteToTheDashboard() throws Exception {
        String session = null;
        com.sun.net.httpserver.HttpServer evil = null;
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 1 << 20, 5000, 256, false, false))) {
            session = startBrowser();
            String target = "http://127.0.0.1:" + d.port() + "/api/v1/values";
            String page = "<!doctype html><html><body>"
                    + "<form id=f method=POST enctype=text/plain target=sink action='" + target + "'>"
                    + "<input name='{\"name\": \"form\", \"type\": \"text\", \"value\": \"x\", \"pad\": \"' value='\"}'></form>"
                    + "<iframe name=sink></iframe><script>"
                    + "const cell = (n) => JSON.stringify({name: n, type: 'text', value: 'planted'});"
                    + "Promise.allSettled(["
                    + " fetch('" + target + "', {method: 'POST', mode: 'no-cors', body: new Blob([cell('blob')])}),"
                    + " fetch('" + target + "', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: cell('text')})"
                    + "]).then(() => { navigator.sendBeacon('" + target + "', cell('beacon')); document.getElementById('f').submit();"
                    + " setTimeout(() => document.title = 'sent', 500); });"
                    + "</script></body></html>";
            evil = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 8);
            evil.createContext("/", ex -> {
                byte[] b = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            evil.start();
            webdriver("POST", "/session/" + session + "/url", Map.of("url", "http://127.0.0.1:" + evil.getAddress().getPort() + "/"));
            waitFor(session, "return document.title", "sent"::equals);
            long deadline = System.currentTimeMillis() + 10_000;
            while (d.refusedWrites() < 4 && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertEquals(4, d.refusedWrites(), "all four attempts arrived and were refused");
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("[]", list.body(), "nothing landed");
        } finally {
            if (evil != null) evil.stop(0);
            stopBrowser(session);
        }
    }

    @Test
    void thePageRendersCellsAndFollowsPushedMetrics() throws Exception {
        String session = null;
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, true, "", 1 << 20, 5000, 256, false, false))) {
            session = startBrowser();

            d.text("notes", "hello from the test");
            d.html("unsafe", "<b>kept</b><script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">");
            d.log("train", 1, "loss", 0.5);
            webdriver("POST", "/session/" + session + "/url", Map.of("url", d.url()));

            waitFor(session, "return document.querySelectorAll('.cell').length", v -> ((Number) v).intValue() == 3);
            assertEquals("hello from the test", js(session, "return document.querySelector('.cell[data-name=notes] pre').textContent"));
            assertEquals("kept", js(session, "return document.querySelector('.cell[data-name=unsafe] b').textContent"));
            waitFor(session, "return document.querySelector('.cell[data-name=train] .legend span[data-series=loss]')?.dataset.last", "0.5"::equals);

            Object before = js(session, "return document.body.dataset.updates");
            js(session, "window.marker = 'same page'");
            for (int step = 2; step <= 200; step++) d.log("train", step, "loss", 1.0 / step);
            waitFor(session, "return document.querySelector('.cell[data-name=train] .legend span[data-series=loss]')?.dataset.last", "0.005"::equals);
            assertEquals("same page", js(session, "return window.marker"), "no reload happened");
            assertTrue(Integer.parseInt((String) js(session, "return document.body.dataset.updates")) > Integer.parseInt((String) before));
            assertEquals(null, js(session, "return window.pwned === undefined ? null : window.pwned"), "a cell's script must not run");

            // scalars of different scales get a panel each, with tick values a person would choose
            for (int step = 1; step <= 50; step++) {
                d.log("scales", step, "win rate", 0.25 + step / 100.0, "loss", 1e-3 + step * 1e-5, "epsilon", 0.1);
            }
            waitFor(session, "return document.querySelector('.cell[data-name=scales] canvas')?.dataset.panels", "3"::equals);
            String ticks = (String) js(session, "return document.querySelector('.cell[data-name=scales] canvas').dataset.ticks");
            assertTrue(ticks.startsWith("0.2 0.4 0.6 0.8"), ticks);
            for (String panel : ticks.split("\\|")) {
                String[] t = panel.trim().split("\\s+");
                assertTrue(t.length >= 3, "each panel has ticks: " + ticks);
                double step = Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
                double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
                assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6,
                        "steps of 1, 2 or 5 × 10^k: " + panel);
                for (int i = 1; i < t.length; i++) {
                    assertEquals(step, Double.parseDouble(t[i]) - Double.parseDouble(t[i - 1]), step * 1e-6, "even steps: " + panel);
                    assertTrue(t[i].length() <= 7, "short labels: " + panel);
                }
            }
        } finally {
            stopBrowser(session);
        }
    }
}
