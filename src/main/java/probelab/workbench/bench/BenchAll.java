package probelab.workbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.util.AtomicFiles;
import probelab.util.Json;
import probelab.util.Num;
import probelab.util.OutputDir;

/**
 * {@code bin/probelab bench}: every comparison with its peer in one go, each benchmark script in
 * a JVM of its own (the launcher's settings), then one table — the date, the machine (CPU,
 * cores, BLAS kernels, JDK, the peers' versions and threads) and a row per comparison with the
 * command that reproduces it — written to the run's folder and to {@code docs/benchmarks.md}.
 * A peer that is not installed gives a row that says so. {@code --tiny true} runs every
 * benchmark with the smallest settings, in this JVM, to check the machinery.
 */
public final class BenchAll {
    private BenchAll() {}

    /** One benchmark: its script, the arguments of the full run and of the tiny one. */
    record Spec(String name, String script, List<String> args, List<String> tiny) {
        String command() {
            StringBuilder sb = new StringBuilder("bin/probelab scripts/" + script);
            for (String a : args) sb.append(' ').append(a);
            return sb.toString();
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("catch", "bench_catch.groovy", List.of("--seeds", "3"),
                    List.of("--seeds", "1", "--episodes", "20", "--evalEpisodes", "10", "--startupRuns", "0")),
            new Spec("relegator", "bench_relegator.groovy", List.of("--seeds", "3"),
                    List.of("--seeds", "1", "--epochs", "3")),
            new Spec("active-cnn", "bench_active_round.groovy", List.of("--estimator", "cnn"),
                    List.of("--estimator", "cnn", "--passes", "2", "--epochs", "1", "--pool", "200", "--labelled", "50")),
            new Spec("active-bayesian", "bench_active_round.groovy", List.of("--estimator", "bayesian"),
                    List.of("--estimator", "bayesian", "--passes", "2", "--epochs", "1", "--pool", "200", "--labelled", "50")),
            new Spec("tsne", "bench_tsne.groovy", List.of("--n", "1000,2000,5000,10000,20000", "--scale", "false"),
                    List.of("--n", "300", "--scale", "false", "--synthetic", "true")),
            new Spec("receptive-fields", "bench_analysis.groovy", List.of("--samples", "25000"),
                    List.of("--samples", "20")),
            new Spec("retina-36x64", "bench_retina.groovy", List.of("--height", "36", "--width", "64", "--frames", "4096", "--rounds", "3"),
                    List.of("--height", "36", "--width", "64", "--frames", "64", "--rounds", "1", "--warmup", "0")),
            new Spec("retina-72x128", "bench_retina.groovy", List.of("--height", "72", "--width", "128", "--frames", "2048", "--rounds", "3"),
                    List.of("--height", "72", "--width", "128", "--frames", "32", "--rounds", "1", "--warmup", "0")),
            new Spec("influence", "bench_influence.groovy", List.of("--tests", "3"),
                    List.of("--tests", "1", "--train", "200", "--depth", "2", "--hvpBatch", "20", "--synthetic", "true")),
            new Spec("onnx", "bench_onnx.groovy", List.of("--n", "10000", "--rounds", "5"),
                    List.of("--n", "64", "--rounds", "1", "--synthetic", "true")),
            new Spec("foraging", "bench_foraging.groovy", List.of("--frames", "20000"),
                    List.of("--frames", "50")),
            new Spec("dashboard", "bench_dashboard.groovy", List.of("--seconds", "10", "--rounds", "3"),
                    List.of("--seconds", "0.3", "--rounds", "1")));

    /** Options of a run. */
    record Options(boolean tiny, String only, String python, String docs, Path out) {}

    /** Runs the benchmarks and writes the table; returns the exit status. */
    public static int run(String[] args, PrintStream log) throws IOException {
        Map<String, Object> o = probelab.workbench.cli.ScriptArgs.parse(args,
                Map.of("tiny", false, "only", "", "python", "/usr/bin/python3", "docs", "docs/benchmarks.md", "results", false));
        boolean results = (Boolean) o.get("results");
        Path out = null;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--out")) out = Paths.get(args[i + 1]);
        if (out == null) out = OutputDir.defaultFor(results ? "results" : "bench");
        Options options = new Options((Boolean) o.get("tiny"), (String) o.get("only"), (String) o.get("python"), (String) o.get("docs"),
                out.toAbsolutePath());
        return results ? Results.run(options, log) : run(options, log);
    }

