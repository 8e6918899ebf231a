package probelab.rl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import probelab.nn.Mlp;
import probelab.nn.ModelFile;
import probelab.util.Json;
import probelab.util.OutputDir;

/**
 * Saving and loading the continuous-action learners (TD3, DDPG, SAC) in the model file format:
 * their options, counters and every network, targets included, so a loaded agent acts exactly
 * as the saved one. Optimiser moments and the replay memory are not kept: training a loaded
 * agent further starts them afresh.
 */
final class AgentFiles {
    private AgentFiles() {}

    interface Counters {
        void write(DataOutputStream out) throws IOException;
    }

    static Path save(String path, String kind, Record options, int obs, int acts, List<Mlp> nets, Counters counters, boolean force, String what) {
        for (Mlp m : nets) ModelFile.requireFinite(m, what, force);
        Path p = ModelFile.save(OutputDir.current().resolve(path), kind, Json.write(probelab.util.Options.toMap(options)), out -> {
            out.writeInt(obs);
            out.writeInt(acts);
            counters.write(out);
            out.writeInt(nets.size());
            for (Mlp m : nets) m.write(out);
        });
        System.out.println("saved " + p);
        return p;
    }

    /** Reads the networks into {@code nets} (the freshly made agent's, same shapes) in order. */
    static void readNetworks(DataInputStream in, List<Mlp> nets) throws IOException {
        int n = in.readInt();
        if (n != nets.size()) throw new IOException("it holds " + n + " networks; this agent has " + nets.size());
        for (int k = 0; k < n; k++) {
            Mlp saved = Mlp.read(in);
            List<float[]> from = saved.parameters(), to = nets.get(k).parameters();
            if (from.size() != to.size()) throw new IOException("network " + (k + 1) + " does not match the agent's settings");
            for (int i = 0; i < from.size(); i++) {
                if (from.get(i).length != to.get(i).length) throw new IOException("network " + (k + 1) + " does not match the agent's settings");
                System.arraycopy(from.get(i), 0, to.get(i), 0, from.get(i).length);
            }
        }
    }
}
