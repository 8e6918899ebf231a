package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;

class SeedCnnTest {
    @Test
    void gradientMatchesFiniteDifferencesWithTheMaskHeldFixed() {
        SeedCnn net = new SeedCnn(16, 16, 3, 1, 4, 2);
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[4][16 * 16];
        for (float[] row : x) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextDouble();
        int[] y = {0, 2, 1, 2};
        net.lossAndGradient(x, y, new SplittableRandom(7));
        List<float[]> p = net.parameters();
        List<float[]> g = net.gradients().stream().map(float[]::clone).toList();
        int checked = 0, agree = 0;
        for (int k = 0; k < p.size(); k++) {
            float[] a = p.get(k);
            for (int idx = 0; idx < a.length; idx += Math.max(1, a.length / 6)) {
                float keep = a[idx];
                double eps = 1e-3;
                a[idx] = (float) (keep + eps);
                double up = net.lossAndGradient(x, y, new SplittableRandom(7));
                a[idx] = (float) (keep - eps);
                double down = net.lossAndGradient(x, y, new SplittableRandom(7));
                a[idx] = keep;
                double fd = (up - down) / (2 * eps), an = g.get(k)[idx];
                checked++;
                if (Math.abs(fd - an) <= 0.05 * (Math.abs(fd) + Math.abs(an)) + 1e-4) agree++;
                else System.out.printf("SeedCnn gradient: array %d[%d] backprop %.6g, finite differences %.6g%n", k, idx, an, fd);
            }
        }
        // a ReLU or a pooling window may switch inside ±ε now and then; a wrong gradient fails nearly everywhere
        assertTrue(agree >= 0.9 * checked, agree + " of " + checked + " gradient entries agree");
    }

    @Test
    void learnsDigitsAndMcDropoutAveragesToTheDeterministicOutput() {
        ImageDataset[] split = EstimatorChecks.digits600And300();
        ImageDataset train = split[0], test = split[1];
        SeedCnn cnn = new SeedCnn(28, 28, 10, 4, 32, 1);
        assertThrows(IllegalStateException.class, () -> cnn.predictProba(test.rows()));
        cnn.fit(train.rows(), train.getLabels());
        double[][] p = cnn.predictProba(test.rows());
        double acc = EstimatorChecks.accuracy(p, test.getLabels());
        assertTrue(acc > 0.75, "test accuracy after 600 digits: " + acc);

        EstimatorChecks.passesVaryAroundTheMean(cnn.sampleProba(test.subset(0, 50).rows(), 40, 3), p);
        EstimatorChecks.passesAreConsistent(cnn, test.subset(0, 50).rows());
        SeedCnn again = new SeedCnn(28, 28, 10, 4, 32, 1);
        again.fit(train.rows(), train.getLabels());
        assertArrayEquals(p[7], again.predictProba(test.rows())[7], 0.0, "the same seed trains the same network");
    }
}
