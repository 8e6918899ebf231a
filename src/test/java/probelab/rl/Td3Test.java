package probelab.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.env.Box;
import probelab.env.Env;
import probelab.env.Reset;
import probelab.env.Space;
import probelab.env.Step;
import probelab.nn.Activation;
import probelab.nn.Mlp;

class Td3Test {

    /** A point on a line moves by 0.5·a per step toward a target; reward −|target − position|. */
    static final class PointEnv implements Env<float[]> {
        private SplittableRandom rng = new SplittableRandom(0);
        private double pos, target;
        private int t;

        @Override
        public Reset reset(Long seed) {
            if (seed != null) rng = new SplittableRandom(seed);
            pos = rng.nextDouble() * 2 - 1;
            target = rng.nextDouble() * 2 - 1;
            t = 0;
            return new Reset(obs(), Map.of());
        }

        private float[] obs() {
            return new float[] {(float) pos, (float) target};
        }

        @Override
        public Step step(float[] a) {
            pos = Math.max(-1.5, Math.min(1.5, pos + 0.5 * a[0]));
            t++;
            return new Step(obs(), -Math.abs(target - pos), false, t >= 10, Map.of());
        }

        @Override
        public Space actionSpace() {
            return new Box(-1, 1, new int[] {1});
        }

        @Override
        public Space observationSpace() {
            return new Box(-1.5, 1.5, new int[] {2});
        }

        @Override
        public BufferedImage render() {
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }
    }

    /** Plays {@code steps} exploring steps on the point task, remembering each transition. */
    static void explore(ContinuousAgent agent, int steps) {
        PointEnv env = new PointEnv();
        float[] s = env.reset(1L).observation();
        for (int i = 0; i < steps; i++) {
            float[] a = agent.explore(s);
            Step st = env.step(a);
            agent.remember(s, a, st.reward(), st.observation(), false);
            s = st.observation();
        }
    }

    /** Total reward of greedy play and of standing still on the same 50 fresh problems. */
    static double[] greedyAndStill(ContinuousAgent agent) {
        PointEnv test = new PointEnv();
        double learned = 0, still = 0;
        for (int ep = 0; ep < 50; ep++) {
            float[] s = test.reset(1000L + ep).observation();
            for (int k = 0; k < 10; k++) {
                Step st = test.step(agent.act(s));
                learned += st.reward();
                s = st.observation();
            }
            test.reset(1000L + ep);
            for (int k = 0; k < 10; k++) still += test.step(new float[] {0}).reward();
        }
        return new double[] {learned, still};
    }

    private static double loss(Mlp net, float[][] x, float[][] w) {
        float[][] out = net.forward(x, x.length);
        double s = 0;
        for (int r = 0; r < x.length; r++) for (int j = 0; j < w[r].length; j++) s += w[r][j] * out[r][j];
        return s;
    }

    @Test
    void denseNetGradientsMatchFiniteDifferences() {
        Mlp net = Mlp.torch(new int[] {3, 6, 5, 2}, true, false, Activation.ELU, Activation.TANH, 0, 3);
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[4][3], w = new float[4][2];
        for (float[] row : x) for (int i = 0; i < 3; i++) row[i] = (float) (r.nextDouble() * 2 - 1);
        for (float[] row : w) for (int i = 0; i < 2; i++) row[i] = (float) (r.nextDouble() * 2 - 1);
        net.forward(x, 4);
        float[][] dx = net.backwardToInput(w);
        List<float[]> params = net.parameters(), grads = net.gradients();
        double h = 1e-2;
        for (int k = 0; k < params.size(); k += 2) {
            float[] p = params.get(k);
            for (int i = 0; i < p.length; i += 3) {
                float old = p[i];
                p[i] = (float) (old + h);
                double up = loss(net, x, w);
                p[i] = (float) (old - h);
                double down = loss(net, x, w);
                p[i] = old;
                assertEquals((up - down) / (2 * h), grads.get(k)[i], 2e-3, "parameter array " + k + " entry " + i);
            }
        }
        for (int row = 0; row < 4; row++) for (int i = 0; i < 3; i++) {
            float old = x[row][i];
            x[row][i] = (float) (old + h);
            double up = loss(net, x, w);
            x[row][i] = (float) (old - h);
            double down = loss(net, x, w);
            x[row][i] = old;
            assertEquals((up - down) / (2 * h), dx[row][i], 2e-3, "input " + row + "," + i);
        }
    }

    @Test
    void criticActionGradientMatchesFiniteDifferences() {
        Td3.Options o = new Td3.Options(0.99, 0.005, 1e-3, 1e-3, 100, 8, 2, 0, 0.1, 0.2, 0.5,
                new int[] {8, 6}, new int[] {8, 6}, new int[] {5, 4}, new int[] {5}, true, 0.3, 2, "td3");
        Td3.Critic c = new Td3.Critic(4, 2, o, 7);
        float[][] s = {{0.1f, -0.3f, 0.5f, 0.2f}, {-0.7f, 0.4f, 0.1f, 0.9f}};
        float[][] a = {{0.3f, -0.2f}, {-0.6f, 0.8f}};
        c.q(s, a, 2);
        float[][] da = c.backward(new float[] {1, 1});
        double h = 1e-2;
        for (int r = 0; r < 2; r++) for (int i = 0; i < 2; i++) {
            float old = a[r][i];
            a[r][i] = (float) (old + h);
            double up = c.q(s, a, 2)[r];
            a[r][i] = (float) (old - h);
            double down = c.q(s, a, 2)[r];
            a[r][i] = old;
            assertEquals((up - down) / (2 * h), da[r][i], 1e-3, "∂Q/∂a at row " + r + ", action " + i);
        }
    }

