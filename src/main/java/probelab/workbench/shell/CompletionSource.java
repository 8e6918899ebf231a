package probelab.workbench.shell;

import java.util.List;

/** One part of the shell's completion; {@link ShellCompleter} asks each in turn. */
interface CompletionSource {
    /** Adds suggestions for the text before the cursor. */
    void suggest(String before, List<Suggestion> out);

    /** The identifier being typed at the end of {@code s} (may be empty). */
    static String identifierSuffix(String s) {
        int i = s.length();
        while (i > 0 && Character.isJavaIdentifierPart(s.charAt(i - 1))) i--;
        return s.substring(i);
    }

    /** True when the identifier being typed follows a dot (a member, not a name of its own). */
    static boolean afterDot(String before) {
        int start = before.length() - identifierSuffix(before).length();
        return start > 0 && before.charAt(start - 1) == '.';
    }

    /** True when the line is a REPL command being typed ({@code :he}). */
    static boolean isCommand(String before) {
        String t = before.stripLeading();
        return t.startsWith(":") && !t.contains(" ");
    }
}
