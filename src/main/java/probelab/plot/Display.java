package probelab.plot;

import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.nio.file.Path;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.knowm.xchart.XChartPanel;
import probelab.util.OutputDir;

/**
 * Shows a figure where the user is: a window when the REPL has a display; otherwise (no
 * display, or a script run) a PNG in the output folder, its path printed, and a text
 * preview in the terminal.
 */
public final class Display {
    private static PrintStream out = System.out;

    private Display() {}

    /** Where paths and previews are printed (the REPL points it at its terminal). */
    public static void setOut(PrintStream stream) {
        out = stream;
    }

    public static boolean canOpenWindows() {
        return !GraphicsEnvironment.isHeadless() && !OutputDir.current().isScript()
                && !Boolean.getBoolean("probelab.noWindows");
    }

    public static Figure show(Figure f) {
        if (canOpenWindows()) {
            try {
                openWindow(f);
                return f;
            } catch (RuntimeException e) {
                out.println("(no window: " + e.getMessage() + "; writing a PNG instead)");
            }
        }
        Path p = f.save(OutputDir.current().nextFigure(f.getTitle()));
        out.print(f.preview(60, 12));
        out.println("  saved " + p);
        out.flush();
        return f;
    }

    private static void openWindow(Figure f) {
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame(f.getTitle() == null || f.getTitle().isEmpty() ? "probelab" : f.getTitle());
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            @SuppressWarnings({"unchecked", "rawtypes"})
            XChartPanel<?> panel = new XChartPanel(f.getChart());
            frame.add(panel);
            frame.pack();
            frame.setLocationByPlatform(true);
            frame.setVisible(true);
        });
    }
}
