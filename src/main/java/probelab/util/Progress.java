package probelab.util;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with live metrics, for long work at the prompt:
 * {@code dqn catch  [#########-----------]  450/1000  win100 0.83  loss 0.012  2.1s <2.6s}.
 * On a terminal it redraws in place at most ten times a second; without one (CI logs,
 * pipes, JShell's dumb console) it prints a few lines at most: at each quarter of the work,
 * and the closing line.
 */
public final class Progress {
    private static final int BAR = 24;

    /** Receives every update of every progress bar (a live dashboard, a log), shown or not. */
    public interface Listener {
        void update(String label, long done, long total, Object[] metrics);

        default void finish(String label, long done, String how) {}
    }

    /**
     * Where bars are drawn instead of the terminal: a notebook kernel draws each bar as one
     * display it updates in place. Called at most ten times a second per bar, and once at the end.
     */
    public interface Surface {
        void draw(Progress bar, String line, boolean finished);
    }

    private static volatile Surface surface;

    /** Draws every bar on {@code s} from now on (null: back to the terminal). */
    public static void drawOn(Surface s) {
        surface = s;
    }

    private static final java.util.List<Listener> LISTENERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static void addListener(Listener l) {
        if (!LISTENERS.contains(l)) LISTENERS.add(l);
    }

    public static void removeListener(Listener l) {
        LISTENERS.remove(l);
    }

    private static void publish(java.util.function.Consumer<Listener> call) {
        for (Listener l : LISTENERS) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // a broken listener must not stop the training it watches
            }
        }
    }

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean tty;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastQuarter = 0;
    private int lastWidth;
    private long done;

    public Progress(String label, long total, boolean enabled) {
        this(label, total, enabled, System.err, System.console() != null);
    }

    public Progress(String label, long total, boolean enabled, PrintStream out, boolean tty) {
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled;
        this.out = out;
        this.tty = tty;
    }

    /** Reports {@code done} of {@code total}, with metrics as alternating name, value. */
    public void update(long done, Object... metrics) {
        this.done = done;
        publish(l -> l.update(label, done, total, metrics));
        if (!enabled) return;
        long now = System.nanoTime();
        Surface on = surface;
        if (on != null || tty) {
            if (done < total && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            String line = render(done, metrics, now);
            if (on != null) {
                on.draw(this, line, false);
                return;
            }
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            out.flush();
        } else {
            int quarter = (int) (4 * done / total);
            if (quarter <= lastQuarter || done >= total) return; // the closing line reports the end
            lastQuarter = quarter;
            out.println(render(done, metrics, now));
        }
    }

    /** The last count reported. */
    public long done() {
        return done;
    }

    /** Ends the bar's line, with a closing word such as "done" or "interrupted". */
    public void finish(long done, String how, Object... metrics) {
        publish(l -> l.finish(label, done, how));
        if (!enabled) return;
        String line = render(done, metrics, System.nanoTime()) + "  " + how;
        Surface on = surface;
        if (on != null) {
            on.draw(this, line, true);
            return;
        }
        if (tty) {
            int pad = Math.max(0, lastWidth - line.length());
            out.println("\r" + line + " ".repeat(pad));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String render(long done, Object[] metrics, long now) {
        double frac = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(frac * BAR);
        double secs = (now - start) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(label).append("  [").append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("]  ")
                .append(done).append('/').append(total);
        for (int i = 0; i + 1 < metrics.length; i += 2) {
            sb.append("  ").append(metrics[i]).append(' ').append(fmt(metrics[i + 1]));
        }
        sb.append(String.format(Locale.ROOT, "  %.1fs", secs));
        if (done > 0 && done < total) sb.append(String.format(Locale.ROOT, " <%.1fs", secs / done * (total - done)));
        return sb.toString();
    }

    private static String fmt(Object v) {
        if (v instanceof Double d) {
            if (d.isNaN()) return "-";
            double a = Math.abs(d);
            return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3g", d)
                    : String.format(Locale.ROOT, a < 10 ? "%.3f" : "%.1f", d);
        }
        if (v instanceof Float f) return fmt(f.doubleValue());
        return String.valueOf(v);
    }
}
