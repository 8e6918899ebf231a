package probelab.util;

import java.util.concurrent.Callable;

/** A value for one thread and the threads it starts, for the length of some work: a sweep's cell's folder, output, thread budget. */
public final class ThreadScope {
    private ThreadScope() {}

    /** Runs {@code work} with {@code local} set to {@code value}; what it held before is back afterwards. */
    public static <T, R> R with(InheritableThreadLocal<T> local, T value, Callable<R> work) throws Exception {
        T before = local.get();
        local.set(value);
        try {
            return work.call();
        } finally {
            if (before == null) local.remove();
            else local.set(before);
        }
    }
}
