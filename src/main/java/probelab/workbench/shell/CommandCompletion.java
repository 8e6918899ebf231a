package probelab.workbench.shell;

import java.util.List;
import java.util.Map;

/** REPL commands after a colon at the start of the line. */
final class CommandCompletion implements CompletionSource {
    private final Map<String, String> commands;

    CommandCompletion(Map<String, String> commands) {
        this.commands = commands;
    }

    @Override
    public void suggest(String before, List<Suggestion> out) {
        if (!CompletionSource.isCommand(before)) return;
        String typed = before.strip();
        commands.forEach((name, doc) -> { if (name.startsWith(typed)) out.add(Suggestion.finished(name, doc)); });
    }
}
