package probelab.util;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Per-thread standard output and error. Several scripts that run at once in one JVM (the cells
 * of a sweep) each print into their own log; every other thread prints where it did before.
 * While any thread is routed, {@code System.out} and {@code System.err} are streams that look up
 * the current thread's target (inherited by the threads it starts); when the last routed work
 * ends, the streams that were there before are put back (a REPL or notebook that swaps them per
 * evaluation keeps working).
 */
public final class ThreadOutput {
    private static final InheritableThreadLocal<PrintStream> target = new InheritableThreadLocal<>();
    private static PrintStream originalOut, originalErr, routedOut, routedErr;
    private static int active;

    private ThreadOutput() {}

    /** Runs {@code work} with this thread's (and its children's) standard output and error going to {@code to}. */
    public static <T> T into(PrintStream to, Callable<T> work) throws Exception {
        install();
        try {
            return ThreadScope.with(target, to, work);
        } finally {
            to.flush();
            uninstall();
        }
    }

    private static synchronized void install() {
        if (active++ > 0) return;
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(routedOut = routed(originalOut));
        System.setErr(routedErr = routed(originalErr));
    }

    private static synchronized void uninstall() {
        if (--active > 0) return;
        // put back what was there, unless someone replaced the routed streams meanwhile
        if (System.out == routedOut) System.setOut(originalOut);
        if (System.err == routedErr) System.setErr(originalErr);
        routedOut = routedErr = null;
    }

    private static PrintStream routed(PrintStream fallback) {
        return new PrintStream(new OutputStream() {
            private PrintStream now() {
                PrintStream t = target.get();
                return t != null ? t : fallback;
            }

            @Override
            public void write(int b) {
                now().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                now().write(b, off, len);
            }

            @Override
            public void flush() {
                now().flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
