package probelab.active;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import probelab.data.ImageDataset;

/** The BatchBALD paper's network on plain arrays: its gradient, that it learns digits, and its MC-dropout passes. */
class BayesianCnnTest {
    @Test
    void gradientMatchesFiniteDifferencesWithTheMasksHeldFixed() {
        BayesianCnn net = new BayesianCnn(16, 16, 3, new BayesianCnn.Options(1, 1, 4, 1e-3, 0.5, 2, "stop"));
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[4][16 * 16];
        for (float[] row : x) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextDouble();
        int[] y = {0, 2, 1, 2};
        net.lossAndGradient(x, y, new SplittableRandom(7));
        List<float[]> p = net.parameters();
        List<float[]> g = p.stream().map(a -> net.gradients().get(p.indexOf(a)).clone()).toList();
        int checked = 0, agree = 0;
        for (int k = 0; k < p.size(); k++) {
            float[] a = p.get(k);
            for (int idx = 0; idx < a.length; idx += Math.max(1, a.length / 6)) {
                float keep = a[idx];
                double eps = 1e-3; // small, so that few ReLUs or pooling windows switch; float noise ~4e-5
                a[idx] = (float) (keep + eps);
                double up = net.lossAndGradient(x, y, new SplittableRandom(7));
                a[idx] = (float) (keep - eps);
                double down = net.lossAndGradient(x, y, new SplittableRandom(7));
                a[idx] = keep;
                double fd = (up - down) / (2 * eps), an = g.get(k)[idx];
                checked++;
                if (Math.abs(fd - an) <= 0.05 * (Math.abs(fd) + Math.abs(an)) + 1e-4) agree++;
                else System.out.printf("BayesianCnn gradient: array %d[%d] backprop %.6g, finite differences %.6g%n", k, idx, an, fd);
            }
        }
        // a ReLU or a pooling window may switch inside ±ε now and then; a wrong gradient fails nearly everywhere
        assertTrue(agree >= 0.9 * checked, agree + " of " + checked + " gradient entries agree");
    }

    @Test
    void learnsDigitsAndSamplesDifferentPasses() {
        ImageDataset[] split = EstimatorChecks.digits600And300();
        ImageDataset train = split[0], test = split[1];
        BayesianCnn cnn = new BayesianCnn(28, 28, 10, new BayesianCnn.Options(10, 250, 64, 1e-3, 0.5, 1, "stop"));
        long t0 = System.nanoTime();
        cnn.fit(train.rows(), train.getLabels());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[][] p = cnn.predictProba(test.rows());
        double acc = EstimatorChecks.accuracy(p, test.getLabels());
        System.out.printf("BayesianCnn: 250 steps on 600 digits in %.1f s, test accuracy %.3f%n", seconds, acc);
        assertTrue(acc > 0.85, "test accuracy after 600 digits: " + acc);

        double[][][] mc = cnn.sampleProba(test.subset(0, 50).rows(), 30, 3);
        EstimatorChecks.passesVaryAroundTheMean(mc, p);
        // the same seed gives the same passes
        assertArrayEquals(mc[4][7], cnn.sampleProba(test.subset(0, 50).rows(), 30, 3)[4][7], 0);
        EstimatorChecks.passesAreConsistent(cnn, test.subset(0, 50).rows());
    }

    @Test
    void aNaNImageStopsTheFitNamingTheCauseOrIsSkippedUnderWarn() {
        float[][] x = new float[8][16 * 16];
        SplittableRandom r = new SplittableRandom(3);
        for (float[] row : x) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextDouble();
        x[5][40] = Float.NaN;
        int[] y = {0, 1, 2, 0, 1, 2, 0, 1};
        BayesianCnn stops = new BayesianCnn(16, 16, 3, new BayesianCnn.Options(2, 0, 8, 1e-3, 0.5, 1, "stop"));
        probelab.optim.Diverged d = assertThrows(probelab.optim.Diverged.class, () -> stops.fit(x, y));
        assertTrue(d.getMessage().contains("training diverged at update 1") && d.getMessage().contains("NaN or Infinity in the inputs"),
                d.getMessage());
        for (float[] p : stops.parameters()) for (float v : p) assertTrue(Float.isFinite(v), "the update was not applied");

        BayesianCnn warns = new BayesianCnn(16, 16, 3, new BayesianCnn.Options(2, 0, 8, 1e-3, 0.5, 1, "warn"));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            warns.fit(x, y);
        } finally {
            System.setErr(saved);
        }
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("onNonFinite: warn"), err.toString());
        for (float[] p : warns.parameters()) for (float v : p) assertTrue(Float.isFinite(v), "skipped, never applied");
    }

    @Test
    void itsLayersAreWhatItsPredictionsComeFrom() {
        BayesianCnn net = new BayesianCnn(16, 16, 3, new BayesianCnn.Options(1, 1, 4, 1e-3, 0.5, 2, "stop"));
        SplittableRandom r = new SplittableRandom(5);
        float[][] x = new float[600][16 * 16]; // more than one chunk of 512
        for (float[] row : x) for (int i = 0; i < row.length; i++) row[i] = (float) r.nextDouble();
        probelab.inspect.Activations a = probelab.inspect.Activations.of(net, x, probelab.inspect.Activations.Options.DEFAULTS);
        assertEquals(BayesianCnn.LAYERS, a.names());
        assertArrayEquals(new long[] {12, 12, 32}, a.shape("conv1"));
        assertEquals(12 * 12 * 32, a.getAt("conv1")[599].length);
        assertArrayEquals(new long[] {128}, a.shape("fc1"));
        double[][] p = net.predictProba(x);
        for (int i : new int[] {0, 513, 599}) {
            float[] z = a.getAt("logits")[i];
            double max = Math.max(z[0], Math.max(z[1], z[2])), sum = 0;
            for (float v : z) sum += Math.exp(v - max);
            for (int c = 0; c < 3; c++) assertEquals(p[i][c], Math.exp(z[c] - max) / sum, 1e-6, "image " + i + " class " + c);
        }
        assertEquals(List.of("fc1"), probelab.inspect.Activations.of(net, x, new probelab.inspect.Activations.Options(256, List.of("fc1"))).names());
    }
}
