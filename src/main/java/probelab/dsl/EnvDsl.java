package probelab.dsl;

import java.util.Map;
import probelab.env.CatchEnv;
import probelab.util.Doc;
import probelab.util.Options;

/** Environments. */
public final class EnvDsl {
    private EnvDsl() {}

    /** Options of {@link #catchGame}. */
    public record CatchOptions(@Doc("grid size (the classic game is 10)") int size) {
        public static final CatchOptions DEFAULTS = new CatchOptions(10);
    }

    @Doc(value = "the catch game: a fruit falls, a 3-cell basket catches it (Gymnasium API)",
            example = "env = catchGame(size: 10)", topic = "env", options = CatchOptions.class)
    public static CatchEnv catchGame(Map<String, ?> opts) {
        return new CatchEnv(Options.apply(CatchOptions.DEFAULTS, opts, "catchGame").size());
    }

    public static CatchEnv catchGame() {
        return catchGame(Map.of());
    }
}
