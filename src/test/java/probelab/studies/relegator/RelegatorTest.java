package probelab.studies.relegator;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelegatorTest {

    @Test
    void generatorStatistics() {
        Events e = MoonsMass.generate(40000, 0.2, 1.4, 0.5, 3);
        assertEquals(20000, e.signalCount());
        double sum = 0, sq = 0;
        int n = 0;
        int[] bkgHist = new int[4];
        for (int i = 0; i < e.size(); i++) {
            double m = e.mass()[i];
            if (e.label()[i] == 1) {
                sum += m;
                sq += m * m;
                n++;
            } else {
                assertTrue(m >= 0 && m <= 1, "background mass in [0, 1]: " + m);
                bkgHist[Math.min(3, (int) (m * 4))]++;
            }
        }
        double mean = sum / n, std = Math.sqrt(sq / n - mean * mean);
        assertEquals(0.5, mean, 0.002);
        assertEquals(0.03, std, 0.002);
        for (int k = 1; k < 4; k++) assertTrue(bkgHist[k] < bkgHist[k - 1], "background mass decreases: " + java.util.Arrays.toString(bkgHist));
    }

    @Test
    void rotationAppliesToTheBackgroundOnly() {
        // without noise the signal moon is exactly (1 - cos t, 0.5 - sin t) and the background
        // moon (cos t, sin t) turned clockwise by the angle, so its radius stays 1
        Events e = MoonsMass.generate(2000, 0.0, 1.4, 0.5, 1);
        double c = Math.cos(1.4), s = Math.sin(1.4);
        for (int i = 0; i < e.size(); i++) {
            float[] x = e.x()[i];
            if (e.label()[i] == 1) {
                double dx = 1 - x[0], dy = 0.5 - x[1];
                assertEquals(1.0, Math.hypot(dx, dy), 1e-5, "signal lies on its unrotated moon");
                assertTrue(dy >= -1e-6, "signal moon is the lower half circle");
            } else {
                assertEquals(1.0, Math.hypot(x[0], x[1]), 1e-5);
                // undo the clockwise rotation: the point is back on the upper half circle
                double ux = x[0] * c - x[1] * s, uy = x[0] * s + x[1] * c;
                assertTrue(uy >= -1e-5, "unrotated background lies on the upper half: " + uy);
                assertTrue(ux >= -1 - 1e-5 && ux <= 1 + 1e-5);
            }
        }
    }

    @Test
    void lossGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 12;
        float[][] p = new float[n][3];
        int[] label = new int[n];
        boolean[] peak = new boolean[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble() + 0.1, b = rng.nextDouble() + 0.1, r = rng.nextDouble() + 0.1, s = a + b + r;
            p[i] = new float[] {(float) (a / s), (float) (b / s), (float) (r / s)};
            label[i] = i % 2;
            peak[i] = i % 3 != 0;
        }
        for (RelegatorLoss.Variant v : RelegatorLoss.Variant.values()) {
          for (double scale : new double[] {1, 2.5}) {
            float[][] grad = new float[n][3];
            RelegatorLoss.compute(p, n, label, peak, 0.75, 0.01, v, scale, grad);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    float old = p[i][k];
                    double h = 1e-3;
                    p[i][k] = (float) (old + h);
                    double up = RelegatorLoss.compute(p, n, label, peak, 0.75, 0.01, v, scale, null).loss();
                    p[i][k] = (float) (old - h);
                    double down = RelegatorLoss.compute(p, n, label, peak, 0.75, 0.01, v, scale, null).loss();
                    p[i][k] = old;
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grad[i][k], 2e-3 * Math.max(1, Math.abs(numeric)),
                            v + " (scale " + scale + ") at event " + i + ", output " + k);
                }
            }
          }
        }
    }

    @Test
    void lossGradientThroughTheSoftmaxNetwork() {
        // the whole chain: network → softmax → loss, against finite differences in a weight
        Events e = MoonsMass.generate(400, 0.2, 1.4, 0.5, 2);
        probelab.nn.Mlp net = new probelab.nn.Mlp(new int[] {2, 8, 3}, probelab.nn.Activation.TANH,
                probelab.nn.Activation.SOFTMAX, 4);
        boolean[] peak = Relegator.peakMask(e, 0.5, 0.075);
        float[][] grad = new float[e.size()][3];
        RelegatorLoss.compute(net.forward(e.x(), e.size()), e.size(), e.label(), peak, 0.75, 0.01,
                RelegatorLoss.Variant.CE_PLUS_INV_SIGMA, grad);
        net.backward(grad);
        float[] w = net.parameters().get(0);
        float g = net.gradients().get(0)[3];
        float old = w[3];
        w[3] = old + 1e-3f;
        double up = RelegatorLoss.compute(net.forward(e.x(), e.size()), e.size(), e.label(), peak, 0.75, 0.01,
                RelegatorLoss.Variant.CE_PLUS_INV_SIGMA, null).loss();
        w[3] = old - 1e-3f;
        double down = RelegatorLoss.compute(net.forward(e.x(), e.size()), e.size(), e.label(), peak, 0.75, 0.01,
                RelegatorLoss.Variant.CE_PLUS_INV_SIGMA, null).loss();
        w[3] = old;
        assertEquals((up - down) / 2e-3, g, 5e-3 * Math.max(1, Math.abs(g)));
    }

    @Test
    void sigmaOnHandCountedEvents() {
        assertEquals(3.0, Significance.sigma(9, 0), 1e-12);
        assertEquals(10 / Math.sqrt(110), Significance.sigma(10, 100), 1e-12);
        assertEquals(0.0, Significance.sigma(0, 0));
        // 3 signal and 6 background in the window, 5 signal outside it
        double[] mass = {0.5, 0.5, 0.5, 0.45, 0.45, 0.45, 0.55, 0.55, 0.55, 0.9, 0.9, 0.1, 0.1, 0.2};
        int[] label = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        float[][] x = new float[mass.length][2];
        Events e = new Events(x, label, mass);
        assertEquals(3 / Math.sqrt(9), Significance.MOONS.sigma(e, null), 1e-12);
        boolean[] pass = new boolean[mass.length];
        pass[0] = pass[1] = pass[3] = true;
        assertEquals(2 / Math.sqrt(3), Significance.MOONS.sigma(e, pass), 1e-12);
    }

    @Test
    void thresholdScanFindsTheKnownOptimum() {
        // scores: signal at 0.9, background spread over 0.05..0.95 (one per step);
        // the best cut keeps only scores ≥ 0.9 → s = 10, b = 1 (0.95) + 1 (0.9)... computed directly
        int nb = 19;
        double[] mass = new double[10 + nb];
        int[] label = new int[10 + nb];
        double[] score = new double[10 + nb];
        for (int i = 0; i < 10; i++) { mass[i] = 0.5; label[i] = 1; score[i] = 0.9; }
        for (int j = 0; j < nb; j++) { mass[10 + j] = 0.5; score[10 + j] = 0.05 * (j + 1); }
        Events e = new Events(new float[10 + nb][2], label, mass);
        double t = Significance.MOONS.bestThreshold(e, score);
        double best = -1, arg = -1;
        for (int k = 0; k <= 100; k++) {
            double th = k / 100.0, s = 0, b = 0;
            for (int i = 0; i < score.length; i++) if (score[i] >= th) { if (label[i] == 1) s++; else b++; }
            double sg = Significance.sigma(s, b);
            if (sg > best) { best = sg; arg = th; }
        }
        assertEquals(arg, t, 1e-12);
        assertTrue(t > 0.8 && t <= 0.9, "cut just below the signal's score: " + t);
    }

    @Test
    void shortTrainingImprovesSigmaOverTheRawSample() {
        Events train = MoonsMass.generate(6000, 0.2, 1.4, 0.5, 1);
        Events eval = MoonsMass.generate(30000, 0.2, 1.4, 0.01, 77);
        Relegator r = new Relegator(probelab.util.Options.apply(Relegator.Options.DEFAULTS,
                Map.of("epochs", 150, "lr", 3e-3, "progress", false, "earlyStopDepth", 0), "relegator"));
        FitHistory h = r.fit(train);
        assertEquals(150, h.getEpochs());
        Evaluation ev = r.evaluate(eval);
        assertTrue(ev.sigmaPass() > 1.5 * ev.sigmaRaw(), ev.toString());
        assertTrue(h.getTestLoss()[149] < h.getTestLoss()[0], "the test loss falls");
    }

    @Test
    void earlyStopSlope() {
        assertTrue(FullBatch.slope(new double[] {5, 4, 3, 2}) < 0);
        assertEquals(0.0, FullBatch.slope(new double[] {1, 1, 1}), 1e-12);
        assertEquals(2.0, FullBatch.slope(new double[] {1, 3, 5, 7}), 1e-12);
    }

    @Test
    void csvEventsAndClearErrors(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ev.csv");
        Files.writeString(csv, "a,b,y,m\n0.1,0.2,1,0.5\n0.3,0.4,0,0.7\n");
        Events e = Events.readCsv(csv, List.of("a", "b"), "y", "m");
        assertEquals(2, e.size());
        assertEquals(1, e.signalCount());
        var err = assertThrows(IllegalArgumentException.class, () -> Events.readCsv(csv, List.of("a", "zz"), "y", "m"));
        assertTrue(err.getMessage().contains("no column 'zz'"), err.getMessage());
        Files.writeString(csv, "a,b,y,m\n0.1,0.2,3,0.5\n");
        var err2 = assertThrows(IllegalArgumentException.class, () -> Events.readCsv(csv, List.of("a", "b"), "y", "m"));
        assertTrue(err2.getMessage().contains("line 2"), err2.getMessage());
        // one NaN row used to make every loss NaN; 1e50 used to become Infinity as a float
        Files.writeString(csv, "a,b,y,m\n0.1,0.2,1,0.5\n0.1,NaN,0,0.5\n");
        var nan = assertThrows(IllegalArgumentException.class, () -> Events.readCsv(csv, List.of("a", "b"), "y", "m"));
        assertTrue(nan.getMessage().contains("line 3") && nan.getMessage().contains("column 'b' holds NaN"), nan.getMessage());
        Files.writeString(csv, "a,b,y,m\n1e50,0.2,1,0.5\n");
        var big = assertThrows(IllegalArgumentException.class, () -> Events.readCsv(csv, List.of("a", "b"), "y", "m"));
        assertTrue(big.getMessage().contains("column 'a' holds 1e50, beyond a float's range"), big.getMessage());
        // quoted fields and a byte-order mark, as spreadsheets write them
        Files.writeString(csv, "\uFEFF\"a\",\"b\",y,m\n\"0.1\",0.2,1,0.5\n");
        assertEquals(1, Events.readCsv(csv, List.of("a", "b"), "y", "m").size());
        Files.writeString(csv, "a,b,y,m\n0.1,0.2,1,Infinity\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Events.readCsv(csv, List.of("a", "b"), "y", "m"))
                .getMessage().contains("column 'm' holds Infinity"));
    }

    @Test
    void aDivergingFitStopsWithTheCauseAndFiniteWeights() {
        Events train = MoonsMass.generate(2000, 0.2, 1.4, 0.5, 1);
        train.x()[5][1] = Float.NaN; // what a NaN in the inputs does to the loss, past the CSV reader's check
        Relegator r = new Relegator(probelab.util.Options.apply(Relegator.Options.DEFAULTS, Map.of("epochs", 20, "progress", false), "relegator"));
        probelab.optim.Diverged d = assertThrows(probelab.optim.Diverged.class, () -> r.fit(train));
        assertTrue(d.getMessage().contains("training diverged at update 1") && d.getMessage().contains("the loss is NaN")
                && d.getMessage().contains("NaN or Infinity in the inputs"), d.getMessage());
    }

    @Test
    void underWarnAFitWithANaNInputSkipsThoseEpochsAndFinishes() {
        Events train = MoonsMass.generate(2000, 0.2, 1.4, 0.5, 1);
        train.x()[5][1] = Float.NaN;
        Relegator r = new Relegator(probelab.util.Options.apply(Relegator.Options.DEFAULTS,
                Map.of("epochs", 20, "earlyStopDepth", 0, "progress", false, "onNonFinite", "warn"), "relegator"));
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r.fit(train);
        } finally {
            System.setErr(saved);
        }
        String warned = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, warned.split("training diverged", -1).length - 1, "warned once: " + warned);
        assertTrue(warned.contains("onNonFinite: warn"), warned);
        assertEquals(20, r.getHistory().getEpochs(), "every epoch ran");
        for (float[] p : r.getNetwork().parameters()) for (float v : p) assertTrue(Float.isFinite(v), "skipped, never applied");
    }

    @Test
    void scriptRejectsUnknownConfigKeys(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"model\": {\"lr\": 0.001, \"dropOut\": 0.1}}");
        var err = new java.io.ByteArrayOutputStream();
        int rc = probelab.workbench.cli.MainTestAccess.run(new String[] {"scripts/relegator_moons.groovy", "--config", cfg.toString(),
                "--out", dir.resolve("o").toString()}, new java.io.PrintStream(err, true));
        assertEquals(1, rc);
        assertTrue(err.toString().contains("unknown option 'dropOut' for config model"), err.toString());
    }

    @Test
    void aFittedRelegatorAndBaselineSaveAndLoadExactly(@TempDir Path dir) {
        Events train = MoonsMass.generate(2000, 0.2, 1.4, 0.5, 1), eval = MoonsMass.generate(3000, 0.2, 1.4, 0.05, 2);
        Relegator r = new Relegator(probelab.util.Options.apply(Relegator.Options.DEFAULTS, java.util.Map.of("epochs", 60, "progress", false), "relegator"));
        r.fit(train);
        Relegator back = Relegator.load(r.save(dir.resolve("r.model").toString()));
        assertArrayEquals(r.predict(eval.x()), back.predict(eval.x()), "the same scores, bit for bit");
        assertEquals(r.getThreshold(), back.getThreshold());
        assertEquals(r.evaluate(eval).toString(), back.evaluate(eval).toString());
        for (Baseline.Kind k : Baseline.Kind.values()) {
            Baseline b = new Baseline(Baseline.Options.like(r.getOptions(), k, 0.05, 3));
            b.fit(train);
            Baseline bb = (Baseline) probelab.workbench.dsl.CoreDsl.load(b.save(dir.resolve(k + ".model").toString()).toString());
            assertArrayEquals(b.decide(eval.x()), bb.decide(eval.x()));
            assertArrayEquals(b.signalScores(eval.x()), bb.signalScores(eval.x()));
        }
        var foreign = assertThrows(IllegalArgumentException.class, () -> Baseline.load(dir.resolve("r.model")));
        assertTrue(foreign.getMessage().contains("holds a 'relegator' model, not a baseline"), foreign.getMessage());
        assertThrows(IllegalStateException.class, () -> new Relegator(Relegator.Options.DEFAULTS).save(dir.resolve("x.model").toString()),
                "an unfitted relegator has nothing to save");
    }
}
