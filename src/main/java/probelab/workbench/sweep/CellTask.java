package probelab.workbench.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to run one cell, wherever it is: the script's text (so that workers
 * need no copy of it), the cell's flags, and where its attempt folders go. {@code attempts} is
 * a folder every executor can write (the sweep's own folder when local, {@code --shared}
 * otherwise); null means none is shared, and each attempt's files travel back to the driver
 * in its {@link CellResult}, up to {@code returnLimitBytes}. {@code announce}: say in the
 * executor's log which cell runs where (a cluster's worker logs; not a local terminal).
 */
public record CellTask(Grid.Cell cell, String scriptName, String scriptCode, List<String> args, String attempts,
                       long returnLimitBytes, boolean announce) implements Serializable {
}
