package probelab.workbench.notebook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import probelab.plot.Figure;
import probelab.util.Progress;

/**
 * What the cell being run shows besides its value: printed text, figures as PNG displays, and
 * each progress bar as one display updated in place (so a long training leaves one line, not
 * hundreds). The evaluation's thread only queues these; the kernel's shell thread sends them
 * ({@link #drain}) while it waits. ZeroMQ sockets belong to one thread, and an interrupted
 * thread cannot send on them at all, so the interrupted training's last words would be lost.
 */
final class Cell {
    private volatile JupyterIO io;
    private final Set<Figure> shown = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final Map<Progress, String> bars = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Queue<Consumer<JupyterIO>> outbox = new ConcurrentLinkedQueue<>();
    private final Text out = new Text(false);
    private final Text err = new Text(true);
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    private PrintStream savedOut;
    private PrintStream savedErr;

    /** Starts a cell: from now on System.out and System.err are queued for the cell. */
    void begin(JupyterIO io) {
        this.io = io;
        shown.clear();
        bars.clear();
        outbox.clear();
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(outStream);
        System.setErr(errStream);
    }

    /** Sends what is queued; call on the thread that owns the sockets. */
    void drain() {
        out.flushPartial();
        err.flushPartial();
        JupyterIO to = io;
        for (Consumer<JupyterIO> c; (c = outbox.poll()) != null; ) {
            if (to != null && to.display.isAttached()) c.accept(to);
        }
        if (to != null) {
            to.out.flush();
            to.err.flush();
        }
    }

    void end() {
        drain();
        System.setOut(savedOut);
        System.setErr(savedErr);
        io = null;
        bars.clear();
    }

    /** A figure drawn by plot(), scatter() and the like: shown in the cell, below what was printed before it. */
    void figure(Figure f) {
        if (io == null) return;
        DisplayData d = image(f);
        out.flushPartial();
        outbox.add(to -> to.display.display(d));
        shown.add(f);
    }

    /** A progress bar's line: the first draw makes a display, later ones replace its text. */
    void progress(Progress bar, String line, boolean finished) {
        if (io == null) return;
        DisplayData d = new DisplayData(line);
        String id = bars.get(bar);
        if (id == null) {
            String fresh = "progress-" + UUID.randomUUID();
            bars.put(bar, fresh);
            d.setDisplayId(fresh);
            out.flushPartial();
            outbox.add(to -> to.display.display(d));
        } else {
            outbox.add(to -> to.display.updateDisplay(id, d));
        }
        if (finished) bars.remove(bar);
    }

    /** Text written on any thread, queued a line (or a flush) at a time. */
    private final class Text extends OutputStream {
        private final boolean stderr;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Text(boolean stderr) {
            this.stderr = stderr;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            flushPartial();
        }

        synchronized void flushPartial() {
            if (pending.size() == 0) return;
            String s = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            outbox.add(to -> (stderr ? to.err : to.out).print(s));
        }
    }

    /** The cell's value: nothing for a figure it already showed, else {@link Rich#render}. */
    DisplayData render(Object value) {
        if (value instanceof Figure f && shown.contains(f)) return null;
        if (value instanceof Figure f) return image(f);
        return Rich.render(value);
    }

    /**
     * A figure as PNG at twice its size, shown at its size (sharp on high-density screens): the
     * file {@code Display.show} has just written, or drawn now when the figure was never saved.
     */
    static DisplayData image(Figure f) {
        int w = f.getChart().getWidth(), h = f.getChart().getHeight();
        String data;
        try {
            data = f.getPath() != null && Files.isRegularFile(f.getPath()) ? base64(f.getPath()) : png(f.image(2));
        } catch (IOException e) {
            data = png(f.image(2));
        }
        DisplayData d = new DisplayData(f.getTitle() == null || f.getTitle().isEmpty() ? "figure" : f.getTitle());
        d.putData("image/png", data);
        d.putMetaData("image/png", Map.of("width", w, "height", h));
        return d;
    }

    static String png(java.awt.image.BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", bytes)) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static String base64(Path p) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(p));
    }
}
