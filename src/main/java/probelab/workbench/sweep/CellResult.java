package probelab.workbench.sweep;

import java.io.Serializable;
import java.util.Map;

/**
 * How one attempt at a cell ended. {@code status}: {@code ok}, {@code failed} (the script threw;
 * {@code error} says why) or {@code cancelled} (interrupted). {@code files}: the attempt's
 * files by relative path, when no folder is shared with the driver, else empty; {@code left}
 * names those too large to send back.
 */
public record CellResult(Grid.Cell cell, String attempt, String host, String status, double seconds, String error,
                         Map<String, byte[]> files, java.util.List<String> left) implements Serializable {

    public static final String OK = "ok", FAILED = "failed", CANCELLED = "cancelled";

    public boolean ok() {
        return OK.equals(status);
    }
}
