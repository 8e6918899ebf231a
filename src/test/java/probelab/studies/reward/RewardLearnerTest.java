package probelab.studies.reward;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.active.Strategies;
import probelab.env.Reset;
import probelab.env.Step;

/** The reward learner's rewards, its queries, and a person answering them through a pipe. */
class RewardLearnerTest {
    static RewardLearner.Options options(String mode, String queries, long queryEvery) {
        return options(mode, queries, queryEvery, "p");
    }

    static RewardLearner.Options options(String mode, String queries, long queryEvery, String reward) {
        return new RewardLearner.Options(mode, queries, queryEvery, 5, 50, 1_000_000, 20, 200, 4000, reward, 1e-3, 10, 64, 1e-3, 0.25, 1.0, 3);
    }

    static RewardLearner.Frames frames(float[][] rows) {
        return new RewardLearner.Frames(rows, 48, 48, 3);
    }

    @Test
    void theRewardIsTheLogOfTheClassifiersSuccessProbabilityFloored() {
        PushEnv env = new PushEnv();
        RewardLearner r = new RewardLearner(frames(env.goalExamples(80, 1)), frames(env.randomStates(200, 2)), options("frozen", "none", 1000, "log"));
        float[] goal = env.goalExamples(1, 9)[0], start = env.randomStates(1, 9)[0];
        double p = r.classifier().success(new float[][] {goal})[0];
        assertEquals(Math.log(Math.max(p, 1e-3)), r.reward(goal), 1e-12);
        assertTrue(r.reward(goal) > r.reward(start), "a goal frame pays more than a start: " + r.reward(goal) + " vs " + r.reward(start));
        assertTrue(r.reward(start) >= Math.log(1e-3));
    }

