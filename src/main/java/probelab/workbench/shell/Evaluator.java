package probelab.workbench.shell;

import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import groovy.transform.ThreadInterrupt;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.runtime.InvokerHelper;
import probelab.workbench.dsl.Dsl;

/**
 * Evaluates Groovy code against one persistent Binding, with the DSL imported statically.
 * Top-level declarations persist between evaluations ({@link ReplTransform}); loops check
 * for thread interrupts, so Ctrl-C can stop {@code while (true) {}}; and each evaluation's
 * script class is dropped afterwards, so thousands of lines do not fill class memory.
 * Has no terminal: the REPL, the script runner and {@code -e} all use it.
 */
public final class Evaluator {
    private final Binding binding;
    private final CompilerConfiguration config;
    private ReplClassLoader loader;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Throwable lastError;
    private volatile String lastScriptClass;
    private volatile String lastSource;

    public Evaluator() {
        this(new Binding());
    }

    public Evaluator(Binding binding) {
        this.binding = binding;
        this.config = configuration();
        this.loader = new ReplClassLoader(config);
    }

    static CompilerConfiguration configuration() {
        CompilerConfiguration c = new CompilerConfiguration();
        ImportCustomizer imports = new ImportCustomizer();
        for (Class<?> f : Dsl.FACADES) imports.addStaticStars(f.getName());
        imports.addStarImports(Dsl.PACKAGES);
        c.addCompilationCustomizers(imports, new ReplTransform(), new ASTTransformationCustomizer(ThreadInterrupt.class));
        return c;
    }

    public Binding binding() {
        return binding;
    }

    /** Evaluates one REPL line (or several). */
    public Object eval(String code) {
        return run(code, "line$" + counter.incrementAndGet());
    }

    /**
     * Evaluates code read from {@code file} (a script, {@code :load}); errors name the file. The
     * class it compiles to is named {@code <file>$script}, which no variable of the script can
     * clash with (a script d.groovy may declare {@code def d}).
     */
    public Object eval(String code, String file) {
        String base = file.replaceFirst("\\.groovy$", "").replaceAll("[^A-Za-z0-9_]", "_");
        if (base.isEmpty() || !Character.isJavaIdentifierStart(base.charAt(0))) base = "_" + base;
        return run(code, base + SCRIPT_SUFFIX);
    }

    /** What a script class's name ends with; {@link Printer} turns {@code x$script} back into {@code x.groovy}. */
    static final String SCRIPT_SUFFIX = "$script";

    private Object run(String code, String className) {
        Script script = null;
        try {
            lastScriptClass = className;
            lastSource = code;
            Class<?> cls;
            try {
                cls = loader.parseClass(new GroovyCodeSource(code, className + ".groovy", "/groovy/shell"), false);
            } catch (MultipleCompilationErrorsException e) {
                throw ScriptSyntaxError.of(e, code);
            }
            if (!Script.class.isAssignableFrom(cls)) return null; // only class definitions: they stay defined
            script = InvokerHelper.createScript(cls, binding);
            return script.run();
        } catch (Throwable t) {
            lastError = t;
            throw t;
        } finally {
            if (script != null) forget(script.getClass());
        }
    }

    /** Drops a finished script class from the caches that would otherwise keep it alive. */
    private void forget(Class<?> scriptClass) {
        loader.forget(scriptClass.getName());
        InvokerHelper.removeClass(scriptClass);
    }

    /** The name scripts of the last evaluation ran under (to find its lines in a stack trace). */
    public String lastScriptName() {
        return lastScriptClass;
    }

    public Throwable lastError() {
        return lastError;
    }

    /** The user's variables, in the order they were made. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> variables() {
        return new LinkedHashMap<>(binding.getVariables());
    }

    /** Forgets every variable and class defined so far. */
    public void reset() {
        binding.getVariables().clear();
        loader = new ReplClassLoader(config);
    }

    /** Keeps classes the user defines (class Foo {}) between lines; lets go of script classes. */
    private static final class ReplClassLoader extends GroovyClassLoader {
        ReplClassLoader(CompilerConfiguration config) {
            super(Evaluator.class.getClassLoader(), config);
        }

        void forget(String name) {
            removeClassCacheEntry(name);
        }
    }

    /** Compiles a throwaway line so the compiler's classes are loaded before the user types. */
    public static void warmUp() {
        try {
            new GroovyShell(Evaluator.class.getClassLoader(), new Binding(), configuration()).evaluate("def x = [1].sum(); x");
        } catch (RuntimeException ignored) {
            // warming is best effort
        }
    }
}
