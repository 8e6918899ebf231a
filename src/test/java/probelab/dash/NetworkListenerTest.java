package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import probelab.nn.Cnn;

/** The DL4J listener fills the dashboard and TensorBoard while a plain network trains. */
class NetworkListenerTest {
    @TempDir
    Path dir;

    @Test
    void lossGradientNormsWeightsAndFiltersArrive() {
        MultiLayerNetwork net = Cnn.small(1, 20, 20, 3, new Cnn.Options(0, 8, 1e-3, new int[] {4, 4}, 6, 1, false, "stop"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 20, 20);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 3, 1);
        Path file;
        try (Dashboard d = new Dashboard(new Dashboard.Options("127.0.0.1", 0, false, "", 1 << 20, 5000, 256, false, false));
             TensorBoard tb = new TensorBoard(dir)) {
            net.addListeners(new NetworkListener(d, tb, "cnn", 2));
            for (int i = 0; i < 4; i++) net.fit(x, y);
            Map<String, Map<String, Object>> cells = d.list().stream().collect(Collectors.toMap(c -> (String) c.get("name"), c -> c));
            assertEquals(4, ((double[]) ((Map<?, ?>) cells.get("cnn loss").get("value")).get("x")).length);
            Map<?, ?> norms = (Map<?, ?>) ((Map<?, ?>) cells.get("cnn gradient norms").get("value")).get("y");
            assertTrue(norms.containsKey("0_W") && norms.containsKey("5_b"), norms.keySet().toString());
            assertEquals("histogram", cells.get("cnn weights: conv1").get("type"));
            assertTrue(((String) cells.get("cnn conv filters").get("value")).startsWith("data:image/png;base64,"));
            file = tb.file();
        }
        List<TensorBoard.Event> events = TensorBoard.read(file);
        assertEquals(4, events.stream().filter(e -> "cnn/loss".equals(e.tag())).count());
        assertTrue(events.stream().anyMatch(e -> "cnn/conv_filters".equals(e.tag()) && e.png() != null));
        assertTrue(events.stream().anyMatch(e -> "cnn/grad_norm/0_W".equals(e.tag())));
    }
}
