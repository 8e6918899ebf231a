package probelab.workbench.dsl;

import java.nio.file.Path;
import java.util.Map;
import probelab.util.Doc;
import probelab.workbench.sweep.Sweep;
import probelab.workbench.sweep.SweepResult;

/** Sweeps: a script over a grid of its flags, each cell a Spark task (local by default). */
public final class SweepDsl {
    private SweepDsl() {}

    @Doc(value = "runs a script once per cell of a grid of its flags, on Spark (local[N] here, or a cluster); Ctrl-C keeps finished cells",
            example = "s = sweep('scripts/catch_dqn.groovy', grid: [seed: 1..3, episodes: [300, 600]], over: 'seed'); s.table().groupBy('episodes').mean('win_rate')",
            topic = "sweep", options = Sweep.Options.class)
    public static SweepResult sweep(Map<String, ?> opts, Object script) {
        return Sweep.run(Path.of(String.valueOf(script)), Sweep.Options.from(opts), System.out);
    }
}
