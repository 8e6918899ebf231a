package probelab.workbench.shell;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import probelab.workbench.dsl.Dsl;

/** Names that stand alone: DSL functions, the user's variables and Groovy keywords. */
final class NameCompletion implements CompletionSource {
    private static final Set<String> KEYWORDS = Set.of("def", "if", "else", "for", "while", "return", "new", "true",
            "false", "null", "in", "class", "import", "try", "catch", "finally", "break", "continue", "switch", "case");

    private final Supplier<Set<String>> variables;

    NameCompletion(Supplier<Set<String>> variables) {
        this.variables = variables;
    }

    @Override
    public void suggest(String before, List<Suggestion> out) {
        if (CompletionSource.isCommand(before) || CompletionSource.afterDot(before)) return;
        String prefix = CompletionSource.identifierSuffix(before);
        for (Dsl.Entry e : Dsl.index().values()) if (e.name().startsWith(prefix)) out.add(Suggestion.open(e.name() + "(", e.doc()));
        for (String v : variables.get()) if (v.startsWith(prefix)) out.add(Suggestion.open(v, "variable"));
        if (!prefix.isEmpty()) for (String k : KEYWORDS) if (k.startsWith(prefix)) out.add(Suggestion.finished(k, "keyword"));
    }
}
