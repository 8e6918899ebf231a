package probelab.workbench.shell;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;
import probelab.workbench.dsl.Dsl;

/**
 * Messages for names that do not exist, as the user wrote them: no generated script class
 * names ({@code line$3}), the receiver's simple name, and the nearest existing name when one
 * is close ({@code agent.trian(…)}: did you mean train?).
 */
final class Names {
    private Names() {}

    /** A better message for a missing method or property, or null to keep the exception's own. */
    static String explain(Throwable t, String scriptName, Collection<String> variables) {
        if (t instanceof MissingMethodException m) {
            boolean top = isScript(m.getType(), scriptName);
            String call = m.getMethod() + "(" + argumentTypes(m.getArguments()) + ")";
            Set<String> known = new LinkedHashSet<>();
            if (top) {
                known.addAll(Dsl.index().keySet());
                known.addAll(variables);
            } else {
                for (Method x : m.getType().getMethods()) if (!Modifier.isStatic(x.getModifiers()) || m.isStatic()) known.add(x.getName());
            }
            if (!top && known.contains(m.getMethod())) {
                return m.getType().getSimpleName() + "." + m.getMethod() + " does not take (" + argumentTypes(m.getArguments()) + ")" + overloads(m.getType(), m.getMethod());
            }
            String what = top ? "no function " + call : m.getType().getSimpleName() + " has no method " + call;
            return what + suggestion(m.getMethod(), known);
        }
        if (t instanceof MissingPropertyException p && p.getType() != null) {
            boolean top = isScript(p.getType(), scriptName);
            Set<String> known = new LinkedHashSet<>();
            if (top) {
                known.addAll(variables);
                known.addAll(Dsl.index().keySet());
            } else {
                for (Method x : p.getType().getMethods()) {
                    String n = x.getName();
                    if (x.getParameterCount() == 0 && n.startsWith("get") && n.length() > 3) known.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                    if (x.getParameterCount() == 0 && n.startsWith("is") && n.length() > 2) known.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
                }
            }
            String what = top ? "no variable " + p.getProperty() : p.getType().getSimpleName() + " has no property " + p.getProperty();
            return what + suggestion(p.getProperty(), known);
        }
        return null;
    }

    private static boolean isScript(Class<?> type, String scriptName) {
        return type != null && (groovy.lang.Script.class.isAssignableFrom(type) || scriptName != null && type.getName().startsWith(scriptName));
    }

    private static String argumentTypes(Object[] args) {
        StringJoiner j = new StringJoiner(", ");
        if (args != null) {
            for (Object a : args) {
                j.add(a == null ? "null" : a instanceof java.util.Map ? "Map" : a instanceof java.util.List ? "List"
                        : a instanceof groovy.lang.Closure ? "Closure" : a.getClass().getSimpleName());
            }
        }
        return j.toString();
    }

    private static String overloads(Class<?> type, String name) {
        StringJoiner j = new StringJoiner("; ", "; it takes ", "");
        j.setEmptyValue("");
        for (Method x : type.getMethods()) {
            if (!x.getName().equals(name)) continue;
            StringJoiner ps = new StringJoiner(", ", "(", ")");
            for (Class<?> c : x.getParameterTypes()) ps.add(c.getSimpleName());
            j.add(ps.toString());
        }
        return j.toString();
    }

    /** "; did you mean X?" for the nearest known name within a couple of edits, else "". */
    static String suggestion(String name, Collection<String> known) {
        if (name.length() >= 3) {
            for (String k : known) if (!k.equals(name) && k.startsWith(name)) return "; did you mean " + k + "?";
        }
        String best = null;
        int bestD = Integer.MAX_VALUE;
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        for (String k : known) {
            if (k.equals(name)) continue;
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d < bestD) { bestD = d; best = k; }
        }
        return best != null && bestD <= limit ? "; did you mean " + best + "?" : "";
    }

    /** Edit distance with transpositions (trian → train is one edit). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
