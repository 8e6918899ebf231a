package probelab.workbench.shell;

import java.util.List;
import java.util.Map;

/**
 * What a front end other than the terminal (a notebook kernel) needs from the shell besides
 * the {@link Evaluator}: completions, help text, and whether a cell's brackets are still open.
 * The same parts the REPL uses, so both behave alike.
 */
public final class Assist {
    private final ShellCompleter completer;

    public Assist(Evaluator evaluator) {
        this.completer = new ShellCompleter(evaluator, Repl.COMMANDS);
    }

    /** A completion: the text that replaces the word being typed, and what it is. */
    public record Completion(String text, String description) {}

    /** Completions for the text before the cursor; each replaces {@link #wordStart}..cursor. */
    public List<Completion> complete(String before) {
        return completer.suggestions(before).stream().map(s -> new Completion(s.text(), s.description())).toList();
    }

    /** Where the word a completion replaces begins: the identifier being typed, or a whole {@code :command}. */
    public static int wordStart(String before) {
        if (CompletionSource.isCommand(before)) return before.indexOf(':');
        return before.length() - CompletionSource.identifierSuffix(before).length();
    }

    /** {@code :help} text: the overview, or one function or topic. */
    public static String help(String name) {
        return name == null || name.isBlank() ? Help.overview(Repl.COMMANDS) : Help.topic(name.strip());
    }

    /** {@code :help NAME} as HTML, the options as a table; null when there is no such function. */
    public static String helpHtml(String name) {
        if (name == null || name.isBlank()) return null;
        return Help.topicHtml(name.strip());
    }

    /** True when {@code name} is a DSL function (so it has help). */
    public static boolean isDsl(String name) {
        return probelab.workbench.dsl.Dsl.index().containsKey(name);
    }

    /** A command's argument split on spaces, quoted parts ('a b' or "a b") kept whole, as {@code :load} reads it. */
    public static List<String> words(String s) {
        return Repl.words(s);
    }

    /** The commands (":help", ":vars", …) with what each does. */
    public static Map<String, String> commands() {
        return Repl.COMMANDS;
    }

    /** The state of a cell's brackets, as Jupyter's is_complete asks. */
    public enum Brackets { BALANCED, OPEN, WRONG }

    public static Brackets brackets(String code) {
        Syntax.Problem p = Syntax.brackets(code);
        if (p == null) return Brackets.BALANCED;
        return p.unclosed() ? Brackets.OPEN : Brackets.WRONG;
    }
}
