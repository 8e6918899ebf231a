package probelab.workbench.shell;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where a syntax error really is. Groovy's parser reports an unclosed bracket where it gives
 * up, often the end of the file ({@code if (a == 1 {} on line 3 comes back as "Unexpected
 * input '{…' at line 6"). A scan of the brackets, skipping strings and comments, finds the
 * bracket that is never closed or is closed by the wrong one.
 */
final class Syntax {
    private Syntax() {}

    /** A problem found in the source: where, and what; {@code unclosed} when more input could still fix it. */
    record Problem(int line, int column, String message, boolean unclosed) {
        Problem(int line, int column, String message) {
            this(line, column, message, false);
        }
    }

    private record Open(char c, int line, int column) {}

    /** The first bracket problem in {@code code}, or null when the brackets balance. */
    static Problem brackets(String code) {
        Deque<Open> stack = new ArrayDeque<>();
        int line = 1, col = 0;
        int n = code.length();
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
                continue;
            }
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') { // line comment
                while (i + 1 < n && code.charAt(i + 1) != '\n') i++;
                continue;
            }
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') { // block comment
                int end = code.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                for (int k = i; k < stop; k++) if (code.charAt(k) == '\n') { line++; col = 0; } else col++;
                i = stop - 1;
                continue;
            }
            if (c == '\'' || c == '"') {
                boolean triple = i + 2 < n && code.charAt(i + 1) == c && code.charAt(i + 2) == c;
                String close = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
                int k = i + close.length();
                while (k < n && !code.startsWith(close, k)) {
                    if (code.charAt(k) == '\\') k++;
                    else if (code.charAt(k) == '\n' && !triple) break; // an unclosed one-line string: leave it to the parser
                    k++;
                }
                int stop = Math.min(n, k + close.length());
                for (int j = i + 1; j < stop; j++) if (code.charAt(j) == '\n') { line++; col = 0; } else col++;
                i = stop - 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                stack.push(new Open(c, line, col));
            } else if (c == ')' || c == ']' || c == '}') {
                char want = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (stack.isEmpty()) return new Problem(line, col, "'" + c + "' closes nothing");
                Open top = stack.pop();
                if (top.c() != want) {
                    return new Problem(line, col, "'" + c + "' closes the '" + top.c() + "' opened on line " + top.line()
                            + "; expected '" + closer(top.c()) + "'");
                }
            }
        }
        if (stack.isEmpty()) return null;
        Open first = stack.peekLast(); // the outermost unclosed bracket is where the reader lost track
        return new Problem(first.line(), first.column(), "'" + first.c() + "' is never closed", true);
    }

    private static char closer(char open) {
        return open == '(' ? ')' : open == '[' ? ']' : '}';
    }
}