    @Test
    void delayedUpdatesAndTargetSmoothing() {
        Td3.Options o = new Td3.Options(0.99, 0.005, 1e-3, 1e-3, 100, 16, 2, 0, 0.1, 0.2, 0.5,
                new int[] {16}, new int[] {16}, new int[] {8}, new int[0], true, 0.003, 3, "td3");
        Td3 agent = new Td3(2, 1, o);
        explore(agent, 40);
        float targetBefore = agent.actorTarget.parameters().get(0)[0];
        agent.learn();
        assertEquals(1, agent.getLearnSteps());
        assertEquals(0, agent.getActorUpdates());
        assertEquals(targetBefore, agent.actorTarget.parameters().get(0)[0], "targets stay until the actor's turn");
        for (int i = 0; i < 9; i++) agent.learn();
        assertEquals(10, agent.getLearnSteps());
        assertEquals(5, agent.getActorUpdates(), "the actor learns every second step");
        assertTrue(targetBefore != agent.actorTarget.parameters().get(0)[0], "targets moved");

        float[][] states = new float[200][];
        for (int i = 0; i < 200; i++) states[i] = new float[] {(float) Math.sin(i), (float) Math.cos(i)};
        float[][] mu = new float[200][];
        float[][] muRaw = agent.actorTarget.forward(states, 200);
        for (int i = 0; i < 200; i++) mu[i] = muRaw[i].clone();
        float[][] smoothed = agent.targetActions(states, 200);
        boolean moved = false;
        for (int i = 0; i < 200; i++) {
            assertTrue(Math.abs(smoothed[i][0] - mu[i][0]) <= 0.5 + 1e-6, "noise clipped to ±0.5");
            assertTrue(smoothed[i][0] >= -1 && smoothed[i][0] <= 1, "actions clipped to ±1");
            if (Math.abs(smoothed[i][0] - mu[i][0]) > 1e-3) moved = true;
        }
        assertTrue(moved, "smoothing adds noise");
    }

    @Test
    void learnsToReachATarget() {
        // Reaching a target needs Q to model state × action; the seed's linear head only adds the
        // branches, so this critic gets a hidden layer after the join. Wider exploration than 0.1 too.
        Td3.Options o = new Td3.Options(0.9, 0.01, 1e-3, 1e-3, 5000, 64, 2, 200, 0.4, 0.2, 0.5,
                new int[] {64, 64}, new int[] {64}, new int[] {32}, new int[] {64}, true, 0.003, 5, "td3");
        Td3 agent = new Td3(2, 1, o);
        PointEnv env = new PointEnv();
        ContinuousAgent.Run run = agent.train(env, new ContinuousAgent.TrainOptions(250, 10, 1, false));
        assertEquals(250, run.score().length);
        assertTrue(run.lastMean(25) > run.runningMean(25)[24] + 0.2, "training score rose: " + run.runningMean(25)[24] + " → " + run.lastMean(25));
        double[] ret = greedyAndStill(agent);
        double learned = ret[0], still = ret[1];
        // Returns are negative: the learned policy must lose at most 60% of what standing still loses.
        assertTrue(learned > 0.6 * still, "greedy return " + learned / 50 + " per episode vs " + still / 50 + " standing still");
    }

    @Test
    void ddpgUsesOneCriticAndUpdatesEveryStep() {
        Td3.Options o = new Td3.Options(0.99, 0.005, 1e-3, 1e-3, 100, 16, 1, 0, 0.1, 0.2, 0.5,
                new int[] {16}, new int[] {16}, new int[] {8}, new int[0], true, 0.003, 3, "ddpg");
        Td3 agent = new Td3(2, 1, o);
        explore(agent, 40);
        float critic2Before = agent.critic2.head.parameters().get(0)[0];
        for (int i = 0; i < 6; i++) agent.learn();
        assertEquals(6, agent.getActorUpdates());
        assertEquals(critic2Before, agent.critic2.head.parameters().get(0)[0], "the second critic is unused");
    }

    @Test
    void sacLearnsToReachATarget() {
        Sac.Options o = new Sac.Options(0.9, 0.01, 1e-3, 1e-3, 3e-4, 0.2, true, 5000, 64, 200,
                new int[] {64, 64}, new int[] {64}, new int[] {32}, new int[] {64}, true, 5);
        Sac agent = new Sac(2, 1, o);
        ContinuousAgent.Run run = agent.train(new PointEnv(), new ContinuousAgent.TrainOptions(250, 10, 1, false));
        assertEquals(250, run.score().length);
        double[] ret = greedyAndStill(agent);
        double learned = ret[0], still = ret[1];
        assertTrue(learned > 0.6 * still, "greedy return " + learned / 50 + " per episode vs " + still / 50 + " standing still; alpha " + agent.alpha());
        assertTrue(agent.alpha() < 0.2, "the temperature fell toward the target entropy: " + agent.alpha());
    }
}
