package probelab.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The machine a benchmark table was measured on, as the table's header states it. */
final class Machine {
    private Machine() {}

    static Map<String, Object> describe(String python) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel() + " (" + probelab.util.NumericPath.vectorExtensions() + "), " + Runtime.getRuntime().availableProcessors() + " cores");
        m.put("memory", memory());
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        String core = System.getenv("OPENBLAS_CORETYPE");
        m.put("probelab's BLAS", "OpenBLAS 0.3.19 (javacpp), kernels " + (core == null || core.isBlank() ? "as OpenBLAS detects them" : core)
                + "; OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        m.put("PyTorch", pythonSays(python, "import torch; print('PyTorch ' + torch.__version__ + (', with oneDNN' if torch.backends.mkldnn.is_available() else ''))"));
        m.put("scikit-learn", pythonSays(python, "import sklearn; print('scikit-learn ' + sklearn.__version__)"));
        m.put("peers' BLAS", peerBlas() + "; each peer's thread count is in its row");
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the JVM's view below
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return Math.round(kb / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return "unknown";
    }

    private static String peerBlas() {
        try {
            Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3");
            if (Files.exists(lib)) return "the system's libblas → " + lib.toRealPath();
        } catch (IOException | RuntimeException ignored) {
            // unknown
        }
        return "unknown";
    }

    /** What {@code python -c code} prints, or "not installed". */
    private static String pythonSays(String python, String code) {
        try {
            if (python == null || !Files.isExecutable(Path.of(python))) return "not installed (" + python + ")";
            Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return "not installed";
            return out.lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
