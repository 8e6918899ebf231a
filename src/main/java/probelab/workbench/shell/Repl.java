package probelab.workbench.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.StackTraceUtils;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import probelab.util.Version;

/**
 * The interactive shell, assembled from parts: a JLine reader (history, multi-line input
 * while brackets are open, completion) and an {@link Evaluator}. Each line runs on a worker
 * thread so that Ctrl-C interrupts it (training stops and keeps what it learned) and the
 * prompt comes back; Ctrl-D leaves.
 */
public final class Repl {
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put(":help", "list the DSL, or :help NAME for one function and its options");
        COMMANDS.put(":load", ":load FILE [--flag value…] — run a Groovy file here with args bound, keeping its variables");
        COMMANDS.put(":vars", "list variables and their values");
        COMMANDS.put(":reset", "forget all variables");
        COMMANDS.put(":trace", "the full stack trace of the last error");
        COMMANDS.put(":quit", "leave (or Ctrl-D)");
    }

    private final Terminal terminal;
    private final Evaluator evaluator;
    private final LineReader reader;
    private final PrintWriter out;
    private final Worker worker = new Worker("probelab-eval");

    public Repl(Terminal terminal, Evaluator evaluator, Path historyFile) {
        this.terminal = terminal;
        this.evaluator = evaluator;
        this.out = terminal.writer();
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedBracket(DefaultParser.Bracket.CURLY, DefaultParser.Bracket.ROUND, DefaultParser.Bracket.SQUARE);
        parser.setEofOnUnclosedQuote(true);
        parser.setEscapeChars(null);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("probelab").parser(parser)
                .completer(new ShellCompleter(evaluator, COMMANDS))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P      > ")
                .variable(LineReader.INDENTATION, 2)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_BRACKET, false);
        if (historyFile != null) b.variable(LineReader.HISTORY_FILE, historyFile);
        this.reader = b.build();
        terminal.handle(Terminal.Signal.INT, s -> interrupt());
        // questions from running code (a person labelling images) are read with this reader
        probelab.util.Console.install(prompt -> {
            try {
                return reader.readLine(prompt);
            } catch (UserInterruptException | EndOfFileException e) {
                return null;
            }
        });
    }

    /** What Ctrl-C does while a line runs: interrupt it; a second Ctrl-C within 3 s forces it. */
    public void interrupt() {
        if (worker.interrupt()) {
            out.println("\nforcing the evaluation to stop");
            out.flush();
        }
    }

    /** Reads and runs lines until {@code :quit} or end of input. Returns the exit status. */
    public int run() {
        out.println("probelab " + Version.get() + " — Groovy with the workbench DSL. :help lists it; Tab completes; Ctrl-D leaves.");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine("probelab> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                out.println();
                out.flush();
                return 0;
            }
            if (!handle(line)) return 0;
        }
    }

    /** Runs one input (a command or code). Returns false when the user asked to leave. */
    public boolean handle(String line) {
        String t = line.strip();
        if (t.isEmpty()) return true;
        if (t.startsWith(":")) return command(t);
        evaluate(line);
        return true;
    }

    private boolean command(String t) {
        String[] parts = t.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case ":quit", ":q", ":exit" -> { return false; }
            case ":help", ":h" -> out.print(arg.isEmpty() ? Help.overview(COMMANDS) : Help.topic(arg));
            case ":vars" -> {
                Map<String, Object> vars = evaluator.variables();
                if (vars.isEmpty()) out.println("no variables yet");
                vars.forEach((k, v) -> {
                    String f = Printer.format(v);
                    out.println(k + " = " + (f == null ? "null" : f.lines().findFirst().orElse("")));
                });
            }
            case ":reset" -> {
                evaluator.reset();
                out.println("variables and classes forgotten");
            }
            case ":trace" -> {
                Throwable e = evaluator.lastError();
                if (e == null) {
                    out.println("no error yet");
                } else {
                    StringWriter sw = new StringWriter();
                    StackTraceUtils.deepSanitize(e).printStackTrace(new PrintWriter(sw));
                    out.print(sw);
                }
            }
            case ":load", ":l" -> load(arg);
            default -> out.println("unknown command " + parts[0] + "; commands: " + String.join(" ", COMMANDS.keySet()));
        }
        out.flush();
        return true;
    }

    private void load(String arg) {
        if (arg.isEmpty()) {
            out.println(":load needs a file: :load scripts/catch_dqn.groovy [--episodes 200]");
            return;
        }
        List<String> words = words(arg);
        String file = words.get(0);
        Path p = Paths.get(file.replaceFirst("^~", System.getProperty("user.home")));
        String code;
        try {
            code = Files.readString(p);
        } catch (IOException e) {
            out.println("cannot read " + p + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            return;
        }
        // a script reads its flags from args, as when run with bin/probelab FILE --flag value
        evaluator.binding().setVariable("args", words.subList(1, words.size()).toArray(new String[0]));
        runOnWorker(code, p.getFileName().toString());
    }

    /** Splits a command's argument on spaces, keeping quoted parts ('a b' or "a b") whole. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(s);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        return out;
    }

    private void evaluate(String code) {
        runOnWorker(code, null);
    }

    private void runOnWorker(String code, String name) {
        Worker.Outcome done = worker.run(() -> name == null ? evaluator.eval(code) : evaluator.eval(code, name), 100, () -> {});
        if (done.error() != null) {
            if (done.error() instanceof ThreadDeath) {
                out.println("stopped");
            } else {
                out.println(Printer.error(done.error(), evaluator.lastScriptName(), evaluator.variables().keySet()));
            }
        } else {
            String s = Printer.format(done.value());
            if (done.value() instanceof Defined) out.println(s);
            else if (s != null) out.println("==> " + s);
        }
        out.flush();
    }
}
