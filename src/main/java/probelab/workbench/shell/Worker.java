package probelab.workbench.shell;

import java.util.concurrent.Callable;

/**
 * Runs evaluations, one at a time, each on its own daemon thread while the caller waits, so
 * that the caller stays free to interrupt it (Ctrl-C, a notebook's ■) and, in a notebook, to
 * send what the evaluation shows while it runs. An interrupt stops training at its next step,
 * keeping what it learned; a second one within 3 s forces a stuck call to stop. An interrupt
 * holds for the rest of the evaluation: code that swallows the thread's flag (a library
 * catching InterruptedException, say while the cell compiles) gets it again at the next tick,
 * so the training that follows still stops.
 */
public final class Worker {
    private final String name;
    private volatile Thread running;
    private volatile long lastInterrupt;
    /** The running evaluation was interrupted: its flag is set again whenever something clears it. */
    private volatile boolean stopRequested;

    public Worker(String name) {
        this.name = name;
    }

    /** What the evaluation returned, or the error it threw. */
    public record Outcome(Object value, Throwable error) {}

    /** Runs {@code task} and waits for it, calling {@code tick} every {@code tickMs} meanwhile. */
    public Outcome run(Callable<Object> task, long tickMs, Runnable tick) {
        Object[] result = new Object[1];
        Throwable[] error = new Throwable[1];
        Thread w = new Thread(() -> {
            try {
                result[0] = task.call();
            } catch (Throwable e) {
                error[0] = e;
            }
        }, name);
        w.setDaemon(true);
        stopRequested = false;
        running = w;
        w.start();
        try {
            while (w.isAlive()) {
                w.join(tickMs);
                if (stopRequested && w.isAlive() && !w.isInterrupted()) w.interrupt();
                tick.run();
            }
        } catch (InterruptedException e) {
            w.interrupt(); // passed on to the evaluation, which stops; this thread goes on
        } finally {
            running = null;
        }
        return new Outcome(result[0], error[0]);
    }

    /** Interrupts the running evaluation; returns true when this was the second time within 3 s and it was forced. */
    @SuppressWarnings({"deprecation", "removal"})
    public boolean interrupt() {
        Thread w = running;
        if (w == null) return false;
        long now = System.nanoTime();
        boolean force = now - lastInterrupt < 3_000_000_000L && w.isAlive();
        if (force) {
            try {
                w.stop();
            } catch (UnsupportedOperationException ignored) {
                // not available on this JVM: the interrupt is all there is
            }
        }
        lastInterrupt = now;
        stopRequested = true;
        w.interrupt();
        return force;
    }
}
