package probelab.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event files read back record by record with their CRCs; a flipped byte is caught. */
class TensorBoardTest {
    @TempDir
    Path dir;

    @Test
    void twoWritersInOneSecondGetAFileEach() throws Exception {
        Path a, b;
        try (TensorBoard first = new TensorBoard(dir); TensorBoard second = new TensorBoard(dir)) {
            first.scalar("run/a", 1, 1.0);
            second.scalar("run/b", 1, 2.0);
            a = first.file();
            b = second.file();
        }
        assertNotEquals(a, b);
        assertTrue(a.getFileName().toString().contains("." + ProcessHandle.current().pid() + "."), a.toString());
        assertEquals("run/a", TensorBoard.read(a).get(1).tag());
        assertEquals("run/b", TensorBoard.read(b).get(1).tag());
    }

    @Test
    void scalarsAndImagesReadBackWithTheirCrcs() throws Exception {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0xff0000);
        Path file;
        try (TensorBoard tb = new TensorBoard(dir)) {
            for (int step = 0; step < 100; step++) tb.scalar("train/loss", step, 1.0 / (step + 1));
            tb.image("frames", 7, img);
            file = tb.file();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."));
        List<TensorBoard.Event> events = TensorBoard.read(file);
        assertEquals(102, events.size());
        assertEquals("brain.Event:2", events.get(0).fileVersion());
        for (int step = 0; step < 100; step++) {
            TensorBoard.Event e = events.get(step + 1);
            assertEquals("train/loss", e.tag());
            assertEquals(step, e.step());
            assertEquals((float) (1.0 / (step + 1)), e.value());
            assertTrue(Math.abs(e.wallTime() - System.currentTimeMillis() / 1000.0) < 60);
        }
        TensorBoard.Event image = events.get(101);
        assertEquals("frames", image.tag());
        assertEquals(7, image.step());
        assertEquals(5, image.width());
        assertEquals(3, image.height());
        BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.png()));
        assertEquals(0xff0000, back.getRGB(2, 1) & 0xffffff);

        // Masked CRC-32C values from an independent bitwise implementation (CRC-32C("123456789") = 0xE3069283).
        assertEquals(0x07980329, TensorBoard.maskedCrc(new byte[8]), "eight zero bytes");
        assertEquals(0xc78ab0e5, TensorBoard.maskedCrc("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "the check string");

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Path broken = dir.resolve("broken");
        Files.write(broken, bytes);
        assertThrows(IllegalStateException.class, () -> TensorBoard.read(broken));
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(file), bytes.length - 3));
        assertThrows(IllegalStateException.class, () -> TensorBoard.read(truncated));
    }
}
