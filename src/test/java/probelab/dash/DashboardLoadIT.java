package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Load on loopback, bounded in time: while clients send the largest requests the dashboard
 * allows (8 MB text values, appends of 64 series × 5,000 points), a training loop logs every
 * 50 ms. Its log() calls must wait ≤ 100 ms at the 99th percentile and ≤ 500 ms at worst, every
 * answer must be 2xx or 4xx, and the heap kept after each collection must stay under 1 GB.
 */
class DashboardLoadIT {
    static final long HEAP_BOUND = 1L << 30;
    static final double SECONDS = 20;

    @Test
    void trainingLogsOnTimeWhileTheLargestRequestsArrive() throws Exception {
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 8 << 20, 5000, 256, false, false))) {
            String text = "x".repeat((8 << 20) - 200);
            String[] blobs = new String[2];
            for (int k = 0; k < 2; k++) {
                var made = DashboardTest.call(d, "POST", "/api/v1/values", "{\"name\": \"blob" + k + "\", \"type\": \"text\", \"value\": \"" + text + "\"}");
                assertEquals(201, made.statusCode());
                blobs[k] = (String) DashboardTest.map(made.body()).get("_id");
            }
            String textBody = "{\"value\": \"" + text.replace('x', 'y') + "\"}";
            StringBuilder append = new StringBuilder("{\"append\": {\"x\": [");
            for (int i = 0; i < 5000; i++) append.append(i == 0 ? "" : ",").append(i);
            append.append("], \"y\": {");
            for (int s = 0; s < 64; s++) {
                append.append(s == 0 ? "" : ", ").append("\"s").append(s).append("\": [");
                for (int i = 0; i < 5000; i++) append.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", Math.sin(i * 0.01 + s)));
                append.append(']');
            }
            append.append("}}}");
            String appendBody = append.toString();
            var line = DashboardTest.call(d, "POST", "/api/v1/values", "{\"name\": \"curves\", \"type\": \"line\", \"value\": {\"x\": [], \"y\": {}}}");
            assertEquals(201, line.statusCode(), line.body());
            String curves = (String) DashboardTest.map(line.body()).get("_id");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger requests = new AtomicInteger();
            ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            List<Thread> clients = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                int who = k;
                Thread c = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        try {
                            int code = who < 2
                                    ? DashboardTest.call(d, "PATCH", "/api/v1/values/" + blobs[who], textBody).statusCode()
                                    : DashboardTest.call(d, "PATCH", "/api/v1/values/" + curves, appendBody).statusCode();
                            statuses.computeIfAbsent(code, x -> new AtomicInteger()).incrementAndGet();
                            requests.incrementAndGet();
                        } catch (Exception e) {
                            statuses.computeIfAbsent(-1, x -> new AtomicInteger()).incrementAndGet();
                        }
                        i++;
                    }
                }, "load-" + k);
                c.start();
                clients.add(c);
            }
            long maxHeap = 0;
            long gc0 = gcMillis();
            List<Double> waits = new ArrayList<>();
            double step = 0;
            while ((System.nanoTime() - t0) / 1e9 < SECONDS) {
                long a = System.nanoTime();
                d.log("loss", step, "loss", Math.exp(-step / 100), "accuracy", 1 - Math.exp(-step / 50));
                waits.add((System.nanoTime() - a) / 1e6);
                step++;
                maxHeap = Math.max(maxHeap, liveHeap());
                Thread.sleep(50);
            }
            stop.set(true);
            for (Thread c : clients) c.join(30_000);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long gcMs = gcMillis() - gc0;
            List<Double> order = new ArrayList<>(waits);
            Collections.sort(waits);
            double p99 = waits.get((int) Math.ceil(0.99 * waits.size()) - 1), worst = waits.get(waits.size() - 1);
            System.out.printf(Locale.ROOT, "dashboard load: %d requests in %.1f s (%.1f/s, %s), %d log calls: p99 wait %.1f ms, worst %.1f ms, live heap after GCs at most %.0f MB, GC %d ms%n",
                    requests.get(), elapsed, requests.get() / elapsed, statuses, waits.size(), p99, worst, maxHeap / 1048576.0, gcMs);
            for (int i = 0; i < order.size(); i++) if (order.get(i) > 100) System.out.printf(Locale.ROOT, "  slow log() #%d: %.0f ms%n", i, order.get(i));
            assertEquals(java.util.Set.of(200), statuses.keySet(), "every request within the limits is taken: " + statuses);
            assertTrue(requests.get() >= 20, "the clients got through: " + requests.get());
            assertTrue(p99 <= 100, "p99 log() wait " + p99 + " ms");
            assertTrue(worst <= 500, "worst log() wait " + worst + " ms");
            assertTrue(maxHeap <= HEAP_BOUND, "heap peak " + maxHeap / 1048576 + " MB");
            assertTrue(DashboardTest.call(d, "GET", "/api/v1/values", null).body().contains("\"loss\""), "the logged cell is there");
        }
    }

    static long gcMillis() {
        long t = 0;
        for (var g : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, g.getCollectionTime());
        return t;
    }

    /** The heap in use after the latest collection of each pool: what is kept, not garbage awaiting a GC. */
    static long liveHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) sum += p.getCollectionUsage().getUsed();
        }
        return sum;
    }
}
