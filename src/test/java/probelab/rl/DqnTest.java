package probelab.rl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.env.CatchEnv;

class DqnTest {

    @Test
    void classicSettingsLearnCatchWithin1000Episodes() {
        CatchEnv env = new CatchEnv(10);
        Dqn agent = new Dqn(env, Dqn.Options.CLASSIC);
        TrainingRun run = agent.train(new Dqn.TrainOptions(1000, null, 0, false));
        assertEquals(1000, run.getEpisodes());
        double greedy = agent.evaluate(new Rollouts.PlayOptions(1000, 10_000, 0, 150), new CatchEnv(10)).winRate();
        System.out.printf("classic DQN: %d training wins, greedy win rate %.3f, %.1fs%n", run.getWins(), greedy, run.getSeconds());
        assertTrue(greedy >= 0.95, "greedy win rate " + greedy);
        // the classic run wins roughly 740-760 of its games with ε = 0.1 still on
        assertTrue(run.getWins() > 600, "training wins " + run.getWins());
    }

    static boolean allFinite(Dqn agent) {
        for (float[] p : agent.getNetwork().parameters()) for (float v : p) if (!Float.isFinite(v)) return false;
        return true;
    }

    @Test
    void divergenceStopsAtTheStepKeepingTheLastFiniteWeights() {
        Dqn agent = new Dqn(new CatchEnv(10), probelab.util.Options.apply(Dqn.Options.CLASSIC, Map.of("lr", 1e6), "dqn"));
        TrainingRun run = agent.train(new Dqn.TrainOptions(200, null, 0, false));
        String why = run.getDiverged();
        assertNotNull(why, "a learning rate of 1e6 diverges, and says so");
        assertTrue(why.startsWith("training diverged at update ") && why.contains("last finite loss") && why.contains("learning rate"), why);
        assertTrue(run.getEpisodes() < 200, "stopped early: " + run.getEpisodes());
        assertTrue(run.summary().containsKey("diverged"));
        assertTrue(allFinite(agent), "the weights are the last finite ones");
        assertTrue(agent.evaluate(new Rollouts.PlayOptions(20, 10_000, 0, 150), new CatchEnv(10)).episodes() == 20);

        Dqn warned = new Dqn(new CatchEnv(10), probelab.util.Options.apply(Dqn.Options.CLASSIC, Map.of("lr", 1e6), "dqn"));
        TrainingRun goesOn = warned.train(new Dqn.TrainOptions(50, null, 0, false, "warn"));
        assertEquals(50, goesOn.getEpisodes(), "warn: training goes on");
        assertNull(goesOn.getDiverged());
        assertTrue(allFinite(warned), "non-finite updates were skipped");
        assertThrows(IllegalArgumentException.class, () -> new Dqn.TrainOptions(5, null, 0, false, "ignore"));
    }

