package probelab.workbench.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What runs a sweep's cells: Apache Spark ({@code spark.SparkEngine}, loaded with Spark's jars
 * only when a sweep starts). Each cell is one task; the engine's retries and scheduling decide
 * where and how often it runs, and every attempt that returns is handed to {@code done}.
 */
public interface Engine extends AutoCloseable {

    /** Where the engine runs, for the log: {@code Spark 4.0.4, local[2]}. */
    String describe();

    /**
     * Runs every task, calling {@code done} (on the calling thread) as each finishes. An
     * interrupt of the calling thread cancels what has not finished and is rethrown.
     */
    void run(List<CellTask> tasks, Consumer<CellResult> done) throws InterruptedException;

    /** Writes the CSV table {@code csv} as Parquet into the folder {@code parquet}, with its column types. */
    void writeParquet(Path csv, Path parquet);

    @Override
    void close();

    /** How to start an engine: the master URL, the probelab jars to ship to executors, JVM flags for them. */
    record Settings(String master, String appName, List<Path> jars, String workerLib, String executorMemory,
                    java.util.Map<String, String> conf) {
    }
}
