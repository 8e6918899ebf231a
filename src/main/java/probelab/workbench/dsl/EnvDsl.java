package probelab.workbench.dsl;

import java.util.Map;
import probelab.env.CatchEnv;
import probelab.studies.calibration.ElasticNetEnv;
import probelab.studies.retina.ForagingEnv;
import probelab.util.Doc;
import probelab.util.Options;

/** Environments. */
public final class EnvDsl {
    private EnvDsl() {}

    @Doc(value = "the catch game: a fruit falls, a 3-cell basket catches it (Gymnasium API)",
            example = "env = catchGame(size: 10)", topic = "env", options = CatchEnv.Options.class)
    public static CatchEnv catchGame(Map<String, ?> opts) {
        return new CatchEnv(Options.apply(CatchEnv.Options.DEFAULTS, opts, "catchGame"));
    }

    public static CatchEnv catchGame() {
        return catchGame(Map.of());
    }

    @Doc(value = "smart calibration (seed 000): choose the elastic net's two weights; reward = fit + conditioning of the influence matrix",
            example = "env = elasticNetEnv(M: 20, N: 20); env.reset(1); env.step([0f, 0f] as float[])", topic = "env", options = ElasticNetEnv.Options.class)
    public static ElasticNetEnv elasticNetEnv(Map<String, ?> opts) {
        return new ElasticNetEnv(Options.apply(ElasticNetEnv.Options.DEFAULTS, opts, "elasticNetEnv"));
    }

    public static ElasticNetEnv elasticNetEnv() {
        return elasticNetEnv(Map.of());
    }

    @Doc(value = "retinal foraging (seed 003): a first-person room with pickups textured by dataset images; health by class (Gymnasium API, 9 actions = 3·turn + move)",
            example = "env = foragingEnv(mnist(), height: 36, width: 64); env.reset(1); env.step(1); image(env.render())", topic = "env",
            options = ForagingEnv.Options.class)
    public static ForagingEnv foragingEnv(Map<String, ?> opts, probelab.data.ImageDataset pickups) {
        return new ForagingEnv(pickups, Options.apply(ForagingEnv.Options.DEFAULTS, opts, "foragingEnv"));
    }

    public static ForagingEnv foragingEnv(probelab.data.ImageDataset pickups) {
        return foragingEnv(Map.of(), pickups);
    }

    /** MNIST digits as pickups. */
    public static ForagingEnv foragingEnv(Map<String, ?> opts) {
        ForagingEnv.Options o = Options.apply(ForagingEnv.Options.DEFAULTS, opts, "foragingEnv");
        return new ForagingEnv(probelab.data.Datasets.mnist(), o);
    }

    public static ForagingEnv foragingEnv() {
        return foragingEnv(Map.of());
    }
}
