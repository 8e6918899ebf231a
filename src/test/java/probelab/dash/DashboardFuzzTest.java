package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random requests against the REST API: every answer is 2xx or 4xx (never 5xx, never a
 * hang), and the cells stay consistent — every listed cell reads back the same by id, and a
 * refused request changes nothing.
 */
class DashboardFuzzTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] FIELDS = {"name", "type", "value", "pos", "description", "append", "_id", "bogus"};
    static final String[] TYPES = {"line", "img", "html", "text", "table", "histogram", "video", ""};

    final SplittableRandom r = new SplittableRandom(20261207);

    Object anyValue(int depth) {
        return switch (r.nextInt(depth > 2 ? 6 : 9)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextInt(-5, 10);
            case 3 -> r.nextBoolean() ? r.nextDouble() * 1e6 : (r.nextBoolean() ? 1e300 : -0.5);
            case 4 -> List.of("", "x", "<b>b</b><script>x()</script>", "data:image/png;base64,AAAA", "/\\\\evil/x.png", "http://h/x.png").get(r.nextInt(6));
            case 5 -> "é\u0000\uFFFF".repeat(r.nextInt(3));
            case 6 -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) l.add(anyValue(depth + 1));
                yield l;
            }
            case 7 -> map("x", anyValue(depth + 1), "y", r.nextBoolean() ? map("a", anyValue(depth + 1)) : anyValue(depth + 1));
            default -> map("edges", anyValue(depth + 1), "counts", anyValue(depth + 1));
        };
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    String body() throws Exception {
        if (r.nextInt(10) == 0) return List.of("", "{", "[]", "null", "42", "\"s\"", "{\"name\": }").get(r.nextInt(7));
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            String f = FIELDS[r.nextInt(FIELDS.length)];
            m.put(f, f.equals("type") && r.nextInt(3) > 0 ? TYPES[r.nextInt(TYPES.length)] : anyValue(0));
        }
        return JSON.writeValueAsString(m);
    }

    @Test
    void thousandsOfRandomRequestsGetOnly2xxOr4xxAndLeaveConsistentCells() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 1 << 16, 50, 64, false, false))) {
            List<String> ids = new ArrayList<>();
            int ok = 0, refused = 0;
            for (int i = 0; i < 3000; i++) {
                String before = DashboardTest.call(d, "GET", "/api/v1/values", null).body();
                HttpResponse<String> resp;
                int pick = r.nextInt(10);
                if (pick < 5 || ids.isEmpty()) {
                    resp = DashboardTest.call(d, "POST", "/api/v1/values", body());
                    if (resp.statusCode() == 201) ids.add((String) DashboardTest.map(resp.body()).get("_id"));
                } else if (pick < 9) {
                    String id = r.nextInt(10) == 0 ? "999999" : ids.get(r.nextInt(ids.size()));
                    resp = DashboardTest.call(d, r.nextBoolean() ? "PATCH" : "PUT", "/api/v1/values/" + id, body());
                } else {
                    String id = ids.remove(r.nextInt(ids.size()));
                    resp = DashboardTest.call(d, "DELETE", "/api/v1/values/" + id, null);
                }
                int s = resp.statusCode();
                assertTrue(s >= 200 && s < 500, "request " + i + " answered " + s + ": " + resp.body());
                if (s >= 400) {
                    refused++;
                    assertEquals(before, DashboardTest.call(d, "GET", "/api/v1/values", null).body(), "request " + i + " was refused yet changed the cells");
                } else {
                    ok++;
                }
            }
            List<?> cells = JSON.readValue(DashboardTest.call(d, "GET", "/api/v1/values", null).body(), List.class);
            for (Object c : cells) {
                String id = (String) ((Map<?, ?>) c).get("_id");
                assertEquals(JSON.writeValueAsString(c), DashboardTest.call(d, "GET", "/api/v1/values/" + id, null).body());
            }
            System.out.printf("fuzz: %d accepted, %d refused, %d cells at the end%n", ok, refused, cells.size());
            assertTrue(ok > 100 && refused > 100, ok + " accepted, " + refused + " refused: the generator must reach both");
        }
    }
}
