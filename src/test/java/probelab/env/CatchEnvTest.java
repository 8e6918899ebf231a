package probelab.env;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatchEnvTest {

    @Test
    void resetRangesAreTheClassicOnes() {
        CatchEnv env = new CatchEnv(10);
        Set<Integer> fruit = new HashSet<>(), basket = new HashSet<>();
        env.reset(7L);
        for (int i = 0; i < 5000; i++) {
            env.reset();
            int[] s = env.state();
            assertEquals(0, s[0]);
            fruit.add(s[1]);
            basket.add(s[2]);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8), fruit, "fruit never starts in the last column");
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7), basket, "basket centre starts in 1..size-3");
    }

    @Test
    void basketIsClampedToOneThroughSizeMinusOne() {
        CatchEnv env = new CatchEnv(10);
        env.reset(1L);
        for (int i = 0; i < 8; i++) env.step(CatchEnv.RIGHT);
        assertEquals(9, env.state()[2]);
        env.reset(1L);
        for (int i = 0; i < 8; i++) env.step(CatchEnv.LEFT);
        assertEquals(1, env.state()[2]);
    }

    @Test
    void episodesLastNineStepsAndRewardOnlyAtTheEnd() {
        CatchEnv env = new CatchEnv(10);
        for (long seed = 0; seed < 50; seed++) {
            env.reset(seed);
            int steps = 0;
            Step s;
            do {
                s = env.step(CatchEnv.STAY);
                steps++;
                if (!s.terminated()) assertEquals(0.0, s.reward());
                assertFalse(s.truncated());
            } while (!s.terminated());
            assertEquals(9, steps);
            int[] st = env.state();
            double expected = Math.abs(st[1] - st[2]) <= 1 ? 1 : -1;
            assertEquals(expected, s.reward());
            assertEquals(expected > 0, s.info().get("win"));
        }
    }

    @Test
    void observationLayoutIsTheFlattenedGrid() {
        CatchEnv env = new CatchEnv(10);
        float[] obs = env.reset(3L).observation();
        assertEquals(100, obs.length);
        int[] s = env.state();
        assertEquals(1f, obs[s[0] * 10 + s[1]]);
        for (int c = s[2] - 1; c <= s[2] + 1; c++) assertEquals(1f, obs[90 + c]);
        float sum = 0;
        for (float v : obs) sum += v;
        assertEquals(4f, sum, "fruit plus three basket cells");
        // at the right edge only two basket cells are inside the grid
        for (int i = 0; i < 8; i++) obs = env.step(CatchEnv.RIGHT).observation();
        assertEquals(1f, obs[98]);
        assertEquals(1f, obs[99]);
        assertEquals(0f, obs[97]);
    }

    @Test
    void sameSeedSameEpisodes() {
        CatchEnv a = new CatchEnv(10), b = new CatchEnv(10);
        assertArrayEquals(a.reset(42L).observation(), b.reset(42L).observation());
        for (int i = 0; i < 20; i++) assertArrayEquals(a.reset().observation(), b.reset().observation());
    }

    @Test
    void badActionsAndSteppingAfterTheEndAreClearErrors() {
        CatchEnv env = new CatchEnv(10);
        env.reset(1L);
        var e = assertThrows(IllegalArgumentException.class, () -> env.step(3));
        assertTrue(e.getMessage().contains("0 (left), 1 (stay), 2 (right); got 3"));
        for (int i = 0; i < 9; i++) env.step(1);
        assertThrows(IllegalStateException.class, () -> env.step(1));
        assertThrows(IllegalArgumentException.class, () -> new CatchEnv(3));
    }

    @Test
    void spacesAndRender() {
        CatchEnv env = new CatchEnv(8);
        assertEquals(new Discrete(3), env.actionSpace());
        assertArrayEquals(new int[] {8, 8}, env.observationSpace().shape());
        env.reset(1L);
        var img = env.render();
        assertEquals(8 * 24, img.getWidth());
        assertTrue(env.observationSpace().contains(env.reset(2L).observation()));
    }
}
