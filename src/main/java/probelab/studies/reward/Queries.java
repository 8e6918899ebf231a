package probelab.studies.reward;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import probelab.plot.Gif;
import probelab.util.AtomicFiles;
import probelab.util.OutputDir;

/**
 * The queries of a reward learner, in the order asked, as the seed's figure: a grid of the
 * frames shown, each framed by its answer (green success, red failure, grey skipped).
 */
public final class Queries extends AbstractList<RewardLearner.Asked> {
    private final List<RewardLearner.Asked> asked;
    private final int height, width;

    Queries(List<RewardLearner.Asked> asked, int height, int width) {
        this.asked = List.copyOf(asked);
        this.height = height;
        this.width = width;
    }

    @Override
    public RewardLearner.Asked get(int i) {
        return asked.get(i);
    }

    @Override
    public int size() {
        return asked.size();
    }

    static final Color SUCCESS = new Color(40, 170, 60), FAILURE = new Color(210, 40, 40), SKIPPED = new Color(150, 150, 150);

    private BufferedImage tile(RewardLearner.Asked a, int scale) {
        int border = Math.max(2, scale);
        BufferedImage img = new BufferedImage(width * scale + 2 * border, height * scale + 2 * border, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(a.success() == null ? SKIPPED : a.success() ? SUCCESS : FAILURE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(PushEnv.picture(a.frame(), height, width, scale), border, border, null);
        g.dispose();
        return img;
    }

    /** The grid of the first {@code most} queries, {@code columns} wide. */
    public BufferedImage image(int columns, int most) {
        if (asked.isEmpty()) throw new IllegalStateException("no queries were asked");
        int n = Math.min(most, asked.size()), cols = Math.min(columns, n), rows = (n + cols - 1) / cols;
        int scale = 2, cellW = width * scale + 2 * Math.max(2, scale) + 4, cellH = height * scale + 2 * Math.max(2, scale) + 4;
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < n; i++) g.drawImage(tile(asked.get(i), scale), (i % cols) * cellW + 2, (i / cols) * cellH + 2, null);
        g.dispose();
        return img;
    }

    /** Writes the grid (10 wide, up to 50 queries) as a PNG; a relative path lands in the output folder. */
    public Path png(String path) {
        BufferedImage img = image(10, 50);
        Path p = AtomicFiles.write(OutputDir.current().resolve(path), out -> ImageIO.write(img, "png", out));
        System.out.println("wrote " + p + " (" + Math.min(50, asked.size()) + " queries; green success, red failure, grey skipped)");
        return p;
    }

    /** Writes the queries one after another as an animated GIF. */
    public Path gif(String path) {
        if (asked.isEmpty()) throw new IllegalStateException("no queries were asked");
        List<BufferedImage> frames = new ArrayList<>();
        for (RewardLearner.Asked a : asked) frames.add(tile(a, 4));
        Path p = Gif.write(frames, OutputDir.current().resolve(path), 600, 1);
        System.out.println("wrote " + p + " (" + frames.size() + " queries)");
        return p;
    }

    @Override
    public String toString() {
        long yes = asked.stream().filter(a -> Boolean.TRUE.equals(a.success())).count();
        long no = asked.stream().filter(a -> Boolean.FALSE.equals(a.success())).count();
        return "Queries: " + asked.size() + " asked, " + yes + " success, " + no + " failure, " + (asked.size() - yes - no)
                + " skipped — .png('queries.png') or .gif('queries.gif')";
    }
}
