package probelab.studies.reward;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import probelab.env.Step;

/** The push task: its moves and pushes, its seeding, its cap, and that the goal is never drawn. */
class PushEnvTest {
    static final int STAY = 0, UP = 1, DOWN = 2, LEFT = 3, RIGHT = 4;

    /** A state set by hand: reset until the start matches is slow, so the test drives a known start. */
    static PushEnv at(int gx, int gy, int bx, int by) {
        PushEnv env = new PushEnv();
        env.reset(1L);
        env.place(new PushEnv.State(gx, gy, bx, by));
        return env;
    }

    @Test
    void theGripperMovesAndPushesTheBlockUnlessAWallIsBehindIt() {
        PushEnv env = at(0, 3, 1, 3);
        env.step(RIGHT); // pushes the block from (1,3) to (2,3)
        assertEquals(new PushEnv.State(1, 3, 2, 3), env.state());
        env.step(UP);
        assertEquals(new PushEnv.State(1, 2, 2, 3), env.state());
        env.step(STAY);
        assertEquals(new PushEnv.State(1, 2, 2, 3), env.state());
        PushEnv wall = at(3, 4, 3, 5); // the block on the last row: pushing down moves nothing
        wall.step(DOWN);
        assertEquals(new PushEnv.State(3, 4, 3, 5), wall.state());
        PushEnv edge = at(0, 0, 2, 2);
        edge.step(LEFT); // off the table: stays
        assertEquals(new PushEnv.State(0, 0, 2, 2), edge.state());
    }

    @Test
    void successIsTheBlockInTheHiddenRegionAndTheRewardSaysSo() {
        PushEnv env = at(2, 3, 3, 3); // goal [3,0]..[5,2]: one push up puts the block at (3,2)
        Step s = env.step(UP);
        assertEquals(new PushEnv.State(2, 2, 3, 3), env.state(), "moving up beside the block does not push it");
        env.place(new PushEnv.State(3, 4, 3, 3));
        s = env.step(UP);
        assertTrue(env.isSuccess(env.state()));
        assertEquals(1.0, s.reward());
        assertEquals(Boolean.TRUE, s.info().get("success"));
        assertFalse(s.terminated(), "success does not end the episode: the block can be pushed out again");
    }

    @Test
    void episodesAreCappedAndReportWhetherTheyEndedInTheGoal() {
        PushEnv env = new PushEnv(new PushEnv.Options(6, 8, 5, new int[] {3, 0, 5, 2}, new int[] {1, 1, 4, 4}));
        env.reset(3L);
        Step s = null;
        for (int t = 0; t < 5; t++) {
            assertNull(s == null ? null : s.info().get("win"), "win is reported at the last step only");
            s = env.step(STAY);
        }
        assertTrue(s.truncated());
        assertEquals(Boolean.FALSE, s.info().get("win"));
        Step last = s;
        assertThrows(IllegalStateException.class, () -> env.step(STAY), "stepping past the end is refused, after " + last);
    }

    @Test
    void theSameSeedGivesTheSameStartsAndStartsAreNeverSuccesses() {
        PushEnv a = new PushEnv(), b = new PushEnv();
        for (long seed = 0; seed < 200; seed++) {
            assertArrayEquals(a.reset(seed).observation(), b.reset(seed).observation());
            assertEquals(a.state(), b.state());
            assertFalse(a.isSuccess(a.state()), "a start inside the goal at seed " + seed);
            PushEnv.State s = a.state();
            assertTrue(s.blockX() >= 1 && s.blockX() <= 4 && s.blockY() >= 1 && s.blockY() <= 4, "block outside the start region: " + s);
            assertFalse(s.gripperX() == s.blockX() && s.gripperY() == s.blockY(), "gripper on the block: " + s);
        }
        java.util.Set<PushEnv.State> starts = new java.util.HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            a.reset(seed);
            starts.add(a.state());
        }
        assertTrue(starts.size() > 100, "starts are random: " + starts.size() + " distinct in 200");
        assertArrayEquals(a.goalExamples(10, 5), b.goalExamples(10, 5));
    }

    /**
     * Every pixel that is not the block's or the gripper's colour is the bare table's pixel at
     * that place, in successes and failures alike: nothing outside the two objects tells them apart.
     */
    @Test
    void theGoalRegionNeverAppearsInPixels() {
        PushEnv env = new PushEnv();
        float[][] success = env.goalExamples(200, 1), failure = env.randomStates(200, 2);
        float[] table = env.frame(new PushEnv.State(0, 0, 0, 0)); // both in the corner: the rest is bare table
        double[] sums = new double[2];
        long[] counts = new long[2];
        for (int set = 0; set < 2; set++) {
            for (float[] f : set == 0 ? success : failure) {
                for (int p = 0; p < f.length; p += 3) {
                    float[] rgb = Arrays.copyOfRange(f, p, p + 3);
                    if (Arrays.equals(rgb, PushEnv.BLOCK) || Arrays.equals(rgb, PushEnv.GRIPPER)) continue;
                    int cell = ((p / 3) / env.side() / env.options().cellPixels()) * env.options().cells() + (p / 3) % env.side() / env.options().cellPixels();
                    if (cell != 0) assertArrayEquals(Arrays.copyOfRange(table, p, p + 3), rgb, "pixel " + p / 3 + " differs from the bare table");
                    sums[set] += rgb[0] + rgb[1] + rgb[2];
                    counts[set]++;
                }
            }
        }
        assertTrue(counts[0] > 0 && counts[1] > 0);
        for (float[] f : success) assertTrue(env.isSuccess(stateOf(env, f)), "a goal example outside the goal");
        for (float[] f : failure) assertFalse(env.isSuccess(stateOf(env, f)), "a random start inside the goal");
    }

    /** Where the block and gripper are, read back from a frame's pixels. */
    static PushEnv.State stateOf(PushEnv env, float[] f) {
        int c = env.options().cellPixels(), n = env.options().cells(), side = env.side();
        int bx = -1, by = -1, gx = -1, gy = -1;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int p = (((y * c) + c / 2) * side + x * c + c / 2) * 3;
                float[] rgb = Arrays.copyOfRange(f, p, p + 3);
                if (Arrays.equals(rgb, PushEnv.BLOCK)) {
                    bx = x;
                    by = y;
                } else if (Arrays.equals(rgb, PushEnv.GRIPPER)) {
                    gx = x;
                    gy = y;
                }
            }
        }
        return new PushEnv.State(gx, gy, bx, by);
    }

    @Test
    void badOptionsAndActionsAreRefusedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PushEnv(new PushEnv.Options(6, 8, 30, new int[] {3, 0, 6, 2}, new int[] {1, 1, 4, 4})));
        assertTrue(e.getMessage().contains("inside 0..5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PushEnv(new PushEnv.Options(6, 8, 30, new int[] {1, 1, 4, 4}, new int[] {1, 1, 4, 4})));
        assertTrue(e.getMessage().contains("no inner cell outside the goal"), e.getMessage());
        PushEnv env = new PushEnv();
        env.reset(1L);
        e = assertThrows(IllegalArgumentException.class, () -> env.step(7));
        assertTrue(e.getMessage().contains("got 7"), e.getMessage());
    }
}
