package probelab.workbench.notebook;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probelab.util.Json;

/** The kernel's parts that need no sockets; NotebookIT drives the whole through Jupyter. */
class GroovyKernelTest {
    final GroovyKernel kernel = new GroovyKernel.Builder().build();

    @Test
    void openBracketsContinueAndWrongOnesAreInvalid() {
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("x = [1, 2]\nx.sum()"));
        assertTrue(kernel.isComplete("dqn(env,\n").isBlank(), "incomplete: an indent for the next line");
        assertTrue(kernel.isComplete("for (i in 0..3) {\n  println i\n").isBlank());
        assertEquals(BaseKernel.IS_COMPLETE_BAD, kernel.isComplete("foo(]"));
        assertEquals(BaseKernel.IS_COMPLETE_YES, kernel.isComplete("s = '(' // ["), "brackets in strings and comments do not count");
    }

    @Test
    void completesDslNamesFromTheWordStart() {
        ReplacementOptions r = kernel.complete("a = 1\nenv = catchG", 18);
        assertTrue(r.getReplacements().stream().anyMatch(s -> s.startsWith("catchGame")), r.getReplacements().toString());
        assertEquals(12, r.getSourceStart());
        assertEquals(18, r.getSourceEnd());
        ReplacementOptions c = kernel.complete(":he", 3);
        assertEquals(List.of(":help"), c.getReplacements());
        assertEquals(0, c.getSourceStart());
    }

    @Test
    void inspectShowsADslFunctionsHelp() {
        DisplayData d = kernel.inspect("agent = dqn(env)", 9, false);
        assertNotNull(d);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.startsWith("dqn — ") && text.contains("gamma"), text);
        assertTrue(((String) d.getData(MIMEType.TEXT_HTML)).contains("<table>"));
        assertNull(kernel.inspect("   ", 1, false));
        assertEquals("dqn", GroovyKernel.wordAt("x = dqn(env)", 6));
    }

    @Test
    void errorsComeFirstAsOneReadableLine() {
        List<String> lines = kernel.formatError(new IllegalArgumentException("episodes must be positive, got -1"));
        assertTrue(lines.get(0).contains("episodes must be positive, got -1"), lines.get(0));
        assertTrue(lines.size() > 1, "the trace follows");
    }

    @Test
    void mapsAndRowsRenderAsTables() {
        String one = Rich.table(Map.of("accuracy", 0.91234567));
        assertTrue(one.contains("<td style=\"text-align:left\">accuracy</td>") && one.contains("0.912346"), one);
        String rows = Rich.table(List.of(Map.of("method", "relegator", "sigma", 22.4), Map.of("method", "<b>x</b>", "sigma", 17.0)));
        assertTrue(rows.contains("&lt;b&gt;x&lt;/b&gt;"), "cells are escaped: " + rows);
        assertNull(Rich.table(Map.of("nested", Map.of("a", 1))), "only plain values make a table");
        assertNull(Rich.table(List.of(1, 2, 3)));
        DisplayData d = Rich.render(42);
        assertNull(d.getData(MIMEType.TEXT_HTML));
        assertEquals("42", d.getData(MIMEType.TEXT_PLAIN));
        assertNull(Rich.render(null));
    }

    @Test
    void kernelspecInstallsWhereAskedAndRemoves(@TempDir Path tmp) throws Exception {
        Path launcher = Files.createFile(tmp.resolve("probelab"));
        launcher.toFile().setExecutable(true);
        KernelSpec.Where w = KernelSpec.where(List.of("--prefix", tmp.resolve("env").toString()));
        assertEquals(tmp.resolve("env/share/jupyter/kernels"), w.kernels());
        Path dir = KernelSpec.install(w.kernels(), launcher);
        Map<String, Object> spec = Json.readFile(dir.resolve("kernel.json"));
        assertEquals(List.of(launcher.toString(), "kernel", "run", "{connection_file}"), spec.get("argv"));
        assertEquals("message", spec.get("interrupt_mode"));
        assertEquals("groovy", spec.get("language"));
        assertTrue(KernelSpec.remove(dir));
        assertFalse(Files.exists(dir));
        assertFalse(KernelSpec.remove(dir));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelSpec.where(List.of("--system")));
        assertTrue(e.getMessage().contains("--user, --sys-prefix, --prefix DIR"), e.getMessage());
    }

    @Test
    void kernelCommandsReportBadUse() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = KernelSpec.main(new String[] {"instal"}, Path.of("bin/probelab"), new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown kernel command 'instal'"), err.toString());
    }

    @Test
    void aReturnedGifPlaysInHtmlAndAPngShows(@TempDir Path tmp) throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Path gif = probelab.plot.Gif.write(List.of(img, img), tmp.resolve("a.gif"), 100, 1);
        DisplayData d = Rich.render(gif);
        assertNotNull(d.getData(MIMEType.parse("image/gif")));
        assertTrue(((String) d.getData(MIMEType.TEXT_HTML)).startsWith("<img src=\"data:image/gif;base64,"));
        Path png = tmp.resolve("b.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        assertNotNull(Rich.render(png).getData(MIMEType.IMAGE_PNG));
        assertNull(Rich.render(tmp.resolve("missing.png")).getData(MIMEType.IMAGE_PNG), "a path that is not there stays text");
    }
}
