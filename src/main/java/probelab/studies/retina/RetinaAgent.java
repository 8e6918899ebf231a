package probelab.studies.retina;

import java.nio.file.Path;
import java.util.Map;
import probelab.rl.Ppo;

/** The retinal agent: PPO on a {@link RetinaNet}, and rebuilding one from its checkpoint. */
public final class RetinaAgent {
    private RetinaAgent() {}

    /** A learner rebuilt from a checkpoint: the network and PPO options it was saved with, then its state. */
    @SuppressWarnings("unchecked")
    public static Ppo<RetinaNet> fromCheckpoint(Path file) {
        Map<String, Object> all = Ppo.checkpointSettings(file, "ppo-retina");
        RetinaNet.Options no = probelab.util.Options.apply(RetinaNet.Options.DEFAULTS, (Map<String, ?>) all.get("net"), "checkpoint network");
        Ppo.Options po = probelab.util.Options.apply(Ppo.Options.DEFAULTS, (Map<String, ?>) all.get("ppo"), "checkpoint PPO options");
        return new Ppo<>(new RetinaNet(no), po).load(file);
    }
}
