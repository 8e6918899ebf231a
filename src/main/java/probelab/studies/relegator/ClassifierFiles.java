package probelab.studies.relegator;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import probelab.nn.Mlp;
import probelab.nn.ModelFile;
import probelab.util.Json;
import probelab.util.OutputDir;

/** The relegator's and the baselines' model files: options, the passing threshold, the network. */
final class ClassifierFiles {
    private ClassifierFiles() {}

    record Saved(double threshold, Mlp net) {}

    static Path save(String path, String kind, Record options, double threshold, Mlp net, boolean force) {
        if (net == null) throw new IllegalStateException("fit the " + kind + " before saving it");
        ModelFile.requireFinite(net, "this " + kind + "'s network", force);
        Path p = ModelFile.save(OutputDir.current().resolve(path), kind, Json.write(probelab.util.Options.toMap(options)), out -> {
            out.writeDouble(threshold);
            net.write(out);
        });
        System.out.println("saved " + p);
        return p;
    }

    /** The threshold and network after the options, checked: a threshold in [0, 1], {@code outputs} outputs. */
    static Saved read(DataInputStream in, int outputs) throws IOException {
        double threshold = in.readDouble();
        if (!(threshold >= 0 && threshold <= 1)) throw new IOException("its passing threshold " + threshold + " is not in [0, 1]");
        Mlp net = Mlp.read(in);
        if (net.outputSize() != outputs) throw new IOException("its network has " + net.outputSize() + " outputs; the settings say " + outputs);
        return new Saved(threshold, net);
    }
}
