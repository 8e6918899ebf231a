package probelab.workbench.dsl;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import probelab.util.Doc;

/**
 * The workbench's DSL: static functions over the plain Java classes, imported into every
 * REPL line and script (and into JShell with {@code bin/probelab --jshell}). Each area has
 * one facade class; this class lists them and builds the help index from their
 * {@link Doc} annotations.
 */
public final class Dsl {
    /** Facades whose public static methods are the DSL. */
    public static final Class<?>[] FACADES = {CoreDsl.class, EnvDsl.class, RlDsl.class, PlotDsl.class, RelegatorDsl.class, DataDsl.class, ActiveDsl.class, AnalysisDsl.class, DashDsl.class, SweepDsl.class, RewardDsl.class};

    /** Packages imported with a star, so their classes need no import at the prompt. */
    public static final String[] PACKAGES = {"probelab.env", "probelab.rl", "probelab.nn", "probelab.optim", "probelab.plot", "probelab.util",
            "probelab.data", "probelab.active", "probelab.embed", "probelab.inspect", "probelab.influence", "probelab.dash",
            "probelab.studies.relegator", "probelab.studies.calibration", "probelab.studies.retina", "probelab.studies.reward"};

    private Dsl() {}

    /** One DSL function: its name, topic, help line, example and signatures. */
    public record Entry(String name, String topic, String doc, String example, List<String> signatures, Class<?> options) {}

    private static volatile Map<String, Entry> index;

    /** Every documented function, by name (built once: completion asks on every Tab). */
    public static Map<String, Entry> index() {
        Map<String, Entry> i = index;
        if (i == null) index = i = java.util.Collections.unmodifiableMap(buildIndex());
        return i;
    }

    private static Map<String, Entry> buildIndex() {
        Map<String, Entry> byName = new TreeMap<>();
        for (Class<?> f : FACADES) {
            for (Method m : f.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) continue;
                String sig = signature(m);
                Doc d = m.getAnnotation(Doc.class);
                Entry old = byName.get(m.getName());
                if (old == null) {
                    List<String> sigs = new ArrayList<>();
                    sigs.add(sig);
                    byName.put(m.getName(), new Entry(m.getName(), d != null ? d.topic() : "", d != null ? d.value() : "",
                            d != null ? d.example() : "", sigs, d != null ? d.options() : Void.class));
                } else {
                    old.signatures().add(sig);
                    if (d != null && old.doc().isEmpty()) {
                        byName.put(m.getName(), new Entry(m.getName(), d.topic(), d.value(), d.example(), old.signatures(), d.options()));
                    }
                }
            }
        }
        byName.values().removeIf(e -> e.doc().isEmpty());
        return byName;
    }

    /** Functions grouped by topic, in a stable order. */
    public static Map<String, List<Entry>> byTopic() {
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        for (String t : List.of("env", "rl", "data", "active", "relegator", "plot", "core")) out.put(t, new ArrayList<>());
        for (Entry e : index().values()) out.computeIfAbsent(e.topic(), k -> new ArrayList<>()).add(e);
        out.values().forEach(l -> l.sort(Comparator.comparing(Entry::name)));
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static String signature(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        var ps = m.getParameters();
        boolean named = ps.length > 0 && Map.class.isAssignableFrom(ps[0].getType());
        for (int i = named ? 1 : 0; i < ps.length; i++) {
            if (sb.charAt(sb.length() - 1) != '(') sb.append(", ");
            sb.append(ps[i].getName());
        }
        if (named) sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append("name: value…");
        return sb.append(')').toString();
    }
}
