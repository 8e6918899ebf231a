package probelab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Fetches a package's tarball from an npm registry over HTTP(S), without the npm command,
 * and checks it against the SHA-512 digest the registry publishes for that version (its
 * {@code dist.integrity}). A wrong digest, a short body or an HTTP error is an error naming
 * the address; nothing half-downloaded is ever returned.
 *
 * <p>The registry is {@code $PROBELAB_NPM_REGISTRY}, else npm's own {@code $npm_config_registry},
 * else {@code https://registry.npmjs.org/}. A proxy in {@code $https_proxy} (or
 * {@code $HTTPS_PROXY}) is used when set.
 */
public final class NpmRegistry {
    static final String DEFAULT = "https://registry.npmjs.org/";
    private static final long MAX_BYTES = 256L << 20;

    private NpmRegistry() {}

    /** The registry in force, ending in a slash. */
    public static String registry() {
        for (String var : new String[] {"PROBELAB_NPM_REGISTRY", "npm_config_registry", "NPM_CONFIG_REGISTRY"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) return v.endsWith("/") ? v : v + "/";
        }
        return DEFAULT;
    }

    /** The tarball address of {@code name@version} in {@code registry} (unscoped packages). */
    static URI tarballUri(String registry, String name, String version) {
        return URI.create(registry + name + "/-/" + name + "-" + version + ".tgz");
    }

    /**
     * Downloads {@code name@version} and returns its bytes once their SHA-512 equals
     * {@code integrity} (npm's {@code sha512-<base64>} form).
     */
    public static byte[] tarball(String registry, String name, String version, String integrity, PrintStream log) {
        URI uri = tarballUri(registry, name, version);
        log.println("fetching " + uri);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (!isLoopback(uri)) proxy().ifPresent(b::proxy);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Accept", "application/octet-stream").GET().build();
        byte[] body;
        try {
            HttpResponse<InputStream> resp = b.build().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("fetching " + uri + " failed: HTTP " + resp.statusCode());
                }
                long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                body = readAtMost(in, uri);
                if (declared >= 0 && declared != body.length) {
                    throw new IllegalStateException("fetching " + uri + " failed: " + body.length + " of " + declared + " bytes arrived");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("fetching " + uri + " failed: " + describe(e)
                    + " (no network? set PROBELAB_NPM_REGISTRY to a mirror, or install from a file you fetched)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fetching " + uri + " was interrupted");
        }
        String got = "sha512-" + Base64.getEncoder().encodeToString(sha512(body));
        if (!got.equals(integrity)) {
            throw new IllegalStateException(uri + " does not match its published digest: expected " + integrity + ", got " + got
                    + " (" + body.length + " bytes); refusing it");
        }
        log.printf(Locale.ROOT, "fetched %,d bytes, digest checked%n", body.length);
        return body;
    }

    private static byte[] readAtMost(InputStream in, URI uri) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) != -1) {
            out.write(buf, 0, r);
            if (out.size() > MAX_BYTES) throw new IOException(uri + " is larger than " + (MAX_BYTES >> 20) + " MB");
        }
        return out.toByteArray();
    }

    static byte[] sha512(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static boolean isLoopback(URI uri) {
        String h = uri.getHost();
        return h != null && (h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1"));
    }

    private static java.util.Optional<ProxySelector> proxy() {
        String p = System.getenv("https_proxy");
        if (p == null || p.isBlank()) p = System.getenv("HTTPS_PROXY");
        if (p == null || p.isBlank()) return java.util.Optional.empty();
        try {
            URI u = URI.create(p.contains("://") ? p : "http://" + p);
            if (u.getHost() == null) return java.util.Optional.empty();
            return java.util.Optional.of(ProxySelector.of(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 80)));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
