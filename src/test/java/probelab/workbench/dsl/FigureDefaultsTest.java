package probelab.workbench.dsl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import probelab.plot.Figure;
import probelab.util.OutputDir;

/** Figures title and label themselves from what they draw; numbers print as a person writes them. */
class FigureDefaultsTest {
    @Test
    void aRunsSeriesTitlesAndLabelsItsPlot(@TempDir Path dir) {
        OutputDir.setCurrent(new OutputDir(dir, true));
        try {
            var run = LearnerExtensions.train(RlDsl.dqn(EnvDsl.catchGame()), Map.of("episodes", 5, "progress", false));
            Figure f = PlotDsl.plot(run.getWinRate());
            XYChart c = (XYChart) f.getChart();
            assertEquals("win rate (last 100 episodes)", c.getTitle());
            assertEquals("episode", c.getXAxisTitle());
            assertEquals("win rate (last 100 episodes)", c.getYAxisTitle());
            Figure plain = PlotDsl.plot(new double[] {1, 2, 3});
            assertEquals("index", ((XYChart) plain.getChart()).getXAxisTitle(), "not 'x'");
            assertEquals("value", ((XYChart) plain.getChart()).getYAxisTitle(), "not 'y'");
            assertEquals(1.0, run.getWinRate().get(4) + 1 - 1, 1.0, "a series is a list of numbers");
        } finally {
            OutputDir.setCurrent(null);
        }
    }

    @Test
    void settingsPrintWithoutFloatNoise() {
        String s = RelegatorDsl.relegator(Map.of("lr", 5e-4, "sigFraction", 0.01)).toString();
        assertTrue(s.contains("lr 0.0005") && s.contains("signal fraction 0.01,"), s);
    }
}