    @Test
    void craftedFilesWithAValidChecksumAreRefusedBeforeAllocating(@TempDir Path dir) throws Exception {
        // layer sizes promising 2^48 weights in a file of a few bytes
        Path huge = probelab.nn.ModelFile.save(dir.resolve("huge.agent"), "dqn", "{}", out -> {
            out.writeInt(100);
            out.writeInt(3);
            out.writeLong(0);
            out.writeInt(3);
            for (int k = 0; k < 3; k++) out.writeInt(1 << 24);
        });
        var e = assertThrows(IllegalArgumentException.class, () -> Dqn.load(huge));
        assertTrue(e.getMessage().contains("more than the file holds"), e.getMessage());
        // a settings length that is negative, with the checksum made to match
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(body);
        out.write(probelab.nn.ModelFile.MAGIC);
        out.writeInt(probelab.nn.ModelFile.VERSION);
        out.writeUTF("dqn");
        out.writeInt(-5);
        out.flush();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.toByteArray());
        out.writeLong(crc.getValue());
        Path negative = Files.write(dir.resolve("negative.agent"), body.toByteArray());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Dqn.load(negative));
        assertTrue(e2.getMessage().contains("claim -5 bytes"), e2.getMessage());
    }

    @Test
    void aNetworkWithNaNWeightsIsNotSavedUnlessForced(@TempDir Path dir) {
        Dqn agent = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC);
        agent.getNetwork().parameters().get(0)[3] = Float.NaN;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> agent.save(dir.resolve("a.agent").toString()));
        assertTrue(e.getMessage().contains("NaN or Infinity in 1 of") && e.getMessage().contains("force: true"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a.agent")));
        assertTrue(Files.exists(agent.save(Map.of("force", true), dir.resolve("a.agent").toString())));
    }

    @Test
    void sameSeedSameRun() {
        double[] a = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC).train(new Dqn.TrainOptions(60, null, 0, false)).getLoss().values();
        double[] b = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC).train(new Dqn.TrainOptions(60, null, 0, false)).getLoss().values();
        assertArrayEquals(a, b);
    }

    @Test
    void targetNetworkDoubleDqnHuberAdamAlsoTrain() {
        Dqn.Options o = probelab.util.Options.apply(Dqn.Options.CLASSIC,
                Map.of("targetSync", 100, "doubleDqn", true, "loss", "huber", "optimizer", "adam", "lr", 1e-3,
                        "epsilon", 1.0, "epsilonEnd", 0.05, "epsilonDecaySteps", 3000), "dqn");
        Dqn agent = new Dqn(new CatchEnv(10), o);
        agent.train(new Dqn.TrainOptions(800, null, 0, false));
        double greedy = agent.evaluate(new Rollouts.PlayOptions(300, 10_000, 0, 150), new CatchEnv(10)).winRate();
        assertTrue(greedy >= 0.8, "greedy win rate " + greedy);
    }

    @Test
    void interruptStopsTrainingAndKeepsHistory() throws Exception {
        Dqn agent = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC);
        TrainingRun[] out = new TrainingRun[1];
        Thread t = new Thread(() -> out[0] = agent.train(new Dqn.TrainOptions(1_000_000, null, 0, false)));
        t.start();
        Thread.sleep(300);
        t.interrupt();
        t.join(5000);
        assertFalse(t.isAlive());
        assertTrue(out[0].isInterrupted());
        assertTrue(out[0].getEpisodes() > 0 && out[0].getEpisodes() < 1_000_000);
        assertEquals(out[0].getEpisodes(), out[0].getReward().size());
    }

    @Test
    void saveAndLoadRoundTripAndCorruptFilesAreRefused(@TempDir Path dir) throws Exception {
        Dqn agent = new Dqn(new CatchEnv(10), Dqn.Options.CLASSIC);
        agent.train(new Dqn.TrainOptions(50, null, 0, false));
        Path p = agent.save(dir.resolve("a.agent").toString());
        Dqn back = Dqn.load(p);
        float[] obs = new CatchEnv(10).reset(3L).observation();
        assertArrayEquals(agent.q(obs), back.q(obs));
        assertEquals(agent.getSteps(), back.getSteps());

        byte[] bytes = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.agent");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e1 = assertThrows(IllegalArgumentException.class, () -> Dqn.load(cut));
        assertTrue(e1.getMessage().contains("damaged or truncated"), e1.getMessage());

        Path foreign = dir.resolve("foreign.bin");
        Files.writeString(foreign, "{\"hello\": 1}");
        var e2 = assertThrows(IllegalArgumentException.class, () -> Dqn.load(foreign));
        assertTrue(e2.getMessage().contains("not a probelab model file"), e2.getMessage());
    }

    @Test
    void unknownOrIllTypedOptionsListTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> probelab.util.Options.apply(Dqn.Options.CLASSIC, Map.of("learningRate", 0.1), "dqn"));
        assertTrue(e.getMessage().contains("unknown option 'learningRate'"), e.getMessage());
        assertTrue(e.getMessage().contains("lr (number)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> probelab.util.Options.apply(Dqn.Options.CLASSIC, Map.of("batch", "big"), "dqn"));
        assertTrue(e2.getMessage().contains("'batch' of dqn expects integer, got String \"big\""), e2.getMessage());
    }
}
