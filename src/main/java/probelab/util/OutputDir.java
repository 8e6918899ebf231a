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
 * {@code runs/<name>-<time>/}; the REPL gets {@code runs/repl-<time>/}, made the first
 * time something is written. Relative paths given to DSL writers resolve here.
 */
public final class OutputDir {
    private static volatile OutputDir current;
    /** A folder for one thread and the threads it starts: a sweep runs several scripts in one JVM, each with its own. */
    private static final InheritableThreadLocal<OutputDir> scoped = new InheritableThreadLocal<>();

    private volatile Path dir;
    private final boolean script;
    /** Whether the user chose the folder (--out): then a folder in use is an error, not a reason to pick another. */
    private final boolean chosen;
    private Path lock;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final AtomicInteger figures = new AtomicInteger();

    public OutputDir(Path dir, boolean script) {
        this(dir, script, true);
    }

    /** {@code chosen}: the user named the folder; a default one that is in use gives way to {@code <name>-2}, {@code -3}, … */
    public OutputDir(Path dir, boolean script, boolean chosen) {
        this.dir = dir.toAbsolutePath().normalize();
        this.script = script;
        this.chosen = chosen;
    }

    /** The lock file that marks a folder as one run's. */
    static final String LOCK = ".probelab.lock";

    /**
     * Makes the folder this process's: creates it and a lock file naming this process (PID, host,
     * start), so that two runs never interleave their {@code summary.json}, {@code config.json} and
     * models in one folder. A lock left by a process that is gone (on this host) is taken over. A
     * folder another live run holds is an error naming it when the user chose the folder, else the
     * next free {@code <name>-2}, {@code -3}, … The lock goes when the process ends, or at
     * {@link #release()}.
     */
    public synchronized OutputDir claim() {
        if (lock != null) return this;
        Path base = dir;
        for (int attempt = 1; ; attempt++) {
            Path candidate = attempt == 1 ? base : base.resolveSibling(base.getFileName() + "-" + attempt);
            String holder = tryLock(candidate);
            if (holder == null) {
                dir = candidate;
                lock = candidate.resolve(LOCK);
                Path mine = lock;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteIfMine(mine), "output-unlock"));
                return this;
            }
            if (chosen || attempt >= 100) {
                throw new IllegalStateException(candidate + " is in use by another run (" + holder + "); give it another --out folder, "
                        + "or delete " + candidate.resolve(LOCK) + " if that run is gone");
            }
        }
    }

    /** Lets the folder go: the lock file is deleted if it is still this process's. */
    public synchronized void release() {
        if (lock != null) deleteIfMine(lock);
        lock = null;
    }

    private static final String ME = ProcessHandle.current().pid() + "@" + host();

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** Null when {@code folder} is now ours; else a description of the live holder. */
    private static String tryLock(Path folder) {
        try {
            Files.createDirectories(folder);
            Path f = folder.resolve(LOCK);
            String text = ME + " since " + java.time.Instant.now() + "\n";
            for (int tries = 0; tries < 3; tries++) {
                try {
                    Files.writeString(f, text, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                    return null;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    String held;
                    try {
                        held = Files.readString(f).trim();
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue; // released meanwhile: try again
                    }
                    if (held.startsWith(ME + " ")) return null; // this process already holds it
                    if (alive(held)) return "PID " + held;
                    Files.deleteIfExists(f); // its process is gone: a stale lock
                }
            }
            return "a lock that keeps coming back";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the output folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Whether the process a lock names still runs; a lock from another host counts as alive (it cannot be checked). */
    private static boolean alive(String held) {
        int at = held.indexOf('@'), space = held.indexOf(' ');
        if (at < 0) return false; // not a lock this code wrote
        String host = held.substring(at + 1, space < 0 ? held.length() : space);
        if (!host.equals(host())) return true;
        try {
            return ProcessHandle.of(Long.parseLong(held.substring(0, at))).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteIfMine(Path lock) {
        try {
            if (Files.readString(lock).startsWith(ME + " ")) Files.deleteIfExists(lock);
        } catch (java.io.IOException ignored) {
            // already gone
        }
    }

    /** {@code runs/<name>-<yyyyMMdd-HHmmss>} under the working folder. */
    public static Path defaultFor(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Paths.get("runs", name + "-" + stamp);
    }

    /** The output folder in force: the script's, or the REPL's. */
    public static OutputDir current() {
        OutputDir s = scoped.get();
        if (s != null) return s;
        OutputDir c = current;
        if (c == null) {
            synchronized (OutputDir.class) {
                if (current == null) current = new OutputDir(defaultFor("repl"), false, false);
                c = current;
            }
        }
        return c;
    }

    public static void setCurrent(OutputDir dir) {
        current = dir;
    }

    /**
     * Runs {@code work} with {@code dir} as the folder in force on this thread and the threads it
     * starts, whatever the process-wide one is; the previous one is back afterwards.
     */
    public static <T> T within(OutputDir dir, java.util.concurrent.Callable<T> work) throws Exception {
        return ThreadScope.with(scoped, dir, work);
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

    /** A file to read: in this folder when it is there (relative names), else the path as given when that exists. */
    public Path resolveExisting(String name) {
        Path here = resolve(name), given = Paths.get(name);
        return !Files.exists(here) && Files.exists(given) ? given : here;
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
        claim();
        summary.putAll(metrics);
        return Json.writeFile(dir.resolve("summary.json"), summary);
    }

    /** Adds settings and rewrites {@code config.json}. */
    public synchronized Path config(Map<String, ?> settings) {
        claim();
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
