package probelab.workbench.sweep.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import probelab.workbench.sweep.CellResult;
import probelab.workbench.sweep.CellRunner;
import probelab.workbench.sweep.CellTask;
import probelab.workbench.sweep.Engine;

/**
 * A sweep on Apache Spark: each cell is a job of one task, submitted all at once, so Spark's
 * scheduler fills every executor slot and its retries (a lost executor, a failed attempt)
 * and speculation apply per cell. Results come back as each job finishes, which is what lets
 * the driver keep finished cells when the sweep is stopped.
 */
public final class SparkEngine implements Engine {
    private static final String GROUP = "probelab-sweep";
    private final JavaSparkContext sc;
    private final String master;

    public SparkEngine(Engine.Settings s) {
        SparkConf conf = new SparkConf().setMaster(s.master()).setAppName(s.appName())
                .set("spark.ui.enabled", "false")
                // a cell is minutes of work: retry a lost one (local mode too), one attempt per slot
                .set("spark.task.maxFailures", "4")
                .set("spark.task.cpus", "1")
                // one BLAS thread per task: the tasks themselves fill the cores
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.executor.extraJavaOptions", "-Xss16m -Dorg.bytedeco.javacpp.nopointergc=true -Djava.awt.headless=true");
        if (s.master().startsWith("local")) conf.setMaster(withRetries(s.master()));
        if (s.executorMemory() != null) conf.set("spark.executor.memory", s.executorMemory());
        if (s.workerLib() != null) {
            conf.set("spark.executor.extraClassPath", s.workerLib().replaceAll("/+$", "") + "/*");
        } else if (!s.master().startsWith("local") && !s.jars().isEmpty()) {
            List<String> jars = new ArrayList<>();
            for (Path p : s.jars()) jars.add(p.toAbsolutePath().toUri().toString());
            conf.set("spark.jars", String.join(",", jars));
        }
        s.conf().forEach(conf::set);
        this.master = conf.get("spark.master");
        this.sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
    }

    /** {@code local[N]} allows no retries; {@code local[N,F]} does. */
    private static String withRetries(String master) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)]").matcher(master);
        if (m.matches()) return "local[" + m.group(1) + ",4]";
        return master.equals("local") ? "local[1,4]" : master;
    }

    @Override
    public String describe() {
        return "Spark " + sc.version() + ", " + master + " (" + sc.defaultParallelism() + " slots)";
    }

    @Override
    public void run(List<CellTask> tasks, Consumer<CellResult> done) throws InterruptedException {
        // an interrupt of the driver cancels the jobs and interrupts their running tasks
        sc.setJobGroup(GROUP, "probelab sweep", true);
        Map<JavaFutureAction<List<CellResult>>, CellTask> pending = new LinkedHashMap<>();
        try {
            for (CellTask t : tasks) {
                sc.setJobDescription("cell " + t.cell().index() + ": " + t.cell().label());
                pending.put(sc.parallelize(List.of(t), 1).map(SparkEngine::attempt).collectAsync(), t);
            }
            while (!pending.isEmpty()) {
                boolean any = false;
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getKey().isDone()) continue;
                    it.remove();
                    any = true;
                    done.accept(result(e.getKey(), e.getValue()));
                }
                if (!any) Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            sc.cancelJobGroup(GROUP);
            throw e;
        } finally {
            sc.clearJobGroup();
        }
    }

    /** What one task does on its executor: run the cell, named by Spark's id for this attempt. */
    private static CellResult attempt(CellTask t) {
        TaskContext tc = TaskContext.get();
        String attempt = "attempt-" + (tc != null ? tc.taskAttemptId() : 0);
        return CellRunner.run(t, attempt);
    }

    private static CellResult result(JavaFutureAction<List<CellResult>> f, CellTask t) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (java.util.concurrent.ExecutionException e) {
            // every retry failed: the engine's reason is the cell's error
            Throwable c = e.getCause() != null ? e.getCause() : e;
            String msg = String.valueOf(c.getMessage()).lines().findFirst().orElse(c.toString());
            return new CellResult(t.cell(), "none", "", CellResult.FAILED, 0, "Spark gave up on the cell: " + msg, Map.of(), List.of());
        } catch (java.util.concurrent.CancellationException e) {
            return new CellResult(t.cell(), "none", "", CellResult.CANCELLED, 0, "cancelled", Map.of(), List.of());
        }
    }

    @Override
    public void writeParquet(Path csv, Path parquet) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // Spark SQL finds its session implementation through the context loader: Spark's own
        t.setContextClassLoader(SparkEngine.class.getClassLoader());
        try {
            write(csv, parquet);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private void write(Path csv, Path parquet) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toAbsolutePath().toString())
                .coalesce(1).write().mode("overwrite").parquet(parquet.toAbsolutePath().toString());
    }

    @Override
    public void close() {
        sc.stop();
    }
}
