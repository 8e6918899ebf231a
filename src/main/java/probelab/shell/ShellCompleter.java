package probelab.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import probelab.dsl.Dsl;

/**
 * Tab completion: REPL commands after {@code :}, members of a variable after a dot
 * ({@code agent.tr⇥} → {@code train(}), and otherwise DSL functions, variables and keywords.
 * Completion never runs user code: only variables and property chains are looked up.
 */
final class ShellCompleter implements Completer {
    private static final Set<String> KEYWORDS = Set.of("def", "if", "else", "for", "while", "return", "new", "true",
            "false", "null", "in", "class", "import", "try", "catch", "finally", "break", "continue", "switch", "case");
    private static final Set<String> HIDDEN = Set.of("wait", "notify", "notifyAll", "getClass", "hashCode", "equals",
            "getMetaClass", "setMetaClass", "invokeMethod", "getProperty", "setProperty");

    private final Evaluator evaluator;
    private final Map<String, String> commands;

    ShellCompleter(Evaluator evaluator, Map<String, String> commands) {
        this.evaluator = evaluator;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String before = line.line().substring(0, line.cursor());
        String typedWord = line.word().substring(0, line.wordCursor());
        String prefix = identifierSuffix(before);
        if (!typedWord.endsWith(prefix)) return;
        // JLine replaces the whole word, so each candidate carries the word's text before the identifier
        String base = typedWord.substring(0, typedWord.length() - prefix.length());
        for (Map.Entry<String, String> c : candidates(before).entrySet()) {
            String value = c.getKey();
            boolean call = value.endsWith("(");
            // a command (":help") is the whole word already
            String full = value.startsWith(":") ? value : base + value;
            out.add(new Candidate(full, value, null, c.getValue(), null, null, !call));
        }
    }

    /** Completions (text → description) for the text before the cursor. */
    Map<String, String> candidates(String before) {
        Map<String, String> out = new TreeMap<>();
        String trimmed = before.stripLeading();
        if (trimmed.startsWith(":") && !trimmed.contains(" ")) {
            commands.forEach((name, doc) -> { if (name.startsWith(trimmed)) out.put(name, doc); });
            return out;
        }
        String prefix = identifierSuffix(before);
        int start = before.length() - prefix.length();
        if (start > 0 && before.charAt(start - 1) == '.') {
            Object target = resolve(before.substring(0, start - 1));
            if (target != null) members(target, prefix, out);
            return out;
        }
        for (Dsl.Entry e : Dsl.index().values()) if (e.name().startsWith(prefix)) out.put(e.name() + "(", e.doc());
        for (String v : evaluator.variables().keySet()) if (v.startsWith(prefix)) out.put(v, "variable");
        if (!prefix.isEmpty()) for (String k : KEYWORDS) if (k.startsWith(prefix)) out.putIfAbsent(k, "keyword");
        return out;
    }

    private static String identifierSuffix(String s) {
        int i = s.length();
        while (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) i--;
        return s.substring(i);
    }

    /** Looks up {@code a.b.c} where a is a variable and b, c are properties; null if not that shape. */
    private Object resolve(String expr) {
        String chain = identifierChain(expr);
        if (chain == null) return null;
        String[] parts = chain.split("\\.");
        Map<String, Object> vars = evaluator.variables();
        if (!vars.containsKey(parts[0])) return null;
        Object o = vars.get(parts[0]);
        try {
            for (int i = 1; i < parts.length && o != null; i++) o = InvokerHelper.getProperty(o, parts[i]);
        } catch (RuntimeException e) {
            return null;
        }
        return o;
    }

    private static String identifierChain(String s) {
        int i = s.length();
        while (i > 0 && (Character.isJavaIdentifierPart(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) i--;
        String c = s.substring(i);
        if (c.isEmpty() || c.startsWith(".") || c.endsWith(".") || c.contains("..")) return null;
        return Character.isJavaIdentifierStart(c.charAt(0)) ? c : null;
    }

    private static void members(Object target, String prefix, Map<String, String> out) {
        if (target instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) if (k instanceof String s && s.startsWith(prefix)) out.put(s, "key");
        }
        for (Method m : target.getClass().getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || HIDDEN.contains(m.getName()) || m.getName().contains("$")) continue;
            String n = m.getName();
            String type = m.getReturnType().getSimpleName();
            if (m.getParameterCount() == 0 && n.length() > 3 && n.startsWith("get") && Character.isUpperCase(n.charAt(3))) {
                String prop = Character.toLowerCase(n.charAt(3)) + n.substring(4);
                if (prop.startsWith(prefix)) out.put(prop, type);
            } else if (m.getParameterCount() == 0 && n.length() > 2 && n.startsWith("is") && Character.isUpperCase(n.charAt(2))
                    && m.getReturnType() == boolean.class) {
                String prop = Character.toLowerCase(n.charAt(2)) + n.substring(3);
                if (prop.startsWith(prefix)) out.put(prop, type);
            }
            if (n.startsWith(prefix)) out.put(n + (m.getParameterCount() == 0 ? "()" : "("), type);
        }
    }
}
