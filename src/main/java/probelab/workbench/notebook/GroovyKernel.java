package probelab.workbench.notebook;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.codehaus.groovy.runtime.StackTraceUtils;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import probelab.plot.Display;
import probelab.util.OutputDir;
import probelab.util.Progress;
import probelab.util.Version;
import probelab.workbench.shell.Assist;
import probelab.workbench.shell.Evaluator;
import probelab.workbench.shell.Html;
import probelab.workbench.shell.Printer;
import probelab.workbench.shell.Worker;

/**
 * The workbench behind Jupyter's messaging protocol: the REPL's {@link Evaluator} and DSL,
 * with figures and progress bars drawn in the cell. JJava's kernel base does the protocol
 * (ZeroMQ sockets, signing, the message types); this class only evaluates, completes,
 * inspects and interrupts. A cell runs on a worker thread, so that an interrupt stops
 * training (which keeps what it learned) without touching the sockets' threads.
 */
public final class GroovyKernel extends BaseKernel {
    /** The evaluator, made and warmed on its own thread while the kernel connects (both take a second or two). */
    private final CompletableFuture<Evaluator> evaluator;
    private volatile Assist assist;
    private final Cell cell = new Cell();
    private final Worker worker = new Worker("probelab-cell");

    private GroovyKernel(String name, String version, HistoryManager history, JupyterIO io, CommManager comms, Renderer renderer,
            MagicParser magics, MagicsRegistry registry, StringStyler styler) {
        super(name, version, language(), List.of(), history, io, comms, renderer, magics, registry, false, styler);
        CompletableFuture<Evaluator> early = EARLY.getAndSet(null);
        this.evaluator = early != null ? early : prepare();
    }

