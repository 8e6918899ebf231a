package probelab.workbench.dsl;

import java.nio.file.Path;
import java.util.Map;
import probelab.dash.Dashboard;
import probelab.dash.NetworkListener;
import probelab.dash.TensorBoard;
import probelab.util.Doc;
import probelab.util.Options;
import probelab.util.OutputDir;

/** Watching training live: the browser dashboard and TensorBoard event files. */
public final class DashDsl {
    private DashDsl() {}

    @Doc(value = "a live dashboard in the browser; follows every training loop's progress and takes cells (log, image, text, html, table, histogram)",
            example = "dash = dashboard(); dash.log('train', step, [loss: 0.3]); dash.image('frames', fig)", topic = "dash", options = Dashboard.Options.class)
    public static Dashboard dashboard(Map<String, ?> opts) {
        return new Dashboard(Options.apply(Dashboard.Options.DEFAULTS, opts, "dashboard"));
    }

    public static Dashboard dashboard() {
        return dashboard(Map.of());
    }

    @Doc(value = "TensorBoard event files in the output folder (or DIR): scalars and images; dash.tensorBoard(tb) mirrors a dashboard into them",
            example = "tb = tensorBoard(); tb.scalar('loss', 1, 0.5)", topic = "dash")
    public static TensorBoard tensorBoard() {
        return new TensorBoard(OutputDir.current().path().resolve("tensorboard"));
    }

    public static TensorBoard tensorBoard(Object dir) {
        return new TensorBoard(Path.of(String.valueOf(dir)));
    }

    @Doc(value = "a DL4J TrainingListener: loss, gradient norms, weight histograms, conv filters to a dashboard (and TensorBoard)",
            example = "net.addListeners(networkListener(dash, every: 20))", topic = "dash", options = NetworkListener.Options.class)
    public static NetworkListener networkListener(Map<String, ?> opts, Dashboard dash) {
        return new NetworkListener(dash, null, Options.apply(NetworkListener.Options.DEFAULTS, opts, "networkListener"));
    }

    public static NetworkListener networkListener(Dashboard dash) {
        return networkListener(Map.of(), dash);
    }

    public static NetworkListener networkListener(Map<String, ?> opts, Dashboard dash, TensorBoard tb) {
        return new NetworkListener(dash, tb, Options.apply(NetworkListener.Options.DEFAULTS, opts, "networkListener"));
    }
}
