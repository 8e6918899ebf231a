package probelab.env;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class WrappersTest {
    @Test
    void timeLimitTruncatesAndEpisodeStatsReportsReturnAndLength() {
        Env<Integer> env = new EpisodeStats<>(new TimeLimit<>(new CatchEnv(10), 4));
        env.reset(1L);
        Step s = null;
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            assertNull(s == null ? null : EpisodeStats.of(s), "no episode before the end");
            s = env.step(1);
            sum += s.reward();
        }
        assertTrue(s.truncated() && !s.terminated(), "a cap is a truncation, not a termination");
        EpisodeStats.Episode e = EpisodeStats.of(s);
        assertEquals(4, e.length());
        assertEquals(sum, e.reward());
        env.reset();
        Step next = env.step(1);
        assertNull(EpisodeStats.of(next), "counters restart with the episode");
        assertTrue(((Wrapper<Integer>) env).unwrapped() instanceof CatchEnv);
    }

    @Test
    void anEpisodeThatTerminatesFirstIsLeftAlone() {
        Env<Integer> env = new EpisodeStats<>(TimeLimit.of(new CatchEnv(10), 100));
        env.reset(2L);
        Step s;
        int n = 0;
        do { s = env.step(1); n++; } while (!s.done());
        assertTrue(s.terminated() && !s.truncated());
        assertEquals(9, n, "the fruit falls nine rows");
        assertEquals(9, EpisodeStats.of(s).length());
        assertSame(TimeLimit.of(new CatchEnv(10), 0).getClass(), CatchEnv.class, "0: no cap, no wrapper");
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit<>(new CatchEnv(10), 0));
    }
}
