package probelab.workbench.dsl;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import probelab.nn.ModelFile;
import probelab.rl.Dqn;
import probelab.util.Doc;
import probelab.util.OutputDir;

/** Workbench plumbing: the output folder, summaries, script arguments, loading saved things. */
public final class CoreDsl {
    private CoreDsl() {}

    @Doc(value = "the output folder of this session or script run", example = "out()", topic = "core")
    public static OutputDir out() {
        return OutputDir.current();
    }

    @Doc(value = "adds headline metrics to summary.json in the output folder", example = "summary(winRate: 0.98)", topic = "core")
    public static Path summary(Map<String, ?> metrics) {
        return OutputDir.current().summary(metrics);
    }

    @Doc(value = "adds settings to config.json in the output folder", example = "config(episodes: 1000)", topic = "core")
    public static Path config(Map<String, ?> settings) {
        return OutputDir.current().config(settings);
    }

    @Doc(value = "loads a saved agent (the kind is read from the file)", example = "agent = load('catch.agent')", topic = "core")
    public static Object load(String path) {
        Path p = OutputDir.current().resolve(path);
        if (!p.toFile().exists() && Paths.get(path).toFile().exists()) p = Paths.get(path);
        String kind = ModelFile.kind(p);
        return switch (kind) {
            case "dqn" -> Dqn.load(p);
            default -> throw new IllegalArgumentException(p + " holds a '" + kind + "' model, which this probelab cannot load");
        };
    }

    /**
     * Reads {@code --name value} flags of a script against defaults, whose types they must
     * match; {@code --flag} alone sets a boolean. {@code --out} belongs to the runner.
     */
    @Doc(value = "parses a script's --flags against defaults (unknown flags are errors)",
            example = "opts = parseArgs(args, [episodes: 1000, seed: 1])", topic = "core")
    public static Map<String, Object> parseArgs(Object args, Map<String, ?> defaults) {
        List<String> list = args instanceof String[] a ? Arrays.asList(a)
                : args instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        for (int i = 0; i < list.size(); i++) {
            String flag = list.get(i);
            if (!flag.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + flag + "'; flags look like --name value");
            String name = flag.substring(2);
            if (name.equals("out")) { i++; continue; }
            int eq = name.indexOf('=');
            String inline = null;
            if (eq > 0) { inline = name.substring(eq + 1); name = name.substring(0, eq); }
            if (!defaults.containsKey(name)) {
                List<String> valid = new ArrayList<>();
                defaults.keySet().forEach(k -> valid.add("--" + k));
                valid.add("--out");
                throw new IllegalArgumentException("unknown flag --" + name + "; valid flags: " + String.join(", ", valid));
            }
            Object def = defaults.get(name);
            if (def instanceof Boolean && inline == null && (i + 1 >= list.size() || list.get(i + 1).startsWith("--"))) {
                out.put(name, true);
                continue;
            }
            String v = inline != null ? inline : (i + 1 < list.size() ? list.get(++i) : null);
            if (v == null) throw new IllegalArgumentException("flag --" + name + " needs a value");
            out.put(name, convert(name, v, def));
        }
        return out;
    }

    private static Object convert(String name, String v, Object def) {
        try {
            if (def instanceof Integer) return Integer.parseInt(v);
            if (def instanceof Long) return Long.parseLong(v);
            if (def instanceof Number) return Double.parseDouble(v);
            if (def instanceof Boolean) {
                if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag --" + name + " expects " + (def instanceof Integer || def instanceof Long
                    ? "an integer" : def instanceof Number ? "a number" : "true or false") + ", got '" + v + "'");
        }
    }
}
