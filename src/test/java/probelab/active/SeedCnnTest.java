package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;

class SeedCnnTest {
    @Test
    void learnsDigitsAndMcDropoutAveragesToTheDeterministicOutput() {
        ImageDataset[] split = EstimatorChecks.digits600And300();
        ImageDataset train = split[0], test = split[1];
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
        EstimatorChecks.passesAreConsistent(cnn, test.subset(0, 50).rows());
    }
}
