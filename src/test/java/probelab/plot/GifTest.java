package probelab.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GifTest {
    @Test
    void writesAnimatedLoopingGifWithDelay(@TempDir Path dir) throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BufferedImage f = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
            f.setRGB(i % 4, 1, 0xFF0000);
            frames.add(f);
        }
        Path p = Gif.write(frames, dir.resolve("a.gif"), 200, 3);
        try (ImageInputStream in = ImageIO.createImageInputStream(p.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(5, r.getNumImages(true));
            assertEquals(12, r.read(0).getWidth(), "scaled 3×");
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(1).getAsTree("javax_imageio_gif_image_1.0");
            IIOMetadataNode gce = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
            assertEquals("20", gce.getAttribute("delayTime"));
        }
    }
}
