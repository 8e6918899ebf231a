package probelab.dash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events to the pages following the dashboard: a snapshot when a page connects,
 * then, ten times a second, what changed in the cells as one message. Each page has a bounded
 * queue; a page that falls behind gets a fresh snapshot instead of the backlog.
 */
final class EventStream {
    private static final int MAX_CLIENTS = 16;

    private final Cells cells;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    EventStream(Cells cells) {
        this.cells = cells;
    }

    int following() {
        return clients.size();
    }

    void close() {
        closed = true;
    }

    /** One page following the events; its queue is bounded and a slow page gets a fresh snapshot. */
    private static final class Client {
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(256);
        volatile boolean stale;
    }

    void follow(HttpExchange ex) throws IOException {
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
        return Dashboard.JSON.writeValueAsString(Map.of("op", "snapshot", "cells", cells.list()));
    }

    void flushLoop() {
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
        List<Object> ops = cells.drain();
        if (ops.isEmpty() || clients.isEmpty()) return;
        String msg = Dashboard.JSON.writeValueAsString(Map.of("op", "batch", "ops", ops));
        for (Client c : clients) {
            if (!c.queue.offer(msg)) c.stale = true;
        }
    }

}
