package probelab.workbench.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A script's flags: {@code --name value} (or {@code --name=value}; a lone {@code --flag} sets a
 * boolean), typed by the defaults the script declares, an unknown flag an error listing the
 * valid ones. {@code --out} belongs to the runner.
 */
public final class ScriptArgs {
    private ScriptArgs() {}

    public static Map<String, Object> parse(Object args, Map<String, ?> defaults) {
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
