package probelab.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures from a folder: scaled, read as RGB or grey, classes from subfolders, a damaged file refused by name. */
class ImageFolderTest {
    static void picture(Path f, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        Files.createDirectories(f.getParent());
        ImageIO.write(img, f.toString().endsWith(".png") ? "png" : "bmp", f.toFile());
    }

    @Test
    void picturesAreScaledAndReadChannelMajorWithClassesFromSubfolders(@TempDir Path dir) throws Exception {
        picture(dir.resolve("success/a.png"), 96, 96, 0xff0000);
        picture(dir.resolve("success/b.bmp"), 30, 20, 0x00ff00);
        picture(dir.resolve("failure/c.png"), 48, 48, 0x0000ff);
        Files.writeString(dir.resolve("failure/notes.txt"), "not a picture, not read");
        ImageDataset ds = ImageFolder.read(new ImageFolder.Options(dir.toString(), 8, 12, 3));
        assertEquals(3, ds.size());
        assertArrayEquals(new String[] {"failure", "success"}, ds.getClassNames());
        assertArrayEquals(new int[] {0, 1, 1}, ds.getLabels());
        assertEquals(8, ds.getHeight());
        assertEquals(12, ds.getWidth());
        float[] red = ds.image(1);
        assertEquals(3 * 8 * 12, red.length);
        assertEquals(1f, red[0], 1e-6f);
        assertEquals(0f, red[8 * 12], 1e-6f, "green plane of a red picture");
        float[] blue = ds.image(0);
        assertEquals(1f, blue[2 * 8 * 12 + 5], 1e-6f);
        ImageDataset grey = ImageFolder.read(new ImageFolder.Options(dir.resolve("success").toString(), 4, 4, 1));
        assertEquals(1, grey.getClassNames().length);
        assertEquals(0.299f, grey.image(0)[0], 1e-3f);
        assertEquals(0.587f, grey.image(1)[0], 1e-3f);
    }

    @Test
    void aDamagedPictureOrAnEmptyFolderIsRefusedByName(@TempDir Path dir) throws Exception {
        picture(dir.resolve("a.png"), 10, 10, 0xffffff);
        byte[] all = Files.readAllBytes(dir.resolve("a.png"));
        Files.write(dir.resolve("b.png"), java.util.Arrays.copyOf(all, 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(new ImageFolder.Options(dir.toString(), 4, 4, 3)));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("not a readable picture"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.read(new ImageFolder.Options(empty.toString(), 4, 4, 3)));
        assertTrue(e.getMessage().contains("no pictures"), e.getMessage());
    }
}
