package probelab.workbench.shell;

/**
 * One completion: the text inserted, a description shown beside it, and whether the word is
 * finished (JLine then adds a space). Names a {@code .} or {@code (} can follow (variables,
 * properties, calls) are not finished; keywords and commands are.
 */
record Suggestion(String text, String description, boolean finished) {
    static Suggestion open(String text, String description) {
        return new Suggestion(text, description, false);
    }

    static Suggestion finished(String text, String description) {
        return new Suggestion(text, description, true);
    }
}
