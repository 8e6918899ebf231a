package probelab.workbench.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Spark's jars ({@code lib/spark/}) are loaded only when a sweep starts, so that the REPL and
 * scripts start as quickly as without them. The engine's own classes ({@code probelab.workbench.sweep.spark})
 * are defined in the same loader as Spark, from the probelab jar's bytes; everything else of
 * probelab comes from the application's loader, so the engine and the driver share their types.
 * When Spark is on the class path already (the tests, an embedding application), it is used as it is.
 */
final class SparkLoader {
    private SparkLoader() {}

    static final String ENGINE = "probelab.workbench.sweep.spark.SparkEngine";
    private static ClassLoader loader;

    static synchronized ClassLoader get() {
        if (loader != null) return loader;
        ClassLoader app = SparkLoader.class.getClassLoader();
        try {
            Class.forName("org.apache.spark.SparkContext", false, app);
            return loader = app;
        } catch (ClassNotFoundException absent) {
            // load them from lib/spark below
        }
        Path dir = sparkLib();
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(p.toUri().toURL());
        } catch (IOException e) {
            throw new IllegalStateException("sweeps need Spark's jars in " + dir + ", which cannot be read (" + e.getMessage()
                    + "); 'mvn -B package' in probelab's folder puts them there", e);
        }
        if (urls.isEmpty()) throw new IllegalStateException("sweeps need Spark's jars in " + dir + ", which has none; "
                + "'mvn -B package' in probelab's folder puts them there");
        return loader = new EngineLoader(urls.toArray(URL[]::new), app);
    }

    /** The folder of Spark's jars: {@code lib/spark} under probelab's home. */
    static Path sparkLib() {
        String home = System.getProperty("probelab.home");
        return (home != null ? Paths.get(home) : Paths.get("").toAbsolutePath()).resolve("lib").resolve("spark");
    }

    static Engine start(Engine.Settings settings) {
        ClassLoader l = get();
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // Spark resolves classes (its own, and the tasks' closures) through the context loader
        t.setContextClassLoader(l);
        try {
            return (Engine) Class.forName(ENGINE, true, l).getConstructor(Engine.Settings.class).newInstance(settings);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("Spark did not start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Spark's engine could not be loaded: " + e, e);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Spark's jars, with the engine's classes defined here (child first) so that they see Spark. */
    private static final class EngineLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        EngineLoader(URL[] urls, ClassLoader parent) {
            super("probelab-spark", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("probelab.workbench.sweep.spark.")) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) throw new ClassNotFoundException(name);
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length, SparkLoader.class.getProtectionDomain());
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) resolveClass(c);
                return c;
            }
        }
    }
}
