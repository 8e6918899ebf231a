package probelab.nn.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import probelab.studies.relegator.Events;
import probelab.studies.relegator.MoonsMass;
import probelab.studies.relegator.Relegator;
import probelab.util.Options;

/** One thread or every core: the parallel loops split the work the same way, so the numbers match bit for bit. */
class ThreadsTest {
    @Test
    void aFitOnOneThreadEqualsTheParallelFitExactly() throws Exception {
        assertTrue(Runtime.getRuntime().availableProcessors() >= 1);
        Events train = MoonsMass.generate(3000, 0.2, 1.4, 0.5, 3);
        Relegator.Options o = Options.apply(Relegator.Options.DEFAULTS.quiet(), Map.of("epochs", 40), "test");
        Relegator parallel = new Relegator(o);
        parallel.fit(train);
        Relegator single = Threads.limited(1, () -> {
            assertEquals(1, Threads.parallelism());
            Relegator r = new Relegator(o);
            r.fit(train);
            return r;
        });
        assertEquals(Runtime.getRuntime().availableProcessors(), Threads.parallelism(), "the budget ends with the work");
        float[][] a = parallel.predict(train.x()), b = single.predict(train.x());
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0f, "row " + i);
    }

    @Test
    void forEachVisitsEveryIndexOnceEitherWay() throws Exception {
        int[] hits = new int[1000];
        Threads.forEach(hits.length, i -> hits[i]++);
        Threads.limited(1, () -> {
            String caller = Thread.currentThread().getName();
            Threads.forEach(hits.length, i -> {
                hits[i]++;
                assertEquals(caller, Thread.currentThread().getName(), "one thread: the caller's");
            });
            return null;
        });
        for (int h : hits) assertEquals(2, h);
        assertThrows(IllegalArgumentException.class, () -> Threads.limited(0, () -> null));
    }
}
