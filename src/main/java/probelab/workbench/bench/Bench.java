package probelab.workbench.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark scripts share: whether a peer (Debian's PyTorch or scikit-learn) can run,
 * medians of alternated rounds, and one row per comparison in a common shape, which
 * {@link BenchAll} gathers into the benchmark table. A ratio is always a time ratio,
 * probelab's over the peer's: below 1 is faster.
 */
public final class Bench {
    private Bench() {}

    /** True when {@code python} exists and imports {@code module}. */
    public static boolean peerAvailable(String python, String module) {
        if (python == null || python.isBlank() || !new File(python).canExecute()) return false;
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The median of the values (the mean of the middle two for an even count); NaN when there are none. */
    public static double median(List<? extends Number> values) {
        List<Double> s = new ArrayList<>();
        for (Number n : values) s.add(n.doubleValue());
        if (s.isEmpty()) return Double.NaN;
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /**
     * One comparison: probelab's and the peer's value of {@code metric} in {@code unit}. For a
     * time ({@code higherIsBetter} false) the ratio is probelab / peer; for a rate (frames/s) it
     * is peer / probelab, so that it is a time ratio either way. {@code peer} null: the peer did
     * not run, and the row says so ({@code peerName} then names what to install).
     */
    public static Map<String, Object> row(String benchmark, String metric, String unit, double probelab, Double peer,
                                          String peerName, boolean higherIsBetter, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", benchmark);
        r.put("metric", metric);
        r.put("unit", unit);
        r.put("probelab", probelab);
        r.put("peer", peer);
        r.put("peer_name", peerName);
        r.put("higher_is_better", higherIsBetter);
        Double ratio = peer == null || peer == 0 || probelab == 0 ? null : higherIsBetter ? peer / probelab : probelab / peer;
        r.put("ratio", ratio);
        r.put("detail", detail == null ? "" : detail);
        return r;
    }

    /** A row with no peer at all (the foraging room's frame rate, the dashboard's load). */
    public static Map<String, Object> own(String benchmark, String metric, String unit, double probelab, String detail) {
        Map<String, Object> r = row(benchmark, metric, unit, probelab, null, "", false, detail);
        r.put("peer_name", "no peer");
        return r;
    }
}