    static int run(Options o, PrintStream log) throws IOException {
        Files.createDirectories(o.out());
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Spec s : SPECS) {
            if (!o.only().isBlank() && !List.of(o.only().split(",")).contains(s.name())) continue;
            if (Thread.currentThread().isInterrupted()) break;
            Path dir = o.out().resolve(s.name());
            List<String> args = new ArrayList<>(o.tiny() ? s.tiny() : s.args());
            if (!List.of("foraging", "dashboard").contains(s.name())) args.addAll(List.of("--python", o.python()));
            args.addAll(List.of("--out", dir.toString()));
            log.printf(Locale.ROOT, "== %s: %s%n", s.name(), s.command());
            long b0 = System.nanoTime();
            int rc = o.tiny() ? inProcess(s.script(), args, dir, log) : childJvm(s.script(), args, dir, log);
            double secs = (System.nanoTime() - b0) / 1e9;
            Path summary = dir.resolve("summary.json");
            if (rc != 0 || !Files.exists(summary)) {
                failures.add(s.name());
                rows.add(failedRow(s, rc));
                log.printf(Locale.ROOT, "   %s failed (exit %d, %.0f s); see %s%n", s.name(), rc, secs, dir);
                continue;
            }
            for (Map<String, Object> r : rowsOf(summary, s)) {
                r.put("command", s.command());
                r.put("seconds", secs);
                rows.add(r);
                log.println("   " + line(r) + String.format(Locale.ROOT, "  (%.0f s)", secs));
            }
        }
        Map<String, Object> machine = Machine.describe(o.python());
        String table = markdown(rows, machine, LocalDate.now().toString(), (System.nanoTime() - t0) / 1e9, o.tiny());
        AtomicFiles.writeString(o.out().resolve("benchmarks.md"), table);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("date", LocalDate.now().toString());
        all.put("machine", machine);
        all.put("rows", rows);
        all.put("failed", failures);
        Json.writeFile(o.out().resolve("summary.json"), all);
        if (!o.tiny() && o.docs() != null && !o.docs().isBlank() && o.only().isBlank()) {
            Path docs = Paths.get(System.getProperty("probelab.home", ".")).resolve(o.docs());
            AtomicFiles.writeString(docs, table);
            log.println("wrote " + docs);
        }
        log.println("wrote " + o.out().resolve("benchmarks.md"));
        return failures.isEmpty() ? 0 : 1;
    }

    /** The rows a benchmark's summary.json carries under "rows". */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rowsOf(Path summary, Spec s) {
        Map<String, Object> m = Json.readFile(summary);
        Object rows = m.get("rows");
        if (!(rows instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalStateException(summary + " has no rows: " + s.script() + " must write summary(rows: [Bench.row(…)])");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : l) out.add(new LinkedHashMap<>((Map<String, Object>) r));
        return out;
    }

    private static Map<String, Object> failedRow(Spec s, int rc) {
        Map<String, Object> r = Bench.own(s.name(), "failed", "", Double.NaN, "the benchmark failed (exit " + rc + ")");
        r.put("command", s.command());
        return r;
    }

    /** The script in a child JVM with this JVM's settings and class path (the launcher's, under bin/probelab). */
    static int childJvm(String script, List<String> args, Path dir, PrintStream log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("probelab.workbench.cli.Main");
        cmd.add(home().resolve("scripts").resolve(script).toString());
        cmd.addAll(args);
        Files.createDirectories(dir);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The script in this JVM (tiny runs: no JVM start per benchmark). */
    static int inProcess(String script, List<String> args, Path dir, PrintStream log) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream oldOut = System.out, oldErr = System.err;
        OutputDir before = OutputDir.current();
        try {
            System.setOut(sink);
            System.setErr(sink);
            List<String> all = new ArrayList<>();
            all.add(home().resolve("scripts").resolve(script).toString());
            all.addAll(args);
            return probelab.workbench.cli.Main.run(all.toArray(new String[0]), sink, sink);
        } catch (IOException e) {
            sink.println(e);
            return 1;
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            OutputDir.setCurrent(before);
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve("log.txt"), bytes.toByteArray());
            } catch (IOException ignored) {
                // the log is a convenience
            }
        }
    }

    static Path home() {
        return Paths.get(System.getProperty("probelab.home", ".")).toAbsolutePath();
    }

    static String line(Map<String, Object> r) {
        return r.get("benchmark") + ": probelab " + value(r.get("probelab"), (String) r.get("unit")) + ", peer "
                + (r.get("peer") == null ? r.get("peer_name") : value(r.get("peer"), (String) r.get("unit")))
                + (r.get("ratio") == null ? "" : " → " + Num.format(((Number) r.get("ratio")).doubleValue(), 2) + "×");
    }

    private static String value(Object v, String unit) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) return "—";
        return Num.format(n.doubleValue(), 3) + (unit == null || unit.isEmpty() ? "" : " " + unit);
    }

    /** The table: date and machine above, a row per comparison, the command for each. */
    static String markdown(List<Map<String, Object>> rows, Map<String, Object> machine, String date, double seconds, boolean tiny) {
        StringBuilder sb = new StringBuilder("# Benchmarks\n\n");
        if (tiny) sb.append("**A smoke run with tiny settings: these numbers measure nothing.**\n\n");
        sb.append("Measured ").append(date).append(" by `bin/probelab bench` (").append(Math.round(seconds / 60)).append(" minutes) on:\n\n");
        for (Map.Entry<String, Object> e : machine.entrySet()) sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        sb.append("\nRatio: probelab's time over the peer's (below 1 is faster; for a rate such as frames/s, the peer's rate over ours). "
                + "Each benchmark alternates rounds with its peer where it has several and reports medians; the machine's speed "
                + "wanders by about ±20%, so read ratios near 1 as parity.\n\n");
        sb.append("| benchmark | probelab | peer | ratio | command |\n|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            String unit = (String) r.getOrDefault("unit", "");
            String peer = r.get("peer") == null ? String.valueOf(r.get("peer_name"))
                    : value(r.get("peer"), unit) + " (" + r.get("peer_name") + ")";
            String ratio = r.get("ratio") instanceof Number n ? "**" + Num.format(n.doubleValue(), 2) + "×**" : "—";
            String what = r.get("benchmark") + (r.get("metric") == null || String.valueOf(r.get("metric")).isEmpty() ? "" : ": " + r.get("metric"));
            String detail = String.valueOf(r.getOrDefault("detail", ""));
            sb.append("| ").append(esc(what)).append(detail.isEmpty() ? "" : "<br>" + esc(detail)).append(" | ")
                    .append(value(r.get("probelab"), unit)).append(" | ").append(esc(peer)).append(" | ").append(ratio)
                    .append(" | `").append(r.get("command")).append("` |\n");
        }
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
