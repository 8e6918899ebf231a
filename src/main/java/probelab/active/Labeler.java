package probelab.active;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A person in the loop: shows each queried image, asks "Which class is this?", and takes a
 * class name or index, {@code s} to skip, {@code q} to stop. A wrong answer is asked again.
 * Every answer is appended to a labels file the moment it is given (one line, flushed and
 * forced to disk), so a crash or Ctrl-C loses nothing, and a later run that reads the
 * same file does not ask again.
 */
public final class Labeler {
    /** Where answers come from: shows a prompt, returns the line typed (null at the end of input). */
    @FunctionalInterface
    public interface Answers {
        String ask(String prompt);

        static Answers of(BufferedReader in, PrintStream out) {
            return prompt -> {
                out.print(prompt);
                out.flush();
                try {
                    return in.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }

    private final Answers in;
    private final PrintStream out;
    private final Path file;
    private final String[] classes;
    private final Map<Integer, Integer> answers = new LinkedHashMap<>();

    public Labeler(Answers in, PrintStream out, Path labelsFile, String[] classes) {
        this.in = in;
        this.out = out;
        this.file = labelsFile;
        this.classes = classes.clone();
        load();
    }

    /** Answers so far (pool index → class), including those read from the file. */
    public Map<Integer, Integer> answers() {
        return new LinkedHashMap<>(answers);
    }

    public boolean isLabelled(int index) {
        return answers.containsKey(index);
    }

    private void load() {
        if (!Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("index")) continue;
                String[] f = line.split(",", 3);
                try {
                    answers.put(Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": cannot read the line '" + line + "' (expected index,class,name)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks about each index in turn ({@code show} displays it). Returns the new answers;
     * stops early at {@code q} or the end of input.
     */
    public Map<Integer, Integer> ask(int[] indices, IntConsumer show) {
        Map<Integer, Integer> fresh = new LinkedHashMap<>();
        for (int index : indices) {
            if (answers.containsKey(index)) continue;
            show.accept(index);
            while (true) {
                String line = in.ask("Which class is this? (" + choices() + "; s skip, q stop) ");
                if (line == null || line.strip().equalsIgnoreCase("q")) {
                    out.println(line == null ? "" : "stopped; " + fresh.size() + " labelled this time");
                    return fresh;
                }
                String a = line.strip();
                if (a.equalsIgnoreCase("s")) break;
                int c = parse(a);
                if (c < 0) {
                    out.println("'" + a + "' is not a class: answer " + choices() + ", s or q");
                    continue;
                }
                record(index, c);
                fresh.put(index, c);
                break;
            }
        }
        return fresh;
    }

    /** Options of a labelling round. */
    public record Options(@probelab.util.Doc("images to ask about") int n,
                          @probelab.util.Doc("labels file (a relative path lands in the output folder)") String file) {
        public static final Options DEFAULTS = new Options(5, "labels.csv");

        public Options {
            probelab.util.Check.atLeast("n", n, 1);
            if (file.isBlank()) throw new IllegalArgumentException("file must name a labels file");
        }
    }

    /**
     * One round with a person: the learner queries {@code n} of the pool's images not yet
     * answered in this labels file, each is shown and asked about, and the answers are
     * taught to the learner. Returns the new answers (pool index → class).
     */
    public Map<Integer, Integer> round(ActiveLearner learner, probelab.data.ImageDataset pool, int n, IntConsumer show) {
        java.util.List<Integer> open = new java.util.ArrayList<>();
        for (int i = 0; i < pool.size(); i++) if (!isLabelled(i)) open.add(i);
        if (open.isEmpty()) throw new IllegalStateException("every image of the pool is labelled in " + file);
        int[] openIdx = open.stream().mapToInt(Integer::intValue).toArray();
        Query q = learner.query(pool.subset(openIdx).rows(), n);
        int[] ask = new int[q.indices().length];
        for (int i = 0; i < ask.length; i++) ask[i] = openIdx[q.indices()[i]];
        Map<Integer, Integer> fresh = ask(ask, show);
        if (!fresh.isEmpty()) {
            float[][] x = new float[fresh.size()][];
            int[] y = new int[fresh.size()];
            int k = 0;
            for (Map.Entry<Integer, Integer> e : fresh.entrySet()) {
                x[k] = pool.image(e.getKey());
                y[k++] = e.getValue();
            }
            learner.teach(x, y);
        }
        return fresh;
    }

    private String choices() {
        if (classes.length <= 10) return "0-" + (classes.length - 1) + " or a name";
        return "0-" + (classes.length - 1);
    }

    private int parse(String a) {
        for (int i = 0; i < classes.length; i++) if (classes[i].equalsIgnoreCase(a)) return i;
        try {
            int i = Integer.parseInt(a);
            return i >= 0 && i < classes.length ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void record(int index, int c) {
        answers.put(index, c);
        probelab.util.LogFile.append(file, "index,class,name", String.format(Locale.ROOT, "%d,%d,%s", index, c, classes[c].replace(",", " ")));
    }
}
