package probelab.rl;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.env.Box;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.env.Reset;
import probelab.env.Space;
import probelab.env.Step;

/** PPO's parts on their own: the loss gradient, clipping, and learning with a feed-forward policy. */
class PpoTest {
    static final Ppo.Options O = new Ppo.Options(8, 16, 4, 2, 3e-3, 0.9, 0.95, 0.2, 0.01, 0.5, 0.5, 1, 0, "", false, "stop");

    /** The analytic gradient of one step's loss against central differences, for two heads, both sides of the clip. */
    @Test
    void lossGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        int[] heads = {3, 2};
        for (int trial = 0; trial < 40; trial++) {
            float[] out = new float[6];
            for (int i = 0; i < out.length; i++) out[i] = (float) (rng.nextGaussian() * 1.5);
            int[] choice = {rng.nextInt(3), rng.nextInt(2)};
            double oldLogp = Math.log(Ppo.softmax(out, 0, 3)[choice[0]]) + Math.log(Ppo.softmax(out, 3, 2)[choice[1]])
                    + rng.nextGaussian() * 0.3; // a ratio away from 1, sometimes past the clip
            double a = rng.nextGaussian(), ret = rng.nextGaussian();
            float[] d = new float[6];
            Ppo.lossGradient(out, heads, choice, oldLogp, a, ret, O, 7, d, new double[4]);
            for (int j = 0; j < out.length; j++) {
                float[] up = out.clone(), down = out.clone();
                double h = 1e-3;
                up[j] += (float) h;
                down[j] -= (float) h;
                double numeric = (Ppo.loss(up, heads, choice, oldLogp, a, ret, O, 7) - Ppo.loss(down, heads, choice, oldLogp, a, ret, O, 7))
                        / ((double) up[j] - down[j]);
                assertEquals(numeric, d[j], 2e-4 + 2e-3 * Math.abs(numeric), "trial " + trial + ", output " + j);
            }
        }
    }

    @Test
    void gradientsAreClippedToTheGlobalNorm() {
        float[] a = {3f, 0f, 0f, 0f, 0f}, b = {4f, 0f}; // norm 5 over arrays whose lengths are not multiples of 4
        Ppo.clipGradients(java.util.List.of(a, b), 1.0);
        assertEquals(0.6f, a[0], 1e-6f);
        assertEquals(0.8f, b[0], 1e-6f);
        float[] small = {0.3f, 0.4f};
        Ppo.clipGradients(java.util.List.of(small), 1.0); // within the norm: untouched
        assertEquals(0.3f, small[0]);
    }

    /** Four-armed bandit in context: the observation names the paying arm. Ten steps an episode. */
    static final class Cue implements Env<Integer> {
        SplittableRandom rng = new SplittableRandom(0);
        int arm, t;

        @Override
        public Reset reset(Long seed) {
            if (seed != null) rng = new SplittableRandom(seed);
            t = 0;
            return new Reset(observe(), Map.of());
        }

        float[] observe() {
            arm = rng.nextInt(4);
            float[] o = new float[4];
            o[arm] = 1;
            return o;
        }

        @Override
        public Step step(Integer a) {
            double r = a == arm ? 1 : 0;
            t++;
            return new Step(observe(), r, false, t >= 10, Map.of("hits", (int) r));
        }

        @Override
        public Space actionSpace() {
            return new Discrete(4);
        }

        @Override
        public Space observationSpace() {
            return new Box(0, 1, new int[] {4});
        }

        @Override
        public BufferedImage render() {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }
    }

    @Test
    void aFeedForwardPolicyLearnsAndEpisodesAreCountedByTheWrapper() {
        Ppo<MlpPolicy> ppo = new Ppo<>(new MlpPolicy(4, new int[] {32}, 4, 1), O);
        Ppo.Run run = ppo.train(i -> new Cue(), 12_000, null);
        double late = run.meanReturn(40) / 10;
        assertTrue(late > 0.9, "reward per step " + late + " (chance 0.25)");
        assertEquals(10, run.lengths()[0], "lengths come from the episode statistics");
        assertEquals(run.returns().length, run.count("hits").length, "each episode's last info is kept");
        var act = ppo.act(new float[] {0, 0, 1, 0}, new float[0], new SplittableRandom(1), true);
        assertEquals(2, act.action());
    }

    @Test
    void checkpointsArePrunedToTheNewestAndTheBestAndAFailedLoadChangesNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Ppo.Options every = new Ppo.Options(8, 16, 4, 2, 3e-3, 0.9, 0.95, 0.2, 0.01, 0.5, 0.5, 1, 128, dir.toString(), false, "stop");
        Ppo<MlpPolicy> ppo = new Ppo<>(new MlpPolicy(4, new int[] {32}, 4, 1), every);
        ppo.train(i -> new Cue(), 128 * 12, dir);
        java.util.List<String> names;
        try (var s = java.nio.file.Files.list(dir)) {
            names = s.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(Ppo.KEEP_CHECKPOINTS, names.stream().filter(n -> n.matches("ppo-\\d{12}\\.ckpt")).count(), names.toString());
        assertTrue(names.contains("ppo-best.ckpt") && names.contains("ppo-best.json"), names.toString());
        assertEquals(Ppo.latest(dir).getFileName().toString(), String.format("ppo-%012d.ckpt", 128 * 12));

        // a checkpoint of another shape is refused and leaves the learner as it was
        Ppo<MlpPolicy> other = new Ppo<>(new MlpPolicy(4, new int[] {16}, 4, 2), O);
        float[] before = other.net.parameters().get(0).clone();
        assertThrows(IllegalArgumentException.class, () -> other.resume(dir));
        assertEquals(0, other.frames(), "the frame counter is untouched");
        assertArrayEquals(before, other.net.parameters().get(0), "the weights are untouched");
        // the same shape resumes at the newest checkpoint
        Ppo<MlpPolicy> same = new Ppo<>(new MlpPolicy(4, new int[] {32}, 4, 1), O);
        assertTrue(same.resume(dir));
        assertEquals(128 * 12, same.frames());
    }

    @Test
    void aDivergingRunStopsWithFiniteWeightsAndSaysWhy() {
        Ppo.Options huge = new Ppo.Options(8, 16, 4, 2, 1e30, 0.9, 0.95, 0.2, 0.01, 0.5, 0.5, 1, 0, "", false, "stop");
        Ppo<MlpPolicy> ppo = new Ppo<>(new MlpPolicy(4, new int[] {32}, 4, 1), huge);
        Ppo.Run run = ppo.train(i -> new Cue(), 12_000, null);
        assertNotNull(run.diverged(), "a learning rate of 1e30 diverges, and says so");
        assertTrue(run.frames() < 12_000, "stopped early: " + run.frames());
        for (float[] p : ppo.net.parameters()) for (float v : p) assertTrue(Float.isFinite(v), "the last finite weights");
    }

    @Test
    void underWarnADivergingRunSkipsTheBadUpdatesAndGoesOn() {
        Ppo.Options huge = new Ppo.Options(8, 16, 4, 2, 1e30, 0.9, 0.95, 0.2, 0.01, 0.5, 0.5, 1, 0, "", false, "warn");
        Ppo<MlpPolicy> ppo = new Ppo<>(new MlpPolicy(4, new int[] {32}, 4, 1), huge);
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Ppo.Run run;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run = ppo.train(i -> new Cue(), 4_000, null);
        } finally {
            System.setErr(saved);
        }
        assertNull(run.diverged(), "warn does not stop");
        assertTrue(run.frames() >= 4_000, "trained every frame: " + run.frames());
        String warned = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(warned.contains("onNonFinite: warn"), warned);
        assertEquals(1, warned.split("training diverged", -1).length - 1, "warned once: " + warned);
        for (float[] p : ppo.net.parameters()) for (float v : p) assertTrue(Float.isFinite(v), "non-finite updates were skipped");
    }

    @Test
    void onNonFiniteTakesStopOrWarnOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> probelab.util.Options.apply(Ppo.Options.DEFAULTS, java.util.Map.of("onNonFinite", "ignore"), "ppo"));
        assertTrue(e.getMessage().contains("stop or warn"), e.getMessage());
    }
}
