package probelab.workbench.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.util.AtomicFiles;
import probelab.util.Json;

/**
 * {@code probelab kernel install|remove}: the kernelspec that lets Jupyter start the
 * workbench. Its command is the launcher itself ({@code bin/probelab kernel run FILE}), so
 * the kernel gets the launcher's JVM settings and rebuilds like any other start.
 */
public final class KernelSpec {
    public static final String NAME = "probelab";
    static final String DISPLAY_NAME = "probelab (Groovy)";

    private KernelSpec() {}

    /** Where the spec goes: {@code --user} (the default), {@code --sys-prefix}, or {@code --prefix DIR}. */
    record Where(Path kernels) {}

    static final String USAGE = "usage: probelab kernel install|remove [--user | --sys-prefix | --prefix DIR]\n"
            + "       probelab kernel run CONNECTION_FILE   (what Jupyter runs)\n";

    public static int main(String[] args, Path launcher, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "run" -> {
                    if (args.length != 2) {
                        err.print(USAGE);
                        return 2;
                    }
                    GroovyKernel.serve(Paths.get(args[1]));
                    return 0;
                }
                case "install" -> {
                    Where w = where(List.of(args).subList(1, args.length));
                    Path dir = install(w.kernels(), launcher);
                    out.println("installed kernelspec '" + NAME + "' (" + DISPLAY_NAME + ") in " + dir);
                    return 0;
                }
                case "remove", "uninstall" -> {
                    Where w = where(List.of(args).subList(1, args.length));
                    Path dir = w.kernels().resolve(NAME);
                    if (!remove(dir)) {
                        err.println("probelab: no kernelspec '" + NAME + "' in " + w.kernels());
                        return 1;
                    }
                    out.println("removed " + dir);
                    return 0;
                }
                default -> {
                    err.print("probelab: unknown kernel command '" + args[0] + "'\n" + USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("probelab: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("probelab: " + e.getMessage());
            return 1;
        }
    }

    static Where where(List<String> flags) {
        if (flags.isEmpty() || flags.equals(List.of("--user"))) return new Where(userDataDir().resolve("kernels"));
        if (flags.equals(List.of("--sys-prefix"))) return new Where(sysPrefix().resolve("share/jupyter/kernels"));
        if (flags.size() == 2 && flags.get(0).equals("--prefix")) {
            return new Where(Paths.get(flags.get(1)).toAbsolutePath().resolve("share/jupyter/kernels"));
        }
        throw new IllegalArgumentException("expected one of --user, --sys-prefix, --prefix DIR; got " + String.join(" ", flags));
    }

    /** Jupyter's per-user data folder: $JUPYTER_DATA_DIR, else the platform's default. */
    static Path userDataDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isBlank()) return Paths.get(env);
        Path home = Paths.get(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) return home.resolve("Library/Jupyter");
        if (os.contains("win")) {
            String appdata = System.getenv("APPDATA");
            return Paths.get(appdata != null ? appdata : home.toString()).resolve("jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Paths.get(xdg) : home.resolve(".local/share")).resolve("jupyter");
    }

    /** The Python environment Jupyter runs in, as {@code python3} reports its {@code sys.prefix}. */
    static Path sysPrefix() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || s.isEmpty()) throw new IllegalStateException("python3 failed: " + s);
            return Paths.get(s);
        } catch (IOException e) {
            throw new IllegalStateException("--sys-prefix needs python3 on the PATH: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The kernel.json Jupyter reads: the launcher's command, interrupts as messages. */
    static Map<String, Object> spec(Path launcher) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", List.of(launcher.toAbsolutePath().toString(), "kernel", "run", "{connection_file}"));
        m.put("display_name", DISPLAY_NAME);
        m.put("language", "groovy");
        m.put("interrupt_mode", "message");
        m.put("metadata", Map.of("debugger", false));
        return m;
    }

    static Path install(Path kernels, Path launcher) throws IOException {
        if (!Files.isExecutable(launcher)) throw new IllegalStateException("the launcher " + launcher + " is not executable");
        Path dir = kernels.resolve(NAME);
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("kernel.json"), Json.write(spec(launcher)) + "\n");
        return dir;
    }

    static boolean remove(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
        }
        Files.delete(dir);
        return true;
    }
}
