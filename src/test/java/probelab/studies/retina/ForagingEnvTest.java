package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;
import probelab.env.Step;

/** The foraging arena: seeded, health by class, respawn, the camera's geometry, the step cap. */
public class ForagingEnvTest {
    /** Ten classes of 28×28 images: class k is a bright square of side 4 + 2k on black. */
    public static ImageDataset digits() {
        return squares(50);
    }

    public static ImageDataset squares(int n) {
        float[][] px = new float[n][28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            int side = 4 + 2 * labels[i], from = 14 - side / 2;
            for (int y = from; y < from + side; y++) for (int x = from; x < from + side; x++) px[i][y * 28 + x] = 1f;
        }
        String[] names = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        return new ImageDataset("squares", px, labels, names, 1, 28, 28);
    }

    static ForagingEnv.Options options(double drain, int maxSteps) {
        ForagingEnv.Options d = ForagingEnv.Options.DEFAULTS;
        return new ForagingEnv.Options(36, 64, d.roomSize(), d.food(), d.poison(), 100, drain, maxSteps, d.turnDegrees(), d.speed(), d.fov(), 1, d.effects());
    }

    @Test
    void sameSeedSameEpisode() {
        ForagingEnv a = new ForagingEnv(digits(), options(0.25, 300)), b = new ForagingEnv(digits(), options(0.25, 300));
        assertArrayEquals(a.reset(7L).observation(), b.reset(7L).observation());
        java.util.SplittableRandom actions = new java.util.SplittableRandom(3);
        double ra = 0, rb = 0;
        for (int t = 0; t < 300; t++) {
            int act = actions.nextInt(9);
            Step sa = a.step(act), sb = b.step(act);
            assertArrayEquals(sa.observation(), sb.observation());
            ra += sa.reward();
            rb += sb.reward();
            if (sa.done()) break;
        }
        assertEquals(ra, rb);
        assertFalse(java.util.Arrays.equals(a.reset(7L).observation(), b.reset(8L).observation()), "another seed, another room");
    }

    @Test
    void pickupsChangeHealthByClassAndRespawn() {
        ForagingEnv env = new ForagingEnv(digits(), options(0, 100));
        env.reset(1L);
        env.setPose(5, 5, 0);
        env.setObjects(List.of(new ForagingEnv.Pickup(5.2, 5, 1, 1, -25), new ForagingEnv.Pickup(12, 12, 7, 7, 20)));
        Step s = env.step(0, 0);
        assertEquals(75, env.health(), 1e-9, "digit 1 is poison: −25");
        assertEquals(1, s.info().get("picked"));
        assertEquals(0, s.reward());
        assertEquals(2, env.objects().size(), "the poison respawned");
        assertTrue(env.objects().stream().noneMatch(p -> p.x() == 5.2 && p.y() == 5), "somewhere else");
        assertTrue(env.objects().get(0).effect() < 0, "as poison again");

        env.setPose(12, 11.8, 0);
        s = env.step(0, 0);
        assertEquals(95, env.health(), 1e-9, "digit 7 is food: +20");
        assertEquals(1, s.reward());
        env.setObjects(List.of(new ForagingEnv.Pickup(12, 11.8, 0, 0, 50)));
        s = env.step(0, 0);
        assertEquals(100, env.health(), 1e-9, "health holds at most its start");
        assertEquals(3, s.info().get("pickups"));
        assertEquals(2, s.info().get("food"));
    }

    @Test
    void aPickupStraightAheadFillsTheCentreColumns() {
        ForagingEnv env = new ForagingEnv(digits(), options(0, 100));
        env.reset(2L);
        env.setPose(4, 8, 0); // looking along +x
        env.setObjects(List.of());
        float[] empty = env.step(0, 0).observation();
        env.setPose(4, 8, 0);
        env.setObjects(List.of(new ForagingEnv.Pickup(7, 8, 9, 9, 40)));
        float[] with = env.step(0, 0).observation();
        int h = 36, w = 64;
        boolean[] changed = new boolean[w];
        for (int r = 0; r < h; r++) for (int c = 0; c < w; c++) if (empty[r * w + c] != with[r * w + c]) changed[c] = true;
        assertTrue(changed[w / 2 - 1] && changed[w / 2], "the centre columns show the pickup");
        int first = -1, last = -1;
        for (int c = 0; c < w; c++) if (changed[c]) { if (first < 0) first = c; last = c; }
        assertEquals(w - 1 - last, first, 1, "symmetric about the centre");
        assertFalse(changed[0] || changed[w - 1], "the edges do not");
        // projected width = focal · size / distance = 32 · 0.7 / 3 ≈ 7.5 columns
        assertEquals(7.5, last - first + 1, 1.5);
    }

    @Test
    void theEpisodeEndsAtTheCapOrAtHealthZero() {
        ForagingEnv capped = new ForagingEnv(digits(), options(0.1, 5));
        capped.reset(3L);
        capped.setObjects(List.of());
        Step s = null;
        for (int t = 0; t < 5; t++) {
            assertTrue(s == null || !s.done());
            s = capped.step(0, 0);
        }
        assertTrue(s.truncated() && !s.terminated());
        ForagingEnv starving = new ForagingEnv(digits(), options(50, 100));
        starving.reset(3L);
        starving.setObjects(List.of());
        assertFalse(starving.step(0, 0).done());
        Step last = starving.step(0, 0);
        assertTrue(last.terminated() && !last.truncated());
        assertEquals(3 * 36 * 64, last.observation().length);
    }
}
