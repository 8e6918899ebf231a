package probelab.dash;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The page's files, read once from the jar. */
final class Resources {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Resources() {}

    static String text(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = Resources.class.getResourceAsStream("/probelab/dash/" + n)) {
                if (in == null) throw new IllegalStateException("missing resource probelab/dash/" + n);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
