package probelab.workbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel driven by real Jupyter clients: {@code jupyter_client} for the protocol
 * (src/test/python/kernel_protocol.py), {@code jupyter nbconvert --execute} for every
 * notebook in notebooks/, and headless Chromium for one notebook rendered to HTML. The
 * kernelspec is installed by the launcher itself into a folder of the test's own.
 */
class NotebookIT {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's Python, which Debian's Jupyter packages install into (a python3 earlier on the PATH may lack them). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    static Path tmp;
    static Path jupyterPath;

    @BeforeAll
    static void installKernel() throws Exception {
        assumeTrue(run(List.of(PYTHON, "-c", "import jupyter_client, nbconvert"), Map.of(), 60).code == 0,
                "needs Jupyter (apt-get install jupyter-client jupyter-nbconvert jupyter-notebook)");
        Proc p = run(List.of(ROOT.resolve("bin/probelab").toString(), "kernel", "install", "--prefix", tmp.resolve("prefix").toString()),
                Map.of(), 600);
        assertEquals(0, p.code, p.output);
        jupyterPath = tmp.resolve("prefix/share/jupyter");
        assertTrue(Files.exists(jupyterPath.resolve("kernels/probelab/kernel.json")), p.output);
    }

    @Test
    void protocolThroughJupyterClient() throws Exception {
        Proc p = run(List.of(PYTHON, "-u", ROOT.resolve("src/test/python/kernel_protocol.py").toString()), env(), 600);
        System.out.println(p.output.lines().filter(l -> l.startsWith("ok:") || l.startsWith("FAIL") || l.startsWith("{"))
                .reduce("", (a, b) -> a + b + "\n"));
        assertEquals(0, p.code, p.output);
        assertTrue(p.output.contains("\"checks\": 26"), p.output);
    }

    @Test
    void everyNotebookRunsWithFiguresInline() throws Exception {
        List<Path> books;
        try (var s = Files.list(ROOT.resolve("notebooks"))) {
            books = s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(books.size() >= 5, "notebooks: " + books);
        ObjectMapper json = new ObjectMapper();
        for (Path book : books) {
            // stored without outputs, so a clone shows no stale results
            JsonNode stored = json.readTree(book.toFile());
            for (JsonNode c : stored.get("cells")) {
                if (c.has("outputs")) assertEquals(0, c.get("outputs").size(), book + " is stored with outputs");
            }
            Path out = tmp.resolve("executed");
            long t0 = System.nanoTime();
            Proc p = run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
                    "--output-dir", out.toString(), book.toString()), env(), 600);
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, p.code, book + " failed:\n" + p.output);
            System.out.printf("%s ran in %.1f s%n", book.getFileName(), secs);
            assertTrue(secs <= 150, book + " took " + secs + " s; notebooks keep small settings (≤ 2 minutes)");
            JsonNode done = json.readTree(out.resolve(book.getFileName()).toFile());
            int figures = 0;
            for (JsonNode c : done.get("cells")) {
                if (!"code".equals(c.get("cell_type").asText())) continue;
                String src = c.get("source").isArray() ? joined(c.get("source")) : c.get("source").asText();
                for (JsonNode o : c.get("outputs")) {
                    assertTrue(!"error".equals(o.get("output_type").asText()), book + ": error in " + src);
                    JsonNode png = o.path("data").path("image/png");
                    if (!png.isMissingNode()) {
                        assertTrue(png.asText().length() > 8000, book + ": a tiny figure in " + src);
                        figures++;
                    }
                }
                boolean draws = src.matches("(?s).*\\b(plot|scatter|boundaryPlot|massHistograms)\\(.*");
                if (draws) assertTrue(hasImage(c), book + ": no image/png output for " + src);
            }
            assertTrue(figures >= 1, book + " showed no figure");
        }
    }

    @Test
    void renderedNotebookShowsItsFiguresInABrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium (apt-get install chromium)");
        Path out = tmp.resolve("html");
        Proc p = run(List.of("jupyter", "nbconvert", "--to", "html", "--execute", "--ExecutePreprocessor.timeout=300",
                "--output-dir", out.toString(), ROOT.resolve("notebooks/catch.ipynb").toString()), env(), 600);
        assertEquals(0, p.code, p.output);
        Path html = out.resolve("catch.html");
        String page = Files.readString(html);
        Matcher m = Pattern.compile("<img[^>]+src=\"data:image/png;base64,").matcher(page);
        int imgs = 0;
        while (m.find()) imgs++;
        assertTrue(imgs >= 2, "the page holds " + imgs + " inline PNG figures");
        Path shot = tmp.resolve("catch.png");
        Proc c = run(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--hide-scrollbars", "--window-size=1200,3000",
                "--screenshot=" + shot, html.toUri().toString()), Map.of(), 120);
        assertTrue(Files.exists(shot), "no screenshot:\n" + c.output);
        BufferedImage img = ImageIO.read(shot.toFile());
        // the figures' coloured curves are what makes a page more than text: count strongly coloured pixels
        long coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y), r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) coloured++;
            }
        }
        assertTrue(coloured > 2000, "the screenshot shows " + coloured + " coloured pixels (figures missing?)");
    }

    private static boolean hasImage(JsonNode cell) {
        for (JsonNode o : cell.get("outputs")) if (o.path("data").has("image/png")) return true;
        return false;
    }

    private static String joined(JsonNode lines) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : lines) sb.append(l.asText());
        return sb.toString();
    }

    private static Map<String, String> env() {
        return Map.of("JUPYTER_PATH", jupyterPath.toString(), "PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }

    record Proc(int code, String output) {}

    static Proc run(List<String> cmd, Map<String, String> env, int timeoutS) throws Exception {
        ProcessBuilder b = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        b.environment().putAll(env);
        Path log = Files.createTempFile("notebook-it", ".log");
        b.redirectOutput(log.toFile());
        Process p;
        try {
            p = b.start();
        } catch (java.io.IOException e) {
            return new Proc(127, e.getMessage());
        }
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Proc(-1, "timed out after " + timeoutS + " s\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Proc(p.exitValue(), out);
    }
}
