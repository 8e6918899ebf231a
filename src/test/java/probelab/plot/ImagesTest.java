package probelab.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Terminal pictures: two pixel rows per character, in the pixels' own colours. */
class ImagesTest {
    @Test
    void aColourSketchHasOneHalfBlockPerPixelPairInTheirColours() {
        BufferedImage img = new BufferedImage(2, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(0, 1, 0x00ff00);
        img.setRGB(1, 2, 0x0000ff);
        String s = Images.colourSketch(img);
        String[] rows = s.split("\n");
        assertEquals(2, rows.length, "3 pixel rows make 2 character rows");
        assertTrue(rows[0].startsWith("\u001b[38;2;255;0;0m\u001b[48;2;0;255;0m\u2580"), "red over green first: " + rows[0]);
        assertTrue(rows[1].contains("\u001b[38;2;0;0;255m\u001b[48;2;0;0;0m\u2580"), "the last row's blue over nothing: " + rows[1]);
        assertEquals(2, rows[1].chars().filter(c -> c == '\u2580').count());
        assertTrue(rows[0].endsWith("\u001b[0m"), "each row resets the colours");
    }
}
