package probelab.workbench.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.util.AtomicFiles;
import probelab.util.Json;
import probelab.util.Num;

/**
 * {@code bin/probelab bench --results true}: the studies' headline figures, each rerun in full
 * and checked against a stated band, apart from the speed benchmarks. A figure outside its band
 * fails the check (exit 1). {@code --tiny true} runs the same scripts with the smallest settings
 * to check the machinery; its figures are reported but not held to the bands.
 */
final class Results {
    private Results() {}

    /** A figure read from a script's summary.json by a dotted path, and the band it must lie in. */
    record Band(String figure, String path, double low, double high) {
        boolean holds(double v) {
            return v >= low && v <= high;
        }

        String band() {
            if (low == high) return Num.format(low, 3);
            if (high == Double.POSITIVE_INFINITY) return "≥ " + Num.format(low, 3);
            if (low == Double.NEGATIVE_INFINITY) return "≤ " + Num.format(high, 3);
            return Num.format(low, 3) + " – " + Num.format(high, 3);
        }
    }

    /** One study's run: its script, full and tiny arguments, and its bands. */
    record Spec(String name, String script, List<String> args, List<String> tiny, List<Band> bands) {
        String command() {
            return "bin/probelab scripts/" + script + " " + String.join(" ", args);
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("calibration", "elasticnet_td3.groovy",
                    List.of("--full", "true", "--agents", "td3", "--seeds", "1,2,3,4,5", "--parallel", "2"),
                    List.of("--agents", "td3", "--seeds", "1,2", "--episodes", "40", "--problems", "2", "--parallel", "2"),
                    List.of(new Band("TD3 seeds (of 5) with a last-50 mean step reward ≥ 9", "td3.seeds_last50_at_least_9", 4, 5),
                            new Band("TD3 last-50 mean step reward, mean over seeds", "td3.last50_mean", 9, Double.POSITIVE_INFINITY),
                            new Band("TD3 seeds whose weights' median ‖x0 − x‖₁/‖x0‖₁ is within 0.05 of the grid search's",
                                    "td3.seeds_within_005_of_grid", 4, 5))),
            new Spec("catch", "catch_dqn.groovy", List.of("--seed", "1"), List.of("--seed", "1", "--episodes", "30", "--evalEpisodes", "10", "--gifEpisodes", "1"),
                    List.of(new Band("training games won, of 1,000 (seeds 1–5 won 781–808; the classic Keras run 740–760)", "wins_total", 770, 830),
                            new Band("greedy win rate after training", "greedy_win_rate", 1, 1))),
            new Spec("retina", "retina_foraging.groovy", List.of("--frames", "200000", "--episodes", "10", "--seed", "1", "--steps", "300"),
                    List.of("--frames", "256", "--episodes", "1", "--seed", "1", "--steps", "100"),
                    List.of(new Band("food per episode after 200,000 frames at 36×64 (seed 1 measured 14.7; random policy 1.1)",
                            "trained_food", 8, Double.POSITIVE_INFINITY))));

    static int run(BenchAll.Options o, PrintStream log) throws IOException {
        Files.createDirectories(o.out());
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean failed = false;
        for (Spec s : SPECS) {
            if (!o.only().isBlank() && !List.of(o.only().split(",")).contains(s.name())) continue;
            if (Thread.currentThread().isInterrupted()) break;
            Path dir = o.out().resolve(s.name());
            List<String> args = new ArrayList<>(o.tiny() ? s.tiny() : s.args());
            args.addAll(List.of("--out", dir.toString()));
            log.printf(Locale.ROOT, "== %s: %s%n", s.name(), s.command());
            long t0 = System.nanoTime();
            int rc = o.tiny() ? BenchAll.inProcess(s.script(), args, dir, log) : BenchAll.childJvm(s.script(), args, dir, log);
            double minutes = (System.nanoTime() - t0) / 60e9;
            Path summary = dir.resolve("summary.json");
            Map<String, Object> m = rc == 0 && Files.exists(summary) ? Json.readFile(summary) : Map.of();
            for (Band b : s.bands()) {
                Double v = read(m, b.path());
                boolean holds = v != null && b.holds(v);
                if (!holds && !o.tiny()) failed = true;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("study", s.name());
                row.put("figure", b.figure());
                row.put("value", v);
                row.put("band", b.band());
                row.put("holds", holds);
                row.put("minutes", minutes);
                row.put("command", s.command());
                rows.add(row);
                log.printf(Locale.ROOT, "   %s: %s (band %s) %s%n", b.figure(), v == null ? "missing (exit " + rc + ")" : Num.format(v, 4),
                        b.band(), holds ? "holds" : o.tiny() ? "outside (tiny run: not enforced)" : "OUTSIDE");
            }
        }
        String table = markdown(rows, o.tiny());
        AtomicFiles.writeString(o.out().resolve("results.md"), table);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("date", LocalDate.now().toString());
        all.put("rows", rows);
        all.put("all_hold", !failed);
        Json.writeFile(o.out().resolve("summary.json"), all);
        log.println("wrote " + o.out().resolve("results.md") + (failed ? " — some figures left their bands" : ""));
        return failed ? 1 : 0;
    }

    /** A number at a dotted path of a summary ("td3.last50_mean"), or null. */
    @SuppressWarnings("unchecked")
    static Double read(Map<String, Object> m, String path) {
        Object v = m;
        for (String key : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> map)) return null;
            v = ((Map<String, Object>) map).get(key);
        }
        return v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1.0 : 0.0) : null;
    }

    static String markdown(List<Map<String, Object>> rows, boolean tiny) {
        StringBuilder sb = new StringBuilder("# Results check\n\n");
        if (tiny) sb.append("**A smoke run with tiny settings: the bands are not enforced.**\n\n");
        sb.append("Measured ").append(LocalDate.now()).append(" by `bin/probelab bench --results true`.\n\n");
        sb.append("| study | figure | value | band | holds | minutes | command |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            Object v = r.get("value");
            sb.append("| ").append(r.get("study")).append(" | ").append(r.get("figure")).append(" | ")
                    .append(v instanceof Number n ? Num.format(n.doubleValue(), 4) : "missing").append(" | ").append(r.get("band"))
                    .append(" | ").append(Boolean.TRUE.equals(r.get("holds")) ? "yes" : "**no**").append(" | ")
                    .append(Num.format(((Number) r.get("minutes")).doubleValue(), 2)).append(" | `").append(r.get("command")).append("` |\n");
        }
        return sb.toString();
    }
}
