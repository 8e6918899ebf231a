package probelab.workbench.shell;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.util.Options;
import probelab.workbench.dsl.Dsl;

/** The text of {@code :help}: the DSL by topic, or one function with its options. */
final class Help {
    private static final Map<String, String> TOPICS = Map.ofEntries(Map.entry("env", "Environments"), Map.entry("rl", "Learners"),
            Map.entry("reward", "Reward learning from examples, with queries"), Map.entry("relegator", "Relegator classifier"),
            Map.entry("data", "Datasets"), Map.entry("active", "Active learning"), Map.entry("analysis", "Looking inside: PCA, t-SNE, probes"),
            Map.entry("plot", "Plots"), Map.entry("dash", "Live dashboard and TensorBoard"), Map.entry("sweep", "Sweeps over seeds and settings (Spark)"),
            Map.entry("core", "Workbench"));

    private Help() {}

    static String overview(Map<String, String> commands) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Dsl.Entry>> t : Dsl.byTopic().entrySet()) {
            sb.append(TOPICS.getOrDefault(t.getKey(), t.getKey())).append('\n');
            for (Dsl.Entry e : t.getValue()) sb.append(String.format(Locale.ROOT, "  %-19s %s%n", e.name(), e.doc()));
        }
        sb.append("Commands\n");
        commands.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-19s %s%n", k, v)));
        sb.append("Named options are checked: an unknown one is an error listing the valid ones. :help NAME shows them.\n");
        return sb.toString();
    }

    static String topic(String name) {
        String n = name.replaceAll("[()]", "");
        Dsl.Entry e = Dsl.index().get(n);
        if (e == null) {
            for (Map.Entry<String, List<Dsl.Entry>> t : Dsl.byTopic().entrySet()) {
                if (t.getKey().equalsIgnoreCase(n) || TOPICS.getOrDefault(t.getKey(), "").equalsIgnoreCase(n)) {
                    StringBuilder sb = new StringBuilder();
                    for (Dsl.Entry x : t.getValue()) sb.append(String.format(Locale.ROOT, "  %-19s %s%n", x.name(), x.doc()));
                    return sb.toString();
                }
            }
            return "no DSL function or topic named '" + n + "'; :help lists them\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(e.name()).append(" — ").append(e.doc()).append('\n');
        for (String s : e.signatures()) sb.append("  ").append(s).append('\n');
        if (!e.example().isEmpty()) sb.append("example:\n  ").append(e.example()).append('\n');
        Record defaults = defaults(e.options());
        if (defaults != null) sb.append("options (name, type, default, meaning):\n").append(Options.describe(defaults));
        return sb.toString();
    }

    /** {@link #topic} as HTML: the function, its signatures and example, its options as a table. */
    static String topicHtml(String name) {
        String n = name.replaceAll("[()]", "");
        Dsl.Entry e = Dsl.index().get(n);
        if (e == null) return "<pre>" + Html.escape(topic(name)) + "</pre>";
        StringBuilder sb = new StringBuilder();
        sb.append("<p><code>").append(Html.escape(e.name())).append("</code> — ").append(Html.escape(e.doc())).append("</p>");
        sb.append("<pre>");
        for (String s : e.signatures()) sb.append(Html.escape(s)).append('\n');
        if (!e.example().isEmpty()) sb.append("example: ").append(Html.escape(e.example())).append('\n');
        sb.append("</pre>");
        Record defaults = defaults(e.options());
        if (defaults != null) sb.append(Html.table(List.of("name", "type", "default", "meaning"), Options.rows(defaults)));
        return sb.toString();
    }

    /** The first public static field of the options record's own type: its defaults. */
    private static Record defaults(Class<?> options) {
        if (options == null || !options.isRecord()) return null;
        for (Field f : options.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == options) {
                try {
                    return (Record) f.get(null);
                } catch (IllegalAccessException ex) {
                    return null;
                }
            }
        }
        return null;
    }
}
