package probelab.plot;

import java.awt.image.BufferedImage;

/**
 * One window that shows a picture and is reused for the next one (a person labelling image
 * after image). Only opens where windows can; elsewhere it does nothing, and callers show the
 * picture in the terminal as well.
 */
public final class ImageWindow {
    private final String title;
    private javax.swing.JFrame frame;
    private javax.swing.JLabel picture;

    public ImageWindow(String title) {
        this.title = title;
    }

    public void show(BufferedImage img) {
        if (!Display.canOpenWindows()) return;
        javax.swing.SwingUtilities.invokeLater(() -> {
            if (frame == null) {
                frame = new javax.swing.JFrame(title);
                picture = new javax.swing.JLabel();
                frame.add(picture);
                frame.setDefaultCloseOperation(javax.swing.WindowConstants.HIDE_ON_CLOSE);
            }
            picture.setIcon(new javax.swing.ImageIcon(img));
            frame.pack();
            frame.setVisible(true);
        });
    }
}
