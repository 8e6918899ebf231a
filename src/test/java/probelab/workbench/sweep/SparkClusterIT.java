package probelab.workbench.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.util.Json;

/**
 * A sweep on a real Spark standalone cluster on this machine: a master and a worker started as
 * their own JVMs from Spark's {@code Master} and {@code Worker} classes, on a Spark home built
 * from the project's jars (no Spark download), on loopback ports. The sweep runs through the
 * launcher ({@code bin/probelab sweep --master spark://…}), which ships the probelab jars to the
 * executors. Mid-sweep the worker and its executor are killed, as a lost node would be; a new
 * worker joins, and the sweep must finish with every cell exactly once.
 */
class SparkClusterIT {
    static final Path ROOT = Paths.get("").toAbsolutePath();
    static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aSweepSurvivesALostWorkerAndRunsEveryCellOnce(@TempDir Path tmp) throws Exception {
        Path home = sparkHome(tmp.resolve("spark-home"));
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log");
        start(home, masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        waitFor(masterLog, "I have been elected leader", 90);
        Path work1 = tmp.resolve("work-1"), log1 = tmp.resolve("worker-1.log");
        Process worker1 = startWorker(home, master, work1, log1);
        waitFor(log1, "Successfully registered with master", 90);

        Path out = tmp.resolve("sweep");
        Path sweepLog = tmp.resolve("sweep.log");
        ProcessBuilder b = new ProcessBuilder(ROOT.resolve("bin/probelab").toString(), "sweep",
                ROOT.resolve("src/test/resources/sweep/tiny.groovy").toString(), "--grid", "seed=1..6", "--master", master,
                "--out", out.toString(), "--", "--pauseMs", "5000")
                .redirectErrorStream(true).redirectOutput(sweepLog.toFile());
        b.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process sweep = b.start();
        started.add(sweep);

        // two cells finished on the first worker: then the worker and its executor go, as a lost node's would
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (finished(out) < 2 && sweep.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
        assertTrue(finished(out) >= 2, "two cells finish on the first worker:\n" + Files.readString(sweepLog));
        assertTrue(finished(out) < 6, "the sweep is still running when the worker is lost");
        worker1.descendants().forEach(ProcessHandle::destroyForcibly);
        worker1.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(2000);
        Path work2 = tmp.resolve("work-2"), log2 = tmp.resolve("worker-2.log");
        startWorker(home, master, work2, log2);

        assertTrue(sweep.waitFor(240, TimeUnit.SECONDS), "the sweep finishes:\n" + Files.readString(sweepLog));
        String log = Files.readString(sweepLog);
        assertEquals(0, sweep.exitValue(), log);

        // every cell once: six rows, six folders, each with the summary of its own seed
        List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(7, rows.size(), String.join("\n", rows));
        for (int seed = 1; seed <= 6; seed++) {
            Path cell = out.resolve("cells/seed-" + seed);
            assertEquals(seed * 10 + 2, ((Number) Json.readFile(cell.resolve("summary.json")).get("score")).intValue());
            assertEquals("ok", Json.readFile(cell.resolve("cell.json")).get("status"));
        }
        try (Stream<Path> s = Files.list(out.resolve("cells"))) {
            assertEquals(6, s.count());
        }
        assertEquals(6, log.lines().filter(l -> l.matches("\\[\\d/6] seed=\\d: ok.*")).count(), log);

        // the tasks ran in executors the workers started: their logs name the cells, some on the new worker
        String ranFirst = executorLogs(work1), ranSecond = executorLogs(work2);
        assertTrue(ranFirst.contains("probelab sweep: running cell"), "the first worker's executor ran cells:\n" + ranFirst);
        assertTrue(ranSecond.contains("probelab sweep: running cell"), "the new worker's executor ran the rest:\n" + ranSecond);
        assertTrue(Files.readString(log2).contains("Asked to launch executor"), Files.readString(log2));
    }

    /** A Spark home as a distribution lays it out: jars/ with Spark and probelab's dependencies; probelab's own jar is shipped. */
    static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path dir : List.of(ROOT.resolve("lib/spark"), ROOT.resolve("lib"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path j : s.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    String n = j.getFileName().toString();
                    if (n.equals("probelab.jar") || n.startsWith("slf4j-nop")) continue; // Spark's workers log through log4j
                    if (!Files.exists(jars.resolve(n))) Files.createSymbolicLink(jars.resolve(n), j);
                }
            }
        }
        try (Stream<Path> s = Files.list(jars)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("spark-core")), "lib/spark holds Spark's jars (mvn package puts them there)");
        }
        return home;
    }

    Process startWorker(Path home, String master, Path work, Path log) throws IOException {
        Files.createDirectories(work);
        return start(home, log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
                "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()), master);
    }

    Process start(Path home, Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx512m"));
        for (String p : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
                "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
                "sun.util.calendar"))
            cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
        cmd.addAll(List.of("-cp", home.resolve("jars") + "/*", main));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = b.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = b.start();
        started.add(p);
        return p;
    }

    static long finished(Path out) throws IOException {
        Path cells = out.resolve("cells");
        if (!Files.isDirectory(cells)) return 0;
        try (Stream<Path> s = Files.list(cells)) {
            return s.filter(Sweep::finished).count();
        }
    }

    static String executorLogs(Path work) throws IOException {
        if (!Files.isDirectory(work)) return "";
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList())
                b.append(Files.readString(p, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    static void waitFor(Path log, String line, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) return;
            Thread.sleep(200);
        }
        fail("'" + line + "' never appeared in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
