package probelab.util;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The folder a run writes into: {@code summary.json} (headline metrics), {@code config.json},
 * figures, GIFs and saved models. A script gets one from {@code --out DIR} or
 * {@code runs/<name>-<time>/}; a REPL session gets {@code runs/repl-<time>/}, made the first
 * time something is written. Relative paths given to DSL writers resolve here.
 */
public final class OutputDir {
    private static volatile OutputDir current;

    private final Path dir;
    private final boolean script;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final AtomicInteger figures = new AtomicInteger();

    public OutputDir(Path dir, boolean script) {
        this.dir = dir.toAbsolutePath().normalize();
        this.script = script;
    }

    /** {@code runs/<name>-<yyyyMMdd-HHmmss>} under the working folder. */
    public static Path defaultFor(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Paths.get("runs", name + "-" + stamp);
    }

    /** The output folder in force: the script's, or the REPL session's. */
    public static OutputDir current() {
        OutputDir c = current;
        if (c == null) {
            synchronized (OutputDir.class) {
                if (current == null) current = new OutputDir(defaultFor("repl"), false);
                c = current;
            }
        }
        return c;
    }

    public static void setCurrent(OutputDir dir) {
        current = dir;
    }

    /** True when a script (not the REPL) owns this folder: figures go to files, not windows. */
    public boolean isScript() {
        return script;
    }

    public Path path() {
        return dir;
    }

    /** Resolves a user-given path: absolute stays, relative lands in this folder. */
    public Path resolve(String name) {
        Path p = Paths.get(name);
        return p.isAbsolute() ? p : dir.resolve(p);
    }

    /** A fresh figure file name such as {@code fig-03-win-rate.png}. */
    public Path nextFigure(String title) {
        String slug = title == null ? "" : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        if (slug.length() > 40) slug = slug.substring(0, 40);
        int n = figures.incrementAndGet();
        return dir.resolve(String.format(Locale.ROOT, "fig-%02d%s.png", n, slug.isEmpty() ? "" : "-" + slug));
    }

    /** Adds headline metrics and rewrites {@code summary.json}. */
    public synchronized Path summary(Map<String, ?> metrics) {
        summary.putAll(metrics);
        return Json.writeFile(dir.resolve("summary.json"), summary);
    }

    /** Adds settings and rewrites {@code config.json}. */
    public synchronized Path config(Map<String, ?> settings) {
        config.putAll(settings);
        return Json.writeFile(dir.resolve("config.json"), config);
    }

    public boolean exists() {
        return Files.isDirectory(dir);
    }

    @Override
    public String toString() {
        return "OutputDir " + dir;
    }
}
