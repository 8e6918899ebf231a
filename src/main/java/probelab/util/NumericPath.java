package probelab.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run's numbers depend on besides its seed and settings, as every script's
 * {@code config.json} records it: the build, the JVM, the cores, and the BLAS kernels.
 *
 * <p>A run repeats bit for bit given the same seed, build and numeric path. The plain-array
 * learners (DQN, TD3, DDPG, SAC, the relegator) depend on the build and the JVM only. Work
 * that goes through OpenBLAS (convolutions, so retinal PPO and the active-learning CNNs) also
 * depends on its kernels ({@code OPENBLAS_CORETYPE}: AVX2 and AVX-512 kernels round
 * differently) and on the number of cores (gradients are summed over one share of the frames
 * per core).
 */
public final class NumericPath {
    private NumericPath() {}

    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probelab", Version.get());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cpu", cpuInfo("model name"));
        m.put("cpu_vector_extensions", vectorExtensions());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        String kernels = System.getenv("OPENBLAS_CORETYPE");
        m.put("openblas_kernels", kernels == null || kernels.isBlank() ? "detected by OpenBLAS" : kernels);
        m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        m.put("nd4j_backend", nd4jBackend());
        return m;
    }

    /** The widest x86 vector extension the CPU reports: avx512f, avx2, or what /proc/cpuinfo lacks. */
    public static String vectorExtensions() {
        String flags = " " + cpuInfo("flags") + " ";
        if (flags.contains(" avx512f ")) return "avx512f";
        if (flags.contains(" avx2 ")) return "avx2";
        if (flags.contains(" avx ")) return "avx";
        return flags.isBlank() ? "unknown" : "sse";
    }

    private static String cpuInfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return "unknown";
    }

    /** ND4J's backend by the classes on the class path, without starting it (that loads native code). */
    static String nd4jBackend() {
        ClassLoader loader = NumericPath.class.getClassLoader();
        String[][] known = {{"org.nd4j.linalg.jcublas.JCublasBackend", "CUDA"}, {"org.nd4j.linalg.cpu.nativecpu.CpuBackend", "native CPU"}};
        for (String[] k : known) {
            try {
                Class.forName(k[0], false, loader);
                return k[1];
            } catch (ClassNotFoundException e) {
                // try the next
            }
        }
        return "none";
    }
}
