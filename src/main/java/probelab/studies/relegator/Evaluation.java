package probelab.studies.relegator;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One method on one evaluation set: σ of all peak events and of those that pass, accuracy, relegated share. */
public record Evaluation(String method, double sigmaRaw, double sigmaPass, double accuracy, double fractionRelegated,
                         double threshold) {
    /** A relegator that relegates (almost) everything or passes nothing has collapsed. */
    public boolean collapsed() {
        return sigmaPass == 0 || fractionRelegated > 0.99;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("sigma_raw", sigmaRaw);
        m.put("sigma_pass", sigmaPass);
        m.put("accuracy", accuracy);
        m.put("fraction_relegated", fractionRelegated);
        m.put("threshold", threshold);
        return m;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: σ %.2f passing (raw %.2f), accuracy %.3f, relegated %.3f, threshold %.2f",
                method, sigmaPass, sigmaRaw, accuracy, fractionRelegated, threshold);
    }
}
