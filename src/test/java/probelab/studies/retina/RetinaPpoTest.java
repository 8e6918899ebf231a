package probelab.studies.retina;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.env.Box;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.env.Reset;
import probelab.env.Space;
import probelab.env.Step;
import probelab.rl.Ppo;

/** PPO with the retinal network: learns a small pixel task; checkpoints resume where they left off. */
class RetinaPpoTest {
    @TempDir
    Path dir;

    /**
     * A bright bar on the left or right of a 32×36 frame; turning towards it (turn 1 = left,
     * 2 = right) pays 1, anything else 0. Eight frames an episode.
     */
    static final class SideTask implements Env<Integer> {
        static final int H = 32, W = 36;
        SplittableRandom rng = new SplittableRandom(0);
        int side, t;

        @Override
        public Reset reset(Long seed) {
            if (seed != null) rng = new SplittableRandom(seed);
            t = 0;
            return new Reset(frame(), Map.of());
        }

        float[] frame() {
            side = rng.nextInt(2);
            float[] f = new float[3 * H * W];
            for (int r = 0; r < H; r++) for (int c = 0; c < 10; c++) f[r * W + (side == 0 ? c : W - 1 - c)] = 1f; // red channel
            return f;
        }

        @Override
        public Step step(Integer a) {
            double reward = a / 3 == side + 1 ? 1 : 0;
            t++;
            return new Step(frame(), reward, false, t >= 8, Map.of());
        }

        @Override
        public Space actionSpace() {
            return new Discrete(9);
        }

        @Override
        public Space observationSpace() {
            return new Box(0, 1, new int[] {3, H, W});
        }

        @Override
        public BufferedImage render() {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }
    }

    static Ppo<RetinaNet> learner(long seed) {
        return learner(seed, seed);
    }

    static Ppo<RetinaNet> learner(long netSeed, long seed) {
        RetinaNet net = new RetinaNet(new RetinaNet.Options(SideTask.H, SideTask.W, 16, 4, 0, 32, 32, netSeed));
        return new Ppo<>(net, new Ppo.Options(8, 8, 4, 2, 1e-3, 0.9, 0.95, 0.2, 0.003, 0.5, 0.5, seed, 0, "", false, "stop"));
    }

    @Test
    void learnsToTurnTowardsTheBar() {
        Ppo<RetinaNet> ppo = learner(1);
        Ppo.Run run = ppo.train(i -> new SideTask(), 8000, null);
        double late = run.meanReturn(40) / 8; // reward per step over the last 40 episodes
        double early = 0;
        for (int i = 0; i < 40; i++) early += run.returns()[i] / 8 / 40;
        System.out.printf("PPO side task: reward per step %.3f in the first 40 episodes, %.3f in the last 40 (chance 1/3); %s%n", early, late, run);
        assertTrue(late > 0.8, "reward per step " + late);
        assertTrue(late > early + 0.3);
    }

    @Test
    void checkpointsResumeFromTheSameStep() throws Exception {
        Ppo<RetinaNet> first = learner(2);
        Ppo.Options o = first.o;
        first = new Ppo<>(first.net, new Ppo.Options(o.envs(), o.steps(), o.epochs(), o.minibatches(), o.learningRate(), o.gamma(), o.lambda(), o.clip(),
                o.entropy(), o.valueCoef(), o.maxGradNorm(), o.seed(), 128, "", false, o.onNonFinite()));
        first.train(i -> new SideTask(), 256, dir);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().matches("ppo-\\d{12}\\.ckpt")).count(), "a checkpoint every 128 frames");
        }
        assertTrue(Files.exists(dir.resolve("ppo-best.ckpt")), "and a copy of the best");
        Ppo<RetinaNet> resumed = learner(99, 2); // other weights until it loads; the same options
        assertTrue(resumed.resume(dir));
        assertEquals(256, resumed.frames());
        assertEquals(first.updates(), resumed.updates());
        for (int k = 0; k < first.net.parameters().size(); k++) assertArrayEquals(first.net.parameters().get(k), resumed.net.parameters().get(k));
        // both continue identically: the same weights, optimiser state and per-update random streams
        first.train(i -> new SideTask(), 128, null);
        resumed.train(i -> new SideTask(), 128, null);
        assertEquals(384, resumed.frames());
        for (int k = 0; k < first.net.parameters().size(); k++) assertArrayEquals(first.net.parameters().get(k), resumed.net.parameters().get(k));

        byte[] bytes = Files.readAllBytes(Ppo.latest(dir));
        Path broken = dir.resolve("ppo-999999999999.ckpt");
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> learner(3).resume(dir));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("damaged"), e.getMessage());
    }
}
