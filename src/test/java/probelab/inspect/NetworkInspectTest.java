package probelab.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import probelab.inspect.Activations;
import probelab.inspect.Attribution;
import probelab.inspect.ReceptiveFields;
import probelab.inspect.Rollout;
import probelab.nn.Cnn;
import probelab.studies.retina.Lindsey;

class NetworkInspectTest {

    /** Four 7×7 kernels: horizontal edge, vertical edge, diagonal, centre-surround. */
    static float[][][] kernels() {
        float[][][] k = new float[4][7][7];
        for (int y = 0; y < 7; y++) for (int x = 0; x < 7; x++) {
            k[0][y][x] = y < 3 ? 1 : y > 3 ? -1 : 0;
            k[1][y][x] = x < 3 ? -1 : x > 3 ? 1 : 0;
            k[2][y][x] = x > y ? 1 : x < y ? -0.5f : 0;
            double r = Math.hypot(y - 3, x - 3);
            k[3][y][x] = r < 1.5 ? 2 : r < 3.2 ? -0.6f : 0;
        }
        return k;
    }

    static MultiLayerNetwork planted(Activation act) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(7, 7).nOut(4).activation(act).build())
                .layer(new GlobalPoolingLayer())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        float[][][] k = kernels();
        INDArray w = Nd4j.create(DataType.FLOAT, 4, 1, 7, 7);
        for (int f = 0; f < 4; f++) for (int y = 0; y < 7; y++) for (int x = 0; x < 7; x++) w.putScalar(new long[] {f, 0, y, x}, k[f][y][x]);
        net.getLayer(0).setParam("W", w);
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 4));
        return net;
    }

    static double plantedCorrelation(ReceptiveFields rf, int f) {
        float[][][] k = kernels();
        int d = 2 * rf.radius + 1, off = rf.radius - 3;
        double[] a = new double[d * d], b = new double[d * d];
        double[][] field = rf.field(f);
        for (int y = 0; y < d; y++) for (int x = 0; x < d; x++) {
            a[y * d + x] = field[y][x];
            boolean inside = y >= off && y < off + 7 && x >= off && x < off + 7;
            b[y * d + x] = inside ? k[f][y - off][x - off] : 0;
        }
        return ReceptiveFields.correlation(a, b);
    }

    @Test
    void spikeTriggeredAverageRecoversPlantedKernels() {
        ReceptiveFields.Options o = new ReceptiveFields.Options(1, 20_000, 1000, 0, 3, false);
        ReceptiveFields linear = ReceptiveFields.compute(planted(Activation.IDENTITY), o);
        assertEquals(5, linear.radius);
        assertEquals(11, linear.inputHeight, "noise only as large as the crop");
        for (int f = 0; f < 4; f++) assertTrue(plantedCorrelation(linear, f) >= 0.95, "linear filter " + f + ": " + plantedCorrelation(linear, f));
        ReceptiveFields elu = ReceptiveFields.compute(planted(Activation.ELU), o);
        for (int f = 0; f < 4; f++) assertTrue(plantedCorrelation(elu, f) >= 0.9, "ELU filter " + f + ": " + plantedCorrelation(elu, f));
    }

    @Test
    void lindseyEncoderGeometry() {
        MultiLayerNetwork enc = Lindsey.encoder(72, 128, 3, 16, 4, 0, 0, 1);
        Activations a = Activations.of(enc, Nd4j.rand(DataType.FLOAT, 2, 3, 72, 128), 2, null);
        assertEquals(java.util.List.of("bipolar", "bottleneck", "v1", "fc"), a.names());
        assertArrayEquals(new long[] {16, 33, 61}, a.shape("bipolar"));
        assertArrayEquals(new long[] {4, 27, 55}, a.shape("bottleneck"));
        assertArrayEquals(new long[] {16, 21, 49}, a.shape("v1"));
        assertArrayEquals(new long[] {64}, a.shape("fc"));
        ReceptiveFields.Axis[] g = ReceptiveFields.geometry(enc, 2, 72, 128);
        assertEquals(31, g[0].field(), "the third layer's field is 31 pixels");
        ReceptiveFields rf = ReceptiveFields.compute(enc, new ReceptiveFields.Options(3, 200, 100, 0, 0, false));
        assertEquals(13, rf.radius);
        assertEquals(31, rf.inputHeight);
        assertThrows(IllegalArgumentException.class, () -> ReceptiveFields.compute(enc, new ReceptiveFields.Options(4, 10, 10, 0, 0, false)));
    }

    @Test
    void activationsAreRecordedInBatchesByLayerName() {
        MultiLayerNetwork net = Cnn.small(1, 20, 20, 3, new Cnn.Options(1, 8, 1e-3, new int[] {2, 3}, 5, 1, false, "stop"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 1, 20, 20);
        Activations a = Activations.of(net, x, 3, null);
        assertEquals(java.util.List.of("conv1", "pool1", "conv2", "pool2", "dense", "output"), a.names());
        assertEquals(7, a.get("dense").length);
        INDArray whole = net.output(x, false);
        float[][] out = a.get("output");
        for (int i = 0; i < 7; i++) for (int c = 0; c < 3; c++) assertEquals(whole.getFloat(i, c), out[i][c], 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.get("fc"));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
    }

    @Test
    void integratedGradientsAreComplete() {
        MultiLayerNetwork net = Cnn.small(1, 20, 20, 4, new Cnn.Options(1, 8, 1e-3, new int[] {3, 4}, 6, 2, false, "stop"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 20, 20);
        for (int target = 0; target < 4; target++) {
            Attribution.Result r = Attribution.attribute(net, x, new Attribution.Options("integratedGradients", target, "logit", 50, 0, true));
            assertEquals(r.delta, r.sum(), 0.01 * Math.abs(r.delta), "target " + target + ": " + r);
        }
        Attribution.Result out = Attribution.attribute(net, x, new Attribution.Options("integratedGradients", 1, "output", 50, 0, true));
        assertEquals(out.delta, out.sum(), 0.01 * Math.abs(out.delta), out.toString());
    }

    @Test
    void guidedBackpropMatchesAHandComputedCase() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 1}}));
        net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 2));
        net.getLayer(1).setParam("W", Nd4j.createFromArray(new float[][] {{1}, {-1}}));
        net.getLayer(1).setParam("b", Nd4j.zeros(DataType.FLOAT, 1, 1));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3}});
        // Hidden pre-activations 4 and 5 (both on); dz/dh = (1, −1). Plain gradient: W1·(1, −1) = (1, −1, 0).
        // Guided: the negative signal into unit 2 is dropped, leaving W1·(1, 0) = (1, 0, 1).
        Attribution.Result plain = Attribution.attribute(net, x, new Attribution.Options("saliency", 0, "logit", 50, 0, false));
        assertArrayEquals(new float[] {1, -1, 0}, plain.values.toFloatVector(), 1e-6f);
        Attribution.Result abs = Attribution.attribute(net, x, new Attribution.Options("saliency", 0, "logit", 50, 0, true));
        assertArrayEquals(new float[] {1, 1, 0}, abs.values.toFloatVector(), 1e-6f);
        Attribution.Result guided = Attribution.attribute(net, x, new Attribution.Options("guidedBackprop", 0, "logit", 50, 0, true));
        assertArrayEquals(new float[] {1, 0, 1}, guided.values.toFloatVector(), 1e-6f);
        // The original network keeps its plain ReLU.
        assertArrayEquals(new float[] {1, -1, 0}, Attribution.attribute(net, x, new Attribution.Options("saliency", 0, "logit", 50, 0, false)).values.toFloatVector(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Attribution.attribute(net, x, new Attribution.Options("deepLift", 0, "logit", 50, 0, true)));
        assertThrows(IllegalArgumentException.class, () -> Attribution.attribute(net, x, new Attribution.Options("saliency", 3, "logit", 50, 0, true)));
    }

    @Test
    void rolloutRecordsEveryLayerWithTheStepsInfo() {
        probelab.rl.Dqn agent = new probelab.rl.Dqn(new probelab.env.CatchEnv(10), probelab.rl.Dqn.Options.CLASSIC);
        Rollout r = Rollout.record(agent, new probelab.env.CatchEnv(10), 95, 3);
        assertEquals(95, r.steps());
        assertEquals(java.util.List.of("hidden1", "hidden2", "q"), r.activations.names());
        float[][] q = r.activations.get("q");
        assertEquals(95, q.length);
        for (int t = 0; t < 95; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : q[t]) max = Math.max(max, v);
            assertEquals(max, r.value[t], 1e-6);
            assertEquals(q[t][r.action[t]], r.value[t], 1e-6);
        }
        // Catch on a 10×10 board: every episode lasts 9 steps, ending in a win or a loss.
        assertEquals(10, r.events.get("win").length + r.events.get("loss").length);
        for (int t : r.events.get("win")) assertEquals(1.0, r.reward[t]);
        for (int t : r.events.get("loss")) assertEquals(-1.0, r.reward[t]);
        assertEquals(10, r.episode[94]);
    }

    @Test
    void attributionGifOverFrames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        probelab.util.OutputDir.setCurrent(new probelab.util.OutputDir(dir, true));
        MultiLayerNetwork net = Cnn.small(1, 20, 20, 3, new Cnn.Options(1, 8, 1e-3, new int[] {2, 3}, 5, 1, false, "stop"));
        java.nio.file.Path gif = Attribution.gif(net, Nd4j.rand(DataType.FLOAT, 3, 1, 20, 20),
                new Attribution.Options("guidedBackprop", 2, "logit", 50, 0, true), 100);
        assertTrue(gif.toString().endsWith(".gif"));
        javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
        }
    }

    @Test
    void computationGraphActivationsByVertexName() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3).activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").build();
        org.deeplearning4j.nn.graph.ComputationGraph g = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        g.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        Activations a = Activations.of(g, x, 2, null);
        assertTrue(a.names().containsAll(java.util.List.of("hidden", "out")), a.names().toString());
        INDArray whole = g.outputSingle(x);
        for (int i = 0; i < 5; i++) for (int c = 0; c < 3; c++) assertEquals(whole.getFloat(i, c), a.get("out")[i][c], 1e-5);
        assertEquals(6, a.get("hidden")[4].length);
    }

    @Test
    void anMlpsLayersAreItsHiddenActivationsInBatches() {
        probelab.nn.Mlp net = new probelab.nn.Mlp(new int[] {4, 6, 5, 3}, probelab.nn.Activation.RELU, probelab.nn.Activation.LINEAR, 2);
        java.util.Random r = new java.util.Random(4);
        float[][] x = new float[37][4];
        for (float[] row : x) for (int j = 0; j < 4; j++) row[j] = (float) r.nextGaussian();
        Activations a = Activations.of(net, x, new Activations.Options(10, java.util.List.of()));
        assertEquals(java.util.List.of("hidden1", "hidden2", "output"), a.names());
        assertArrayEquals(new long[] {5}, a.shape("hidden2"));
        net.forward(new float[][] {x[23]}, 1);
        assertArrayEquals(net.lastActivations().get(0)[0], a.getAt("hidden1")[23], 0f, "row 23 sits in the third batch");
        assertArrayEquals(net.predict(x[36]), a.getAt("output")[36], 1e-6f);
        Activations some = Activations.of(net, x, new Activations.Options(256, java.util.List.of("hidden2")));
        assertEquals(java.util.List.of("hidden2"), some.names());
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.of(net, x, new Activations.Options(256, java.util.List.of("fc"))));
        assertTrue(e.getMessage().contains("no layer 'fc'; layers: hidden1, hidden2, output"), e.getMessage());
    }
}
