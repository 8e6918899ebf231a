package probelab.workbench.shell;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL driven through a real JLine terminal fed from a stream, as a piped session is. */
class ReplTest {

    /** A dumb terminal over plain streams, as JLine uses when input is piped (no pty in between). */
    private static Terminal terminal(java.io.InputStream in, ByteArrayOutputStream out) throws IOException {
        return new DumbTerminal("test", "dumb", in, out, StandardCharsets.UTF_8);
    }

    /**
     * Types {@code input} (ending in :quit) into a REPL, one line per prompt as a person
     * would, and returns what the screen showed.
     */
    private static String session(String input) throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = terminal(new PipedInputStream(feed, 1 << 16), out)) {
            int[] status = {-1};
            Thread repl = new Thread(() -> status[0] = new Repl(t, new Evaluator(), null).run());
            repl.start();
            int prompts = 0;
            for (String line : input.split("\n")) {
                prompts++;
                boolean continuation = line.startsWith(" ") || line.startsWith(")");
                if (continuation) {
                    prompts--; // a continuation line is typed while the first line waits for its bracket
                    Thread.sleep(200);
                } else {
                    waitFor(out, prompts, "probelab> ");
                }
                feed.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                feed.flush();
            }
            repl.join(30_000);
            assertFalse(repl.isAlive(), "the session ended at :quit");
            assertEquals(0, status[0]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the screen shows {@code n} prompts. */
    private static void waitFor(ByteArrayOutputStream out, int n, String prompt) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (count(out.toString(StandardCharsets.UTF_8), prompt) >= n) return;
            Thread.sleep(5);
        }
        fail("no prompt after " + (n - 1) + " lines: " + out.toString(StandardCharsets.UTF_8));
    }

    private static int count(String s, String sub) {
        int c = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) c++;
        return c;
    }

    @Test
    void defPersistsAndErrorsAreOneLineThenTheNextLineWorks() throws Exception {
        String out = session("def x = 2\nx * 21\nnope(\n)\n[1, 2,\n 3].sum()\nx + 1\n:quit\n");
        assertTrue(out.contains("==> 42"), out);
        assertTrue(out.contains("error: MissingMethodException"), out);
        assertFalse(out.contains("\tat "), "no stack trace walls: " + out);
        assertTrue(out.contains("==> 6"), "multi-line input while a bracket is open: " + out);
        assertTrue(out.contains("==> 3"), out);
    }

    @Test
    void commandsHelpVarsTraceReset() throws Exception {
        String out = session(":help\n:help dqn\ny = 5\n:vars\nboom()\n:trace\n:reset\n:vars\n:nope\n:quit\n");
        assertTrue(out.contains("catchGame"), out);
        assertTrue(out.contains("options (name, type, default, meaning)"), out);
        assertTrue(out.contains("targetSync"), out);
        assertTrue(out.contains("y = 5"), out);
        assertTrue(out.contains("MissingMethodException") && out.contains("\tat "), ":trace prints the full trace: " + out);
        assertTrue(out.contains("no variables yet"), out);
        assertTrue(out.contains("unknown command :nope"), out);
    }

    @Test
    void loadRunsAFileKeepingItsVariables(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("setup.groovy");
        Files.writeString(f, "def loaded = 5\ndef twice(v) { 2 * v }\n");
        String out = session(":load " + f + "\ntwice(loaded) + 1\n:load " + dir.resolve("missing.groovy") + "\n:quit\n");
        assertTrue(out.contains("==> 11"), out);
        assertTrue(out.contains("no such file"), out);
    }

    @Test
    void loadBindsArgsAndDefinitionsPrintTheirSignature(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("flags.groovy");
        Files.writeString(f, "def o = parseArgs(args, [n: 1])\nloadedN = o.n\n");
        String out = session(":load " + f + " --n 7\nloadedN * 6\n:load " + f + "\nloadedN\ndef f(x) { x }\ndef g(a, b) { a }; def h() { 1 }\n:quit\n");
        assertTrue(out.contains("==> 42"), "flags after :load FILE reach args: " + out);
        assertTrue(out.contains("==> 1"), ":load without flags binds empty args: " + out);
        assertTrue(out.contains("f(x) defined"), out);
        assertTrue(out.contains("g(a, b), h() defined"), out);
        assertFalse(out.contains("_run_closure"), "no closure class names: " + out);
    }

    @Test
    void replErrorsNameTheLineAsTheUserKnowsIt() throws Exception {
        String out = session("nosuch + 1\nagent = dqn(catchGame())\nagent.trian()\n:quit\n");
        assertTrue(out.contains("no variable nosuch (line 1)"), out);
        assertTrue(out.contains("did you mean train?"), out);
        assertFalse(out.contains("line$") || out.contains("Line"), "no generated script names: " + out);
    }

    @Test
    void helpTablesAreAligned() throws Exception {
        String out = session(":help dqn\n:quit\n");
        List<String> rows = out.lines().dropWhile(l -> !l.contains("options (name, type, default, meaning)")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).toList();
        assertTrue(rows.size() > 10, out);
        int col = rows.get(0).indexOf("meaning");
        for (String r : rows.subList(1, rows.size())) {
            String name = r.strip().split("\\s+")[0];
            assertTrue(r.length() > col && r.charAt(col - 1) == ' ' && r.charAt(col) != ' ', "row '" + name + "' misaligned:\n" + String.join("\n", rows));
        }
    }

    /**
     * Types {@code running} (two lines; the second keeps running), waits until {@code busy}
     * says it is under way, presses Ctrl-C, then types {@code check} and :quit. Returns the screen.
     */
    private static String interruptSession(String running, java.util.function.Predicate<Evaluator> busy, String check)
            throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = terminal(in, out)) {
            Evaluator ev = new Evaluator();
            Thread session = new Thread(new Repl(t, ev, null)::run);
            session.start();
            feed.write(running.getBytes(StandardCharsets.UTF_8));
            feed.flush();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!busy.test(ev) && System.currentTimeMillis() < deadline) Thread.sleep(20);
            t.raise(Terminal.Signal.INT);
            waitFor(out, 3, "probelab> ");
            feed.write((check + "\n:quit\n").getBytes(StandardCharsets.UTF_8));
            feed.flush();
            session.join(10_000);
            assertFalse(session.isAlive(), "the REPL came back and quit");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ctrlCInterruptsARunningLoopAndThePromptComesBack() throws Exception {
        String text = interruptSession("n = 0\nwhile (true) { n++ }\n",
                ev -> ev.variables().get("n") instanceof Integer i && i > 1000, "n > 1000");
        assertTrue(text.contains("interrupted"), text);
        assertTrue(text.contains("==> true"), text);
    }

    @Test
    void ctrlCStopsTrainingAndKeepsWhatItLearned() throws Exception {
        String text = interruptSession("agent = dqn(catchGame())\nrun = agent.train(episodes: 1000000, progress: false)\n",
                ev -> ev.variables().get("agent") instanceof probelab.rl.Dqn d && d.getSteps() > 2000,
                "run.episodes == agent.history.episodes && run.interrupted");
        assertTrue(text.contains("(interrupted)"), text);
        assertTrue(text.contains("==> true"), text);
    }

    @Test
    void completionOffersDslVariablesAndMembers() {
        Evaluator ev = new Evaluator();
        ev.eval("agent = dqn(catchGame()); env = catchGame()");
        ShellCompleter c = new ShellCompleter(ev, Repl.COMMANDS);
        assertTrue(c.candidates("catchG").containsKey("catchGame("));
        assertTrue(c.candidates("ag").containsKey("agent"));
        Map<String, String> members = c.candidates("agent.tr");
        assertTrue(members.containsKey("train("), members.toString());
        assertTrue(c.candidates("agent.network.we").containsKey("weights("), "property chains resolve");
        assertTrue(c.candidates(":he").containsKey(":help"));
        assertTrue(c.candidates("foo(agent.ev").containsKey("evaluate("), "expression before the dot is found");

        // through JLine's own interface: the candidate replaces the whole word
        List<Candidate> out = new ArrayList<>();
        String line = "x = agent.tr";
        c.complete(null, new DefaultParser().parse(line, line.length()), out);
        assertTrue(out.stream().anyMatch(k -> k.value().equals("x=agent.train(") || k.value().equals("agent.train(")),
                out.stream().map(Candidate::value).toList().toString());
    }

    /** A variable or property completes without a trailing space, so that a dot can follow: agent.netw⇥ then .we⇥. */
    @Test
    void namesThatADotCanFollowCompleteWithoutASpace() {
        Evaluator ev = new Evaluator();
        ev.eval("agent = dqn(catchGame())");
        ShellCompleter c = new ShellCompleter(ev, Repl.COMMANDS);
        for (String line : new String[] {"agent.netw", "age", "agent.network.weights(0).len"}) {
            List<Candidate> out = new ArrayList<>();
            c.complete(null, new DefaultParser().parse(line, line.length()), out);
            assertFalse(out.isEmpty(), line);
            for (Candidate k : out) assertFalse(k.complete(), line + " → '" + k.value() + "' would add a space");
        }
        List<Candidate> kw = new ArrayList<>();
        c.complete(null, new DefaultParser().parse("whil", 4), kw);
        assertTrue(kw.stream().anyMatch(k -> k.value().equals("while") && k.complete()), "a keyword is a finished word");
    }

    /** After a call, members come from the method's declared return type; the call itself is not made. */
    @Test
    void membersAfterACallFollowTheStaticReturnType() {
        Evaluator ev = new Evaluator();
        ev.eval("env = catchGame(); calls = 0");
        ShellCompleter c = new ShellCompleter(ev, Repl.COMMANDS);
        Map<String, String> afterReset = c.candidates("env.reset(1).");
        assertTrue(afterReset.containsKey("observation()") && afterReset.containsKey("info()"), afterReset.toString());
        assertTrue(c.candidates("catchGame().st").containsKey("step("), "a DSL call's return type");
        assertTrue(c.candidates("catchGame(size: 5).actionSpace().").containsKey("n()"), "named arguments and chained calls");
        assertTrue(c.candidates("x = env.step(1).rew").containsKey("reward()"), c.candidates("x = env.step(1).rew").toString());
        assertTrue(c.candidates("dqn(env).train(episodes: 10).winR").containsKey("winRate"), "a property of a returned type");
        assertTrue(c.candidates("[1, 2].").isEmpty(), "a literal before the dot offers nothing rather than guessing");
    }

    @Test
    void eachCompletionSourceWorksAlone() {
        List<Suggestion> out = new ArrayList<>();
        new CommandCompletion(Map.of(":help", "help", ":quit", "quit")).suggest(":h", out);
        assertEquals(List.of(Suggestion.finished(":help", "help")), out);
        out.clear();
        new NameCompletion(() -> java.util.Set.of("dataset")).suggest("x = data", out);
        assertTrue(out.stream().anyMatch(s -> s.text().equals("dataset") && !s.finished()), out.toString());
        out.clear();
        new NameCompletion(() -> java.util.Set.of("dataset")).suggest("agent.data", out);
        assertTrue(out.isEmpty(), "names do not complete after a dot");
        out.clear();
        new MemberCompletion(() -> Map.of("m", Map.of("alpha", 1))).suggest("m.al", out);
        assertEquals(List.of(Suggestion.open("alpha", "key")), out);
        assertEquals(List.of(new MemberCompletion.Link("a", false, 0, false), new MemberCompletion.Link("b", true, 2, true),
                new MemberCompletion.Link("c", true, 0, false)), MemberCompletion.chain("foo(a.b(1, k: 2, '),').c()"));
    }
}
