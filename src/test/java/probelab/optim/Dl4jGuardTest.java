package probelab.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.nn.Cnn;

/** A DL4J network meets NaN: the step is undone, then training stops naming it, or skips it under warn. */
class Dl4jGuardTest {
    private static MultiLayerNetwork net() {
        return Cnn.small(1, 20, 20, 3, new Cnn.Options(0, 8, 1e-3, new int[] {2, 3}, 5, 1, false, "stop"));
    }

    private static INDArray[] batch(long seed, boolean withNaN) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[8 * 400];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        if (withNaN) x[300] = Float.NaN;
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 3, 1);
        return new INDArray[] {Nd4j.createFromArray(x).reshape(8, 1, 20, 20), y};
    }

    @Test
    void aNaNInputIsUndoneAndStopsTrainingNamingTheStep() {
        MultiLayerNetwork net = net();
        Dl4jGuard guard = new Dl4jGuard(net, Optimizer.OnNonFinite.STOP);
        for (int s = 0; s < 3; s++) assertTrue(Double.isFinite(guard.fit(batch(s, false)[0], batch(s, false)[1])));
        INDArray before = net.params().dup();
        INDArray state = net.getUpdater().getStateViewArray().dup();
        int iterations = net.getIterationCount();
        INDArray[] bad = batch(9, true);
        Diverged d = assertThrows(Diverged.class, () -> guard.fit(bad[0], bad[1]));
        assertEquals(4, d.update);
        assertTrue(d.getMessage().startsWith("training diverged at update 4: ") && d.getMessage().contains("NaN or Infinity") && d.getMessage().contains("The last finite loss was")
                && d.getMessage().contains("NaN or Infinity in the inputs"), d.getMessage());
        assertEquals(before, net.params(), "the weights are those before the diverging step");
        assertEquals(state, net.getUpdater().getStateViewArray(), "and so is Adam's state");
        assertEquals(iterations, net.getIterationCount());
    }

    @Test
    void underWarnTheStepIsSkippedAndTrainingGoesOn() {
        MultiLayerNetwork net = net();
        Dl4jGuard guard = new Dl4jGuard(net, Optimizer.OnNonFinite.WARN);
        INDArray[] bad = batch(9, true);
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            INDArray first = net.params().dup();
            assertTrue(Double.isNaN(guard.fit(bad[0], bad[1])), "a skipped step has no loss");
            assertEquals(first, net.params(), "the first step, undone: a fresh updater state too");
            for (int s = 0; s < 4; s++) {
                INDArray[] b = batch(s, s % 2 == 1);
                guard.fit(b[0], b[1]);
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals(3, guard.skippedUpdates());
        String warned = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, warned.split("training diverged", -1).length - 1, "warned once: " + warned);
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue()));
        INDArray[] good = batch(20, false);
        assertTrue(Double.isFinite(guard.fit(good[0], good[1])), "learning goes on after skipped steps");
    }

    @Test
    void cnnFitStopsOnATooLargeLearningRateKeepingFiniteWeights() {
        probelab.data.ImageDataset ds = probelab.testing.TestData.mnist().subset(0, 256);
        MultiLayerNetwork huge = Cnn.small(1, 28, 28, 10, new Cnn.Options(2, 32, 1e12, new int[] {2, 3}, 5, 1, false, "stop"));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Cnn.fit(huge, ds, new Cnn.Options(2, 32, 1e12, new int[] {2, 3}, 5, 1, false, "stop"));
        } finally {
            System.setErr(saved);
        }
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("train cnn: training diverged at update"), err.toString());
        assertTrue(Double.isFinite(huge.params().sumNumber().doubleValue()), "the last finite weights");
    }
}
