package probelab.workbench.shell;

import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * A syntax error as the user should read it: the line of their code where the problem is
 * (a bracket never closed, rather than the end of the file where the parser gave up), and
 * the parser's message on one line. The compiler's exception is the cause, for {@code :trace}.
 */
public final class ScriptSyntaxError extends RuntimeException {
    private final int line, column;

    ScriptSyntaxError(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    static RuntimeException of(MultipleCompilationErrorsException e, String code) {
        Message m = e.getErrorCollector().getErrorCount() > 0 ? e.getErrorCollector().getError(0) : null;
        if (!(m instanceof SyntaxErrorMessage sem)) return e;
        SyntaxException se = sem.getCause();
        String parser = oneLine(se.getOriginalMessage());
        Syntax.Problem p = Syntax.brackets(code);
        if (p != null && (se.getLine() < 0 || p.line() <= se.getLine())) {
            return new ScriptSyntaxError(p.message(), p.line(), p.column(), e);
        }
        return new ScriptSyntaxError(parser, se.getLine(), se.getStartColumn(), e);
    }

    /** The parser's message on one line; a quoted token spanning lines is cut to its first. */
    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        java.util.regex.Matcher q = java.util.regex.Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'").matcher(t);
        StringBuilder sb = new StringBuilder();
        while (q.find()) {
            String token = q.group(1).replace("\\r", "").replace("\\t", " ");
            int nl = token.indexOf("\\n");
            String first = (nl < 0 ? token : token.substring(0, nl)).strip();
            q.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement("'" + first + (nl >= 0 && nl < token.length() - 2 ? " …" : "") + "'"));
        }
        q.appendTail(sb);
        String r = sb.toString();
        int nl = r.indexOf('\n');
        return nl < 0 ? r : r.substring(0, nl).strip();
    }
}
