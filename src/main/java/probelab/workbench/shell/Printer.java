package probelab.workbench.shell;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.syntax.SyntaxException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Turns results and errors into the short text a person wants to read at a prompt. */
public final class Printer {
    private static final int MAX = 1200;

    private Printer() {}

    /** A readable one-liner (or a few lines) for a value; null for "print nothing". */
    public static String format(Object v) {
        if (v == null) return null;
        if (v instanceof Defined d) return d.toString();
        if (v instanceof groovy.lang.Closure<?> c) return closure(c);
        if (v instanceof Double || v instanceof Float) return probelab.util.Num.format(((Number) v).doubleValue(), 10);
        if (isNd4j(v)) return ndarray(v);
        if (v instanceof double[] || v instanceof float[] || v instanceof int[] || v instanceof long[]) return numbers(v);
        if (v instanceof float[][] || v instanceof double[][]) {
            int rows = Array.getLength(v);
            int cols = rows == 0 ? 0 : Array.getLength(Array.get(v, 0));
            return v.getClass().getComponentType().getComponentType().getSimpleName() + "[" + rows + "][" + cols + "]";
        }
        if (v instanceof CharSequence s) return clip(s.toString());
        if (v instanceof probelab.plot.Series s) return clip(s.toString());
        if (v instanceof Collection<?> || v instanceof Map<?, ?> || v.getClass().isArray()) return clip(structure(v, 0));
        return clip(String.valueOf(v));
    }

    /** Maps and lists as Groovy writes them, with numbers as a person would ([knn_accuracy: 0.3431]). */
    private static String structure(Object v, int depth) {
        if (depth > 4) return InvokerHelper.toString(v);
        if (v instanceof Double || v instanceof Float) return probelab.util.Num.format(((Number) v).doubleValue(), 10);
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) return "[:]";
            java.util.StringJoiner j = new java.util.StringJoiner(", ", "[", "]");
            int k = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (k++ == 100) { j.add("…"); break; }
                j.add(e.getKey() + ":" + structure(e.getValue(), depth + 1));
            }
            return j.toString();
        }
        if (v instanceof Collection<?> c) {
            java.util.StringJoiner j = new java.util.StringJoiner(", ", "[", "]");
            int k = 0;
            for (Object o : c) {
                if (k++ == 100) { j.add("…"); break; }
                j.add(structure(o, depth + 1));
            }
            return j.toString();
        }
        if (v instanceof CharSequence cs) return depth == 0 ? cs.toString() : InvokerHelper.inspect(cs);
        return v == null ? "null" : InvokerHelper.toString(v);
    }

    /** A closure by its parameters, not by its generated class name. */
    private static String closure(groovy.lang.Closure<?> c) {
        int n = c.getMaximumNumberOfParameters();
        return "a closure of " + n + " parameter" + (n == 1 ? "" : "s");
    }

    private static boolean isNd4j(Object v) {
        // checked by name first, so plain values never load ND4J's classes
        for (Class<?> c = v.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith("org.nd4j.")) return v instanceof INDArray;
        }
        return false;
    }

    private static String ndarray(Object o) {
        INDArray a = (INDArray) o;
        String head = "INDArray " + a.dataType().name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(a.shape());
        if (a.length() == 0) return head + " (empty)";
        String body = a.length() <= 100 ? a.toString() : a.reshape(a.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8)).toString() + " …";
        String stats = a.length() > 1 && !a.dataType().isIntType() && a.dataType().isNumerical()
                ? String.format(Locale.ROOT, "  (min %.4g, mean %.4g, max %.4g)", a.minNumber().doubleValue(),
                        a.meanNumber().doubleValue(), a.maxNumber().doubleValue()) : "";
        return head + stats + "\n" + clip(body);
    }

    private static String numbers(Object arr) {
        int n = Array.getLength(arr);
        StringBuilder sb = new StringBuilder(arr.getClass().getComponentType().getSimpleName() + "[" + n + "] [");
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = 0; i < n; i++) {
            double d = ((Number) Array.get(arr, i)).doubleValue();
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
            if (i < 8) sb.append(i > 0 ? ", " : "").append(num(d));
        }
        sb.append(n > 8 ? ", …]" : "]");
        if (n > 1) sb.append(String.format(Locale.ROOT, "  (min %s, mean %s, max %s)", num(min), num(sum / n), num(max)));
        return sb.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }

    private static String clip(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX) + " … (" + s.length() + " characters)";
    }

    /** One line for an error: kind, message and the line of the user's code where it happened. */
    public static String error(Throwable t, String scriptName) {
        return error(t, scriptName, java.util.Set.of());
    }

    /**
     * As {@link #error(Throwable, String)}; a misspelt name is matched against {@code variables},
     * the DSL's functions or the receiver's methods for a "did you mean".
     */
    public static String error(Throwable t, String scriptName, java.util.Collection<String> variables) {
        if (t instanceof ScriptSyntaxError se) {
            return "syntax error: " + se.getMessage() + " (" + where(scriptName) + "line " + se.line() + ", column " + se.column() + ")";
        }
        if (t instanceof MultipleCompilationErrorsException mce) {
            Message m = mce.getErrorCollector().getErrorCount() > 0 ? mce.getErrorCollector().getError(0) : null;
            if (m instanceof SyntaxErrorMessage sem) {
                SyntaxException se = sem.getCause();
                return "syntax error: " + ScriptSyntaxError.oneLine(se.getOriginalMessage()) + " (line " + se.getLine() + ", column "
                        + se.getStartColumn() + ")";
            }
            return "compile error: " + firstLine(t.getMessage());
        }
        Throwable root = unwrap(t);
        if (root instanceof InterruptedException) return "interrupted";
        String msg = Names.explain(root, scriptName, variables);
        if (msg == null) msg = root.getMessage();
        String where = lineIn(root, scriptName);
        return "error: " + root.getClass().getSimpleName() + (msg == null ? "" : ": " + firstLine(msg)) + where;
    }

    /** "d.groovy " for a script's class, "" for a REPL line or -e. */
    private static String where(String scriptName) {
        if (scriptName == null || !scriptName.endsWith(Evaluator.SCRIPT_SUFFIX)) return "";
        return scriptName.substring(0, scriptName.length() - Evaluator.SCRIPT_SUFFIX.length()) + ".groovy ";
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof InvokerInvocationException || c instanceof java.lang.reflect.InvocationTargetException
                || c instanceof java.lang.reflect.UndeclaredThrowableException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String lineIn(Throwable t, String scriptName) {
        if (scriptName == null) return "";
        String file = scriptName + ".groovy"; // Groovy turns $ in a class name into _, but keeps the file name
        for (StackTraceElement e : t.getStackTrace()) {
            if (file.equals(e.getFileName()) && e.getLineNumber() > 0) {
                return " (" + where(scriptName) + "line " + e.getLineNumber() + ")";
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