    /** An evaluator started before the kernel's own classes load (serve() starts it first thing). */
    private static final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Evaluator>> EARLY =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Makes the evaluator on its own thread and compiles a first line with it, so that the
     * first cell finds Groovy's compiler loaded. That costs about two seconds, which would
     * otherwise come after the kernel's own start instead of beside it.
     */
    static CompletableFuture<Evaluator> prepare() {
        CompletableFuture<Evaluator> ready = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Evaluator ev = new Evaluator();
                ev.eval("null");
                ready.complete(ev);
            } catch (Throwable e) {
                ready.completeExceptionally(e);
            }
        }, "probelab-evaluator");
        t.setDaemon(true);
        t.start();
        return ready;
    }

    private Evaluator evaluator() {
        return evaluator.join();
    }

    /** The REPL's completion and help, made on first use (only Tab and Shift-Tab need them). */
    private Assist assist() {
        Assist a = assist;
        if (a == null) assist = a = new Assist(evaluator());
        return a;
    }

    private static LanguageInfo language() {
        return new LanguageInfo("groovy", groovy.lang.GroovySystem.getVersion(), "text/x-groovy", ".groovy", "groovy",
                "groovy", "script");
    }

    /** JJava's builder supplies the protocol's parts (I/O streams, comms, history); magics are not used. */
    static final class Builder extends BaseKernelBuilder<Builder, GroovyKernel> {
        @Override
        public GroovyKernel build() {
            name("probelab");
            version(Version.get());
            return new GroovyKernel(buildName(), buildVersion(), buildHistoryManager(), buildJupyterIO(buildJupyterIOEncoding()),
                    buildCommManager(), buildRenderer(), new MagicParser("^\\s*%", "%%", buildMagicTranspiler()),
                    buildMagicsRegistry(), buildErrorStyler());
        }
    }

    /** A kernel ready for a connection; figures, progress bars and questions go to the cell being run. */
    public static GroovyKernel create() {
        GroovyKernel k = new Builder().build();
        Display.showInline(k.cell::figure);
        Progress.drawOn(k.cell::progress);
        probelab.util.Console.install(k::ask);
        return k;
    }

    /** Serves the connection described by Jupyter's connection file until shut down. */
    public static void serve(Path connectionFile) throws Exception {
        EARLY.set(prepare());
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        OutputDir.setCurrent(new OutputDir(OutputDir.defaultFor("notebook"), false, false));
        GroovyKernel kernel = create();
        // a front end whose kernelspec says interrupt_mode "signal" sends SIGINT: stop the cell, not the JVM
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> kernel.interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
            // no signal here: message interrupts still work
        }
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        connection.setHandler(CommInfoRequest.MESSAGE_TYPE, kernel::commInfo);
        connection.connect();
        connection.waitUntilClose();
    }

    /** comm_info with the {@code status} field protocol 5 asks for (JJava's reply leaves it out). */
    private void commInfo(ShellReplyEnvironment env, Message<CommInfoRequest> request) {
        String target = request.getContent().getTargetName();
        Map<String, CommInfoReply.CommInfo> comms = new java.util.LinkedHashMap<>();
        for (Comm c : getCommManager()) {
            if (target == null || target.equals(c.getTargetName())) comms.put(c.getID(), new CommInfoReply.CommInfo(c.getTargetName()));
        }
        env.reply(new CommInfoOk(comms));
    }

    private static final class CommInfoOk extends CommInfoReply {
        @SuppressWarnings("unused") // read by the JSON writer
        private final String status = "ok";

        CommInfoOk(Map<String, CommInfo> comms) {
            super(comms);
        }
    }

    @Override
    public String getBanner() {
        return "probelab " + Version.get() + " — Groovy with the workbench DSL. :help lists it; Tab completes.";
    }

    /** Not used: {@link #eval} renders results itself. */
    @Override
    public Object evalRaw(String code) {
        return run(code, null);
    }

    @Override
    public DisplayData eval(String code) {
        cell.begin(getIO());
        try {
            String t = code.strip();
            if (t.startsWith(":") && !t.contains("\n")) return command(t);
            Object result = run(code, null);
            return cell.render(result);
        } finally {
            cell.end();
        }
    }

    private DisplayData command(String t) {
        String[] parts = t.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case ":help", ":h" -> {
                DisplayData d = new DisplayData(Assist.help(arg));
                String html = Assist.helpHtml(arg);
                if (html != null) d.putHTML(html);
                return d;
            }
            case ":vars" -> {
                Map<String, Object> vars = evaluator().variables();
                if (vars.isEmpty()) return new DisplayData("no variables yet");
                List<String[]> rows = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                vars.forEach((k, v) -> {
                    String f = Printer.format(v);
                    String first = f == null ? "null" : f.lines().findFirst().orElse("");
                    rows.add(new String[] {k, v == null ? "" : v.getClass().getSimpleName(), first});
                    text.append(k).append(" = ").append(first).append('\n');
                });
                DisplayData d = new DisplayData(text.toString());
                d.putHTML(Html.table(List.of("name", "type", "value"), rows));
                return d;
            }
            case ":reset" -> {
                evaluator().reset();
                return new DisplayData("variables and classes forgotten");
            }
            case ":trace" -> {
                Throwable e = evaluator().lastError();
                if (e == null) return new DisplayData("no error yet");
                StringWriter sw = new StringWriter();
                StackTraceUtils.deepSanitize(e).printStackTrace(new PrintWriter(sw));
                return new DisplayData(sw.toString());
            }
            case ":load", ":l" -> {
                return cell.render(load(arg));
            }
            default -> throw new IllegalArgumentException("unknown command " + parts[0] + "; commands: "
                    + String.join(" ", Assist.commands().keySet()));
        }
    }

    private Object load(String arg) {
        if (arg.isEmpty()) throw new IllegalArgumentException(":load needs a file: :load scripts/catch_dqn.groovy [--episodes 200]");
        List<String> words = Assist.words(arg);
        Path p = Paths.get(words.get(0));
        String code;
        try {
            code = Files.readString(p);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        evaluator().binding().setVariable("args", words.subList(1, words.size()).toArray(new String[0]));
        return run(code, p.getFileName().toString());
    }

    /** Evaluates on a worker thread and waits; an error is rethrown as it came, for the error reply. */
    private Object run(String code, String file) {
        Worker.Outcome done = worker.run(() -> file == null ? evaluator().eval(code) : evaluator().eval(code, file), 50, cell::drain);
        if (done.error() != null) throw EvaluationError.rethrow(done.error());
        return done.value();
    }

    /** The ■ button (or SIGINT): interrupts the running cell; a second one within 3 s forces it to stop. */
    @Override
    public void interrupt() {
        worker.interrupt();
    }

    /** One line (type, message, the cell's line), then the trace with Groovy's plumbing removed. */
    @Override
    public List<String> formatError(Throwable e) {
        Throwable t = e instanceof EvaluationError w ? w.getCause() : e;
        List<String> lines = new ArrayList<>();
        lines.add(errorStyler.primary(Printer.error(t, evaluator().lastScriptName(), evaluator().variables().keySet())));
        StringWriter sw = new StringWriter();
        StackTraceUtils.deepSanitize(t).printStackTrace(new PrintWriter(sw));
        sw.toString().lines().skip(1).limit(40).forEach(lines::add);
        return lines;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        String before = code.substring(0, cursor);
        String line = before.substring(before.lastIndexOf('\n') + 1);
        List<String> texts = assist().complete(line).stream().map(Assist.Completion::text).toList();
        if (texts.isEmpty()) return null;
        int start = cursor - line.length() + Assist.wordStart(line);
        return new ReplacementOptions(texts, start, cursor);
    }

    /** Shift-Tab: a DSL function's {@code :help}, or a variable's type and value. */
    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String name = wordAt(code, at);
        if (name.isEmpty()) return null;
        if (Assist.isDsl(name)) {
            DisplayData d = new DisplayData(Assist.help(name));
            d.putHTML(Assist.helpHtml(name));
            return d;
        }
        Map<String, Object> vars = evaluator().variables();
        if (vars.containsKey(name)) {
            Object v = vars.get(name);
            String f = Printer.format(v);
            return new DisplayData(name + ": " + (v == null ? "null" : v.getClass().getName()) + "\n" + (f == null ? "null" : f));
        }
        return null;
    }

    static String wordAt(String code, int at) {
        int c = Math.max(0, Math.min(at, code.length()));
        int s = c, e = c;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) s--;
        while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) e++;
        return code.substring(s, e);
    }

    /** An open bracket asks for another line; a wrong closing bracket is invalid. */
    @Override
    public String isComplete(String code) {
        return switch (Assist.brackets(code)) {
            case BALANCED -> IS_COMPLETE_YES;
            case OPEN -> "  ";
            case WRONG -> IS_COMPLETE_BAD;
        };
    }

    private java.io.BufferedReader answers;

    /** A question from running code (a person labelling): Jupyter's input box, one line. */
    private synchronized String ask(String prompt) {
        System.out.print(prompt);
        System.out.flush();
        if (answers == null) answers = new java.io.BufferedReader(new java.io.InputStreamReader(getIO().in, java.nio.charset.StandardCharsets.UTF_8));
        try {
            return answers.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
