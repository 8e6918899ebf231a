package probelab.rl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.studies.calibration.ElasticNetEnv;

/** TD3, DDPG and SAC agents saved and loaded: the same actions, bit for bit; damaged and foreign files refused. */
class AgentFilesTest {
    static void sameActions(ContinuousAgent a, ContinuousAgent b, int obs) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int k = 0; k < 20; k++) {
            float[] x = new float[obs];
            for (int i = 0; i < obs; i++) x[i] = (float) r.nextGaussian();
            assertArrayEquals(a.act(x), b.act(x), "the loaded agent acts as the saved one");
        }
    }

    @Test
    void td3AndDdpgRoundTripExactly(@TempDir Path dir) {
        for (String kind : new String[] {"td3", "ddpg"}) {
            ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
            Td3.Options o = kind.equals("td3") ? Td3.Options.DEFAULTS : Td3.Options.DDPG;
            Td3 agent = new Td3(env, probelab.util.Options.apply(o, Map.of("warmup", 20), kind));
            agent.train(env, new ContinuousAgent.TrainOptions(40, 2, 1, false));
            Path p = agent.save(dir.resolve(kind + ".agent").toString());
            Td3 back = Td3.load(p);
            sameActions(agent, back, env.observationSpace().size());
            assertEquals(agent.getActorUpdates(), back.getActorUpdates());
            assertEquals(agent.toString(), back.toString());
            assertEquals(back.getClass(), probelab.workbench.dsl.CoreDsl.load(p.toString()).getClass(), "load() reads the kind");
        }
    }

    @Test
    void sacRoundTripsExactlyWithItsTemperature(@TempDir Path dir) {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        Sac agent = new Sac(env, probelab.util.Options.apply(Sac.Options.DEFAULTS, Map.of("warmup", 20), "sac"));
        agent.train(env, new ContinuousAgent.TrainOptions(40, 2, 1, false));
        Sac back = Sac.load(agent.save(dir.resolve("sac.agent").toString()));
        sameActions(agent, back, env.observationSpace().size());
        assertEquals(agent.alpha(), back.alpha());
        assertEquals(agent.toString(), back.toString());
    }

    @Test
    void damagedAndForeignFilesAreRefused(@TempDir Path dir) throws Exception {
        ElasticNetEnv env = new ElasticNetEnv(8, 6, 2);
        Path td3 = new Td3(env, Td3.Options.DEFAULTS).save(dir.resolve("a.agent").toString());
        byte[] all = Files.readAllBytes(td3);
        Path cut = dir.resolve("cut.agent");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Td3.load(cut)).getMessage().contains("damaged or truncated"));
        var foreign = assertThrows(IllegalArgumentException.class, () -> Sac.load(td3));
        assertTrue(foreign.getMessage().contains("holds a 'td3' model, not a sac agent"), foreign.getMessage());
        Path dqn = new Dqn(new probelab.env.CatchEnv(10), Dqn.Options.CLASSIC).save(dir.resolve("d.agent").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Td3.load(dqn)).getMessage().contains("holds a 'dqn' model"));
    }
}