    /** A random walk of {@code steps} from the reset with {@code seed}, every step rewarded (and remembered) by {@code r}. */
    static void walk(RewardLearner r, PushEnv env, long seed, int steps) {
        r.started(env.reset(seed));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed + 1);
        for (int t = 0; t < steps; t++) {
            Step s = env.step(rng.nextInt(5));
            r.reward(s);
            if (s.done()) r.started(env.reset());
        }
    }

    /** The query pool as the learner sees it: its distinct visited frames, oldest first. */
    static float[][] pool(RewardLearner r) {
        java.util.LinkedHashMap<RewardLearner.FrameKey, float[]> distinct = new java.util.LinkedHashMap<>();
        for (float[] f : r.visitedFrames()) distinct.putIfAbsent(new RewardLearner.FrameKey(f), f);
        return distinct.values().toArray(float[][]::new);
    }

    /** The frames asked about are the visited frames the classifier is least sure of, 1 − max p, each asked once. */
    @Test
    void queriesPickTheMostUncertainVisitedFrames() {
        PushEnv env = new PushEnv();
        RewardLearner r = new RewardLearner(frames(env.goalExamples(80, 1)), frames(env.randomStates(200, 2)), options("vice", "uncertainty", Long.MAX_VALUE));
        List<float[]> asked = new ArrayList<>();
        r.oracle((frame, info) -> {
            asked.add(frame);
            return (Boolean) info.get("success") ? Oracle.Answer.SUCCESS : Oracle.Answer.FAILURE;
        });
        walk(r, env, 5, 300);
        float[][] pool = pool(r);
        double[] u = Strategies.leastConfidence(r.classifier().predictProba(pool));
        int[] top = Strategies.top(u, 5, true);
        r.ask();
        assertEquals(5, asked.size());
        for (int i = 0; i < 5; i++) assertArrayEquals(pool[top[i]], asked.get(i), "query " + i + " is the " + (i + 1) + "th most uncertain frame");
        r.ask();
        assertEquals(10, asked.size());
        for (int i = 0; i < 5; i++) for (int j = 5; j < 10; j++) assertFalse(Arrays.equals(asked.get(i), asked.get(j)), "a frame asked twice");
        assertEquals(10, r.queries().size());
        assertEquals(10, r.answered());
    }

    /** Frames answered "success" leave the visited failures at once; the round's other frames are still the ones chosen. */
    @Test
    void successesInARoundLeaveTheFailuresAndTheRoundGoesOn() {
        PushEnv env = new PushEnv();
        RewardLearner r = new RewardLearner(frames(env.goalExamples(40, 1)), frames(env.randomStates(100, 2)), options("vice", "uncertainty", Long.MAX_VALUE));
        List<float[]> asked = new ArrayList<>();
        r.oracle((frame, info) -> {
            asked.add(frame);
            return Oracle.Answer.SUCCESS;
        });
        walk(r, env, 7, 200);
        float[][] pool = pool(r);
        int[] top = Strategies.top(Strategies.leastConfidence(r.classifier().predictProba(pool)), 5, true);
        r.ask();
        assertEquals(5, asked.size());
        for (int i = 0; i < 5; i++) assertArrayEquals(pool[top[i]], asked.get(i), "query " + i);
        for (float[] f : r.visitedFrames()) {
            for (float[] a : asked) assertFalse(Arrays.equals(f, a), "a frame answered success is still among the visited failures");
        }
    }

    @Test
    void queriesStopAtTheirBudget() {
        PushEnv env = new PushEnv();
        RewardLearner.Options d = options("vice", "random", 50);
        RewardLearner.Options few = new RewardLearner.Options(d.mode(), d.queries(), 50, 4, 6, 200, 5, 50, 4000, "p", 1e-3, 10, 32, 1e-3, 0.25, 1.0, 3);
        RewardLearner r = new RewardLearner(frames(env.goalExamples(20, 1)), null, few).oracle(Oracle.truth());
        r.started(env.reset(1L));
        for (int t = 0; t < 600; t++) {
            Step s = env.step(t % 5);
            double reward = r.reward(s);
            assertTrue(reward >= 0 && reward <= 1, "p reward in [0, 1]: " + reward);
            if (s.done()) r.started(env.reset());
        }
        assertEquals(6, r.queries().size(), "maxQueries caps the rounds of 4");
    }

    static Oracle.Person person(Deque<String> lines, ByteArrayOutputStream out, Path file, List<float[]> shown) {
        PrintStream ps = new PrintStream(out, true);
        return new Oracle.Person(prompt -> {
            ps.print(prompt);
            return lines.poll();
        }, ps, file, shown::add);
    }

    /** A piped session: a bad answer is asked again, y and n are kept at once, s is not kept, q stops; a rerun asks only what is open. */
    @Test
    void aPersonsAnswersAreKeptAsGivenAndARerunResumes(@TempDir Path tmp) throws Exception {
        PushEnv env = new PushEnv();
        float[][] f = env.randomStates(5, 3);
        Path file = tmp.resolve("labels.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<float[]> shown = new ArrayList<>();
        Oracle.Person p = person(new ArrayDeque<>(List.of("maybe", "y", "n", "s", "q")), out, file, shown);
        assertEquals(Oracle.Answer.SUCCESS, p.ask(f[0], Map.of()));
        assertTrue(out.toString().contains("'maybe' is not an answer"), out.toString());
        assertEquals(Oracle.Answer.FAILURE, p.ask(f[1], Map.of()));
        assertEquals(Oracle.Answer.SKIP, p.ask(f[2], Map.of()));
        assertEquals(Oracle.Answer.STOP, p.ask(f[3], Map.of()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("frame,answer", Oracle.Person.digest(f[0]) + ",success", Oracle.Person.digest(f[1]) + ",failure"), lines);

        shown.clear();
        Oracle.Person again = person(new ArrayDeque<>(List.of("n")), new ByteArrayOutputStream(), file, shown);
        assertEquals(2, again.known());
        assertEquals(Oracle.Answer.SUCCESS, again.ask(f[0], Map.of()));
        assertEquals(Oracle.Answer.FAILURE, again.ask(f[1], Map.of()));
        assertTrue(shown.isEmpty(), "answered frames are not shown again");
        assertEquals(Oracle.Answer.FAILURE, again.ask(f[2], Map.of()), "the skipped frame is asked again");
        assertEquals(1, shown.size());
        assertEquals(2, again.reused());
        assertEquals(4, Files.readAllLines(file).size());
    }

    @Test
    void aDamagedLabelsFileIsRefusedWithItsLine(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("labels.csv");
        Files.writeString(file, "frame,answer\n0123456789abcdef0123456789abcdef,success\nnot a label line\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> person(new ArrayDeque<>(), new ByteArrayOutputStream(), file, new ArrayList<>()));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void aFrozenLearnerNeedsFailuresAndFramesMustBeSquareRgb() {
        PushEnv env = new PushEnv();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RewardLearner(frames(env.goalExamples(5, 1)), null, options("frozen", "none", 10)));
        assertTrue(e.getMessage().contains("failures"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RewardLearner.Frames.of(new float[][] {new float[10]}, "examples"));
        assertTrue(e.getMessage().contains("not a square RGB frame"), e.getMessage());
    }
}
