package probelab.workbench.shell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.codehaus.groovy.runtime.InvokerHelper;
import probelab.workbench.dsl.Dsl;

/**
 * Members after a dot. The receiver is read from the text before the dot as a chain:
 * a variable or a DSL call, then properties and calls ({@code agent.network.we⇥},
 * {@code env.reset(1).⇥}, {@code catchGame().st⇥}). Properties of a variable's value are
 * looked up on the value; a call is never made: its static return type says what follows.
 */
final class MemberCompletion implements CompletionSource {
    private static final Set<String> HIDDEN = Set.of("wait", "notify", "notifyAll", "getClass", "hashCode", "equals",
            "getMetaClass", "setMetaClass", "invokeMethod", "getProperty", "setProperty");

    private final Supplier<Map<String, Object>> variables;

    MemberCompletion(Supplier<Map<String, Object>> variables) {
        this.variables = variables;
    }

    @Override
    public void suggest(String before, List<Suggestion> out) {
        if (!CompletionSource.afterDot(before)) return;
        String prefix = CompletionSource.identifierSuffix(before);
        Receiver r = receiver(before.substring(0, before.length() - prefix.length() - 1));
        if (r != null) members(r, prefix, out);
    }

    /** What a chain evaluates to: a value where one is known without running code, else only its type. */
    record Receiver(Object value, Class<?> type) {}

    /** One link of a chain: a name, and for a call its positional argument count and whether named arguments came. */
    record Link(String name, boolean call, int positional, boolean named) {}

    Receiver receiver(String expr) {
        List<Link> chain = chain(expr);
        if (chain == null || chain.isEmpty()) return null;
        Link first = chain.get(0);
        Receiver r;
        if (first.call()) {
            Class<?> t = returnType(Dsl.FACADES, first);
            r = t == null ? null : new Receiver(null, t);
        } else {
            Map<String, Object> vars = variables.get();
            if (!vars.containsKey(first.name())) return null;
            Object v = vars.get(first.name());
            r = v == null ? null : new Receiver(v, v.getClass());
        }
        for (int i = 1; i < chain.size() && r != null; i++) r = step(r, chain.get(i));
        return r;
    }

    private static Receiver step(Receiver r, Link link) {
        if (link.call()) {
            Class<?> t = returnType(new Class<?>[] {r.type()}, link);
            return t == null ? null : new Receiver(null, t);
        }
        if (r.value() != null) {
            try {
                Object v = InvokerHelper.getProperty(r.value(), link.name());
                return v == null ? null : new Receiver(v, v.getClass());
            } catch (RuntimeException e) {
                return null;
            }
        }
        Class<?> t = propertyType(r.type(), link.name());
        return t == null ? null : new Receiver(null, t);
    }

    /** The return type of the method {@code link} calls on one of {@code owners}, when the overloads agree. */
    private static Class<?> returnType(Class<?>[] owners, Link link) {
        List<Method> all = new ArrayList<>(), fitting = new ArrayList<>();
        for (Class<?> owner : owners) {
            for (Method m : owner.getMethods()) {
                if (!m.getName().equals(link.name()) || m.isBridge()) continue;
                all.add(m);
                int n = m.getParameterCount();
                boolean mapFirst = n > 0 && Map.class.isAssignableFrom(m.getParameterTypes()[0]);
                if (m.isVarArgs() || n == link.positional() + (link.named() ? 1 : 0) && (!link.named() || mapFirst)) fitting.add(m);
            }
        }
        List<Method> pick = fitting.isEmpty() ? all : fitting;
        Class<?> t = null;
        for (Method m : pick) {
            if (t == null) t = m.getReturnType();
            else if (t != m.getReturnType()) return null;
        }
        return t == void.class ? null : t;
    }

    private static Class<?> propertyType(Class<?> type, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : new String[] {"get" + cap, "is" + cap, name}) {
            try {
                Method m = type.getMethod(getter);
                if (m.getReturnType() != void.class) return m.getReturnType();
            } catch (NoSuchMethodException ignored) {
                // try the next spelling
            }
        }
        try {
            Field f = type.getField(name);
            return f.getType();
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /**
     * Splits the end of {@code expr} into a chain of names and calls, or null when it is not
     * that shape (an index, a literal, an operator right before the dot).
     */
    static List<Link> chain(String expr) {
        List<Link> links = new ArrayList<>();
        int i = expr.length();
        while (true) {
            boolean call = false;
            int positional = 0;
            boolean named = false;
            if (i > 0 && expr.charAt(i - 1) == ')') {
                int open = matchingOpen(expr, i - 1);
                if (open < 0) return null;
                String args = expr.substring(open + 1, i - 1);
                call = true;
                for (String a : topLevelArguments(args)) {
                    if (a.strip().matches("[A-Za-z_$][A-Za-z0-9_$]*\\s*:.*")) named = true;
                    else if (!a.isBlank()) positional++;
                }
                i = open;
            }
            int end = i;
            while (i > 0 && Character.isJavaIdentifierPart(expr.charAt(i - 1))) i--;
            if (i == end || !Character.isJavaIdentifierStart(expr.charAt(i))) return null;
            links.add(new Link(expr.substring(i, end), call, positional, named));
            if (i > 0 && expr.charAt(i - 1) == '.') {
                i--;
                if (i > 0 && expr.charAt(i - 1) == '?') i--; // safe navigation
                continue;
            }
            break;
        }
        Collections.reverse(links);
        return links;
    }

    /** The index of the bracket opening the one closing at {@code close}, skipping quoted text; -1 if none. */
    private static int matchingOpen(String s, int close) {
        int depth = 0;
        char quote = 0;
        for (int i = close; i >= 0; i--) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote && (i == 0 || s.charAt(i - 1) != '\\')) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == ')' || c == ']' || c == '}') depth++;
            else if (c == '(' || c == '[' || c == '{') {
                if (--depth == 0) return c == '(' ? i : -1;
            }
        }
        return -1;
    }

    private static List<String> topLevelArguments(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        char quote = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == quote && args.charAt(i - 1) != '\\') quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        out.add(args.substring(start));
        return out;
    }

    private static void members(Receiver r, String prefix, List<Suggestion> out) {
        if (r.type().isArray() && "length".startsWith(prefix)) out.add(Suggestion.open("length", "int"));
        if (r.value() instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) if (k instanceof String s && s.startsWith(prefix)) out.add(Suggestion.open(s, "key"));
        }
        for (Method m : r.type().getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || HIDDEN.contains(m.getName()) || m.getName().contains("$")) continue;
            String n = m.getName();
            String type = m.getReturnType().getSimpleName();
            if (m.getParameterCount() == 0 && n.length() > 3 && n.startsWith("get") && Character.isUpperCase(n.charAt(3))) {
                String prop = Character.toLowerCase(n.charAt(3)) + n.substring(4);
                if (prop.startsWith(prefix)) out.add(Suggestion.open(prop, type));
            } else if (m.getParameterCount() == 0 && n.length() > 2 && n.startsWith("is") && Character.isUpperCase(n.charAt(2))
                    && m.getReturnType() == boolean.class) {
                String prop = Character.toLowerCase(n.charAt(2)) + n.substring(3);
                if (prop.startsWith(prefix)) out.add(Suggestion.open(prop, type));
            }
            if (n.startsWith(prefix)) out.add(Suggestion.open(n + (m.getParameterCount() == 0 ? "()" : "("), type));
        }
        for (Field f : r.type().getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && f.getName().startsWith(prefix)) {
                out.add(Suggestion.open(f.getName(), f.getType().getSimpleName()));
            }
        }
    }
}
