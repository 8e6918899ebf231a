package probelab.plot;

/** Checks shared by the plot option records. */
final class Frames {
    private Frames() {}

    static void checkSize(int width, int height) {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("width and height must be between 50 and 10,000 pixels, got " + width + " × " + height);
        }
    }
}
