package probelab.dash;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import probelab.plot.Figure;

/** What users hold as pictures, turned into data URLs for image cells; histograms of values. */
final class Images {
    private Images() {}

    static String dataUrl(Object v) {
        if (v instanceof String s) return s; // a URL already; the cell checks it
        if (v instanceof Figure f) return dataUrl(f.image(1));
        if (v instanceof BufferedImage img) return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(img));
        if (v instanceof java.io.File f) return dataUrl(f.toPath());
        if (v instanceof Path p) {
            try {
                byte[] b = Files.readAllBytes(p);
                return dataUrl(b);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the image " + p + ": " + e.getMessage(), e);
            }
        }
        if (v instanceof byte[] b) {
            String type = b.length > 3 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' ? "gif"
                    : b.length > 3 && (b[0] & 0xff) == 0x89 && b[1] == 'P' ? "png"
                    : b.length > 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 ? "jpeg" : null;
            if (type == null) throw new IllegalArgumentException("image bytes must be PNG, GIF or JPEG");
            return "data:image/" + type + ";base64," + Base64.getEncoder().encodeToString(b);
        }
        throw new IllegalArgumentException("an image cell takes a Figure, a BufferedImage, PNG/GIF/JPEG bytes, a file or a URL; got "
                + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {"edges": bins + 1 numbers, "counts": bins numbers} over the finite values. */
    static Map<String, Object> histogram(double[] values, int bins) {
        if (bins < 1) throw new IllegalArgumentException("bins must be ≥ 1, got " + bins);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) hi = lo + 1e-12;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
        double[] counts = new double[bins];
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        return Map.of("edges", toList(edges), "counts", toList(counts));
    }

    private static List<Double> toList(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
