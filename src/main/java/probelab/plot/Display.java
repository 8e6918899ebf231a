package probelab.plot;

import java.awt.GraphicsEnvironment;
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
    private Display() {}

    private static volatile java.util.function.Consumer<Figure> inline;

    /**
     * Shows figures with {@code sink} instead (a notebook kernel puts them in the cell's
     * output); each is still written as a PNG to the output folder. Null restores windows.
     */
    public static void showInline(java.util.function.Consumer<Figure> sink) {
        inline = sink;
    }

    public static boolean canOpenWindows() {
        return !GraphicsEnvironment.isHeadless() && !OutputDir.current().isScript()
                && !Boolean.getBoolean("probelab.noWindows");
    }

    public static Figure show(Figure f) {
        java.util.function.Consumer<Figure> sink = inline;
        if (sink != null) {
            f.save(OutputDir.current().nextFigure(f.getTitle()));
            sink.accept(f);
            return f;
        }
        if (canOpenWindows()) {
            try {
                openWindow(f);
                return f;
            } catch (RuntimeException e) {
                System.out.println("(no window: " + e.getMessage() + "; writing a PNG instead)");
            }
        }
        Path p = f.save(OutputDir.current().nextFigure(f.getTitle()));
        System.out.print(f.preview(60, 12));
        System.out.println("  saved " + p);
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
