package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A request that never finishes is dropped (the integration tier: it waits out the server's 20 s). */
class DashboardLimitsIT {
    @Test
    void aHalfSentRequestIsDroppedAndTheServerStillAnswers() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 4096, 5000, 256, false, false));
             Socket s = new Socket("127.0.0.1", d.port())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("GET /api/v1/values HTTP/1.1\r\nHost: 127.0.0.1:" + d.port() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            int r = in.read();
            double waited = (System.nanoTime() - t0) / 1e9;
            assertEquals(-1, r, "the server closed the stalled connection");
            assertTrue(waited < 45, "within the request time limit, waited " + waited + " s");
            assertEquals(200, DashboardTest.call(d, "GET", "/api/v1/values", null).statusCode());
        }
    }
}
