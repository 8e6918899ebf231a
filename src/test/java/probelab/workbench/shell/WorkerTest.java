package probelab.workbench.shell;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** An interrupt holds for the whole evaluation, even when something in it swallows the thread's flag. */
class WorkerTest {
    @Test
    void anInterruptThatIsSwallowedIsSetAgainSoTheWorkStillStops() throws Exception {
        Worker worker = new Worker("test-worker");
        int[] swallowed = {0};
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            worker.interrupt();
        });
        interrupter.start();
        long t0 = System.nanoTime();
        Worker.Outcome done = worker.run(() -> {
            // a library that catches the interrupt and carries on, as a compile step might
            while (true) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    swallowed[0]++;
                    break;
                }
            }
            // then the work that should stop: a loop checking the flag, as training does
            long loops = 0, from = System.nanoTime();
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() - from < 10_000_000_000L) loops++; // bounded, so a failure ends
            return loops;
        }, 20, () -> {});
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertNull(done.error());
        assertEquals(1, swallowed[0], "the first interrupt was swallowed");
        assertTrue(seconds < 5, "the loop after it stopped too, in " + seconds + " s");
        assertFalse(caller.isInterrupted());
    }
}
