package probelab.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import probelab.util.AtomicFiles;

/**
 * DL4J networks in DL4J's own format (a zip of the configuration, the weights and the updater
 * state), written atomically, NaN weights refused unless forced; read back as the kind the
 * file holds, a damaged or foreign file refused with its reason.
 */
public final class Dl4jFiles {
    private Dl4jFiles() {}

    public static Path save(Model net, Path path, boolean force) {
        if (!(net instanceof MultiLayerNetwork) && !(net instanceof ComputationGraph)) {
            throw new IllegalArgumentException("expected a DL4J MultiLayerNetwork or ComputationGraph, got " + (net == null ? "null" : net.getClass().getSimpleName()));
        }
        if (!force && !Double.isFinite(net.params().sumNumber().doubleValue())) {
            throw new IllegalStateException("this network holds NaN or Infinity in its weights (training diverged?); save(path, force: true) writes it anyway");
        }
        return AtomicFiles.write(path, out -> ModelSerializer.writeModel(net, out, true));
    }

    /** A MultiLayerNetwork or a ComputationGraph, whichever the file holds. */
    public static Model load(Path path) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(head, 0, 4) < 4 || !isZip(head)) {
                throw new IllegalArgumentException(path + " is not a DL4J model (DL4J writes a zip; this file does not start like one)");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such model file: " + path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
            java.util.zip.ZipEntry conf = zip.getEntry("configuration.json");
            if (conf == null || zip.getEntry("coefficients.bin") == null) {
                throw new IllegalArgumentException(path + " is a zip but not a DL4J model (no configuration.json and coefficients.bin)");
            }
            String json = new String(zip.getInputStream(conf).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean graph = json.contains("\"vertices\"");
            return graph ? ModelSerializer.restoreComputationGraph(path.toFile(), true) : ModelSerializer.restoreMultiLayerNetwork(path.toFile(), true);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(path + " is damaged or truncated (" + e.getMessage() + "); it cannot be loaded");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(path.toString())) throw iae;
            throw new IllegalArgumentException(path + " is damaged or not a DL4J model: " + e.getMessage(), e);
        }
    }

    /** Whether these bytes open a zip (DL4J's format), "PK\3\4". */
    public static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
}
