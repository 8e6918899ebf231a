package probelab.util;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * How workbench code asks the person at the keyboard a question. The REPL installs its line
 * reader here (history, editing, Ctrl-C ends the answer); scripts read standard input.
 */
public final class Console {
    private static volatile UnaryOperator<String> asker;
    private static BufferedReader stdin;

    private Console() {}

    public static void install(UnaryOperator<String> a) {
        asker = a;
    }

    /** Shows the prompt and returns the line typed, or null at the end of input (or Ctrl-C). */
    public static String ask(String prompt) {
        UnaryOperator<String> a = asker;
        if (a != null) return a.apply(prompt);
        synchronized (Console.class) {
            if (stdin == null) stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.print(prompt);
            System.out.flush();
            try {
                return stdin.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }
    }
}
