package probelab;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import smile.feature.extraction.PCA;

/**
 * ND4J, Smile and XChart in one JVM: Smile wants newer javacpp/OpenBLAS natives than ND4J,
 * and the build pins one set for both. If the pin breaks, one of them fails to load here.
 */
class SmokeTest {
    @Test
    void nd4jSmileAndXChartWorkTogether() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray b = a.mmul(a);
        assertArrayEquals(new double[][] {{7, 10}, {15, 22}}, b.toDoubleMatrix());

        double[][] data = new double[200][3];
        java.util.Random r = new java.util.Random(1);
        for (double[] row : data) {
            double t = r.nextGaussian();
            row[0] = t;
            row[1] = 2 * t + 0.01 * r.nextGaussian();
            row[2] = 0.01 * r.nextGaussian();
        }
        PCA pca = PCA.fit(data);
        double[] v = pca.varianceProportion();
        assertTrue(v[0] > 0.99, "one direction carries the variance: " + v[0]);

        XYChart chart = new XYChart(200, 100);
        chart.addSeries("pc", new double[] {1, 2, 3}, v);
        assertEquals(200, BitmapEncoder.getBufferedImage(chart).getWidth());

        // and the REPL prints an INDArray readably
        String s = probelab.workbench.shell.Printer.format(b);
        assertTrue(s.startsWith("INDArray double [2, 2]"), s);
    }
}
