package probelab.workbench.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion as an aggregate of small sources, in the manner of JLine's
 * {@code AggregateCompleter}: REPL commands, names (DSL functions, variables, keywords) and
 * members after a dot. Completion never runs user code.
 */
final class ShellCompleter implements Completer {
    private final List<CompletionSource> sources;

    ShellCompleter(Evaluator evaluator, Map<String, String> commands) {
        this(List.of(new CommandCompletion(commands), new NameCompletion(() -> evaluator.variables().keySet()),
                new MemberCompletion(evaluator::variables)));
    }

    ShellCompleter(List<CompletionSource> sources) {
        this.sources = sources;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String before = line.line().substring(0, line.cursor());
        String typedWord = line.word().substring(0, line.wordCursor());
        String prefix = CompletionSource.identifierSuffix(before);
        if (!typedWord.endsWith(prefix)) return;
        // JLine replaces the whole word, so each candidate carries the word's text before the identifier
        String base = typedWord.substring(0, typedWord.length() - prefix.length());
        for (Suggestion s : suggestions(before)) {
            String full = s.text().startsWith(":") ? s.text() : base + s.text();
            out.add(new Candidate(full, s.text(), null, s.description(), null, null, s.finished()));
        }
    }

    /** Every source's suggestions, one per text (the first source to offer it wins), sorted. */
    List<Suggestion> suggestions(String before) {
        List<Suggestion> all = new ArrayList<>();
        for (CompletionSource s : sources) s.suggest(before, all);
        Map<String, Suggestion> byText = new TreeMap<>();
        for (Suggestion s : all) byText.putIfAbsent(s.text(), s);
        return new ArrayList<>(byText.values());
    }

    /** Completions (text → description) for the text before the cursor. */
    Map<String, String> candidates(String before) {
        Map<String, String> out = new TreeMap<>();
        for (Suggestion s : suggestions(before)) out.put(s.text(), s.description());
        return out;
    }
}
