package probelab.env;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Catch, as in Eder Santana's "Keras plays catch": a fruit falls one row per step down a
 * {@code size × size} grid; a three-cell basket on the bottom row moves left, stays or moves
 * right. When the fruit reaches the bottom row the episode ends with +1 if the basket's
 * centre is within one column of the fruit, else −1; every other step gives 0.
 *
 * <p>Classic details kept on purpose: the fruit starts in columns {@code 0..size-2} (never
 * the last), the basket centre in {@code 1..size-3}, and the centre is clamped to
 * {@code 1..size-1} (so at the right edge only two basket cells show).
 */
public final class CatchEnv implements Env<Integer> {
    public static final int LEFT = 0, STAY = 1, RIGHT = 2;

    private final int size;
    private final Discrete actions = new Discrete(3);
    private final Box observations;
    private SplittableRandom rng = new SplittableRandom();
    private int fruitRow, fruitCol, basket;
    private boolean over = true;

    /** Options of the game. */
    public record Options(@probelab.util.Doc("grid size (the classic game is 10)") int size) {
        public static final Options DEFAULTS = new Options(10);

        public Options {
            probelab.util.Check.atLeast("size", size, 3);
        }
    }

    public CatchEnv(Options o) {
        this(o.size());
    }

    public CatchEnv(int size) {
        if (size < 4) throw new IllegalArgumentException("catch needs a grid of size >= 4, got " + size);
        this.size = size;
        this.observations = new Box(0, 1, new int[] {size, size});
    }

    public int size() {
        return size;
    }

    /** (fruitRow, fruitCol, basketCol). */
    public int[] state() {
        return new int[] {fruitRow, fruitCol, basket};
    }

    @Override
    public Reset reset(Long seed) {
        if (seed != null) rng = new SplittableRandom(seed);
        fruitRow = 0;
        fruitCol = rng.nextInt(size - 1);
        basket = 1 + rng.nextInt(size - 3);
        over = false;
        return new Reset(observe(), Map.of());
    }

    @Override
    public Step step(Integer action) {
        if (over) throw new IllegalStateException("the episode is over: call reset() before step()");
        if (action == null || !actions.contains(action)) {
            throw new IllegalArgumentException("catch actions are 0 (left), 1 (stay), 2 (right); got " + action);
        }
        basket = Math.min(Math.max(1, basket + action - 1), size - 1);
        fruitRow++;
        double reward = 0;
        if (fruitRow == size - 1) {
            reward = Math.abs(fruitCol - basket) <= 1 ? 1 : -1;
            over = true;
        }
        return new Step(observe(), reward, over, false, over ? Map.of("win", reward > 0) : Map.of());
    }

    /** The grid flattened row by row: 1 at the fruit and at the basket cells. */
    private float[] observe() {
        float[] grid = new float[size * size];
        grid[fruitRow * size + fruitCol] = 1;
        for (int c = basket - 1; c <= basket + 1; c++) {
            if (c >= 0 && c < size) grid[(size - 1) * size + c] = 1;
        }
        return grid;
    }

    @Override
    public Discrete actionSpace() {
        return actions;
    }

    @Override
    public Box observationSpace() {
        return observations;
    }

    /** The grid with 24-pixel cells: fruit red, basket blue, a faint grid. */
    @Override
    public BufferedImage render() {
        int cell = 24;
        BufferedImage img = new BufferedImage(size * cell, size * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(245, 245, 245));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(new Color(225, 225, 225));
        for (int i = 0; i <= size; i++) {
            g.drawLine(i * cell, 0, i * cell, size * cell);
            g.drawLine(0, i * cell, size * cell, i * cell);
        }
        g.setColor(new Color(40, 90, 200));
        for (int c = basket - 1; c <= basket + 1; c++) {
            if (c >= 0 && c < size) g.fillRect(c * cell + 1, (size - 1) * cell + 1, cell - 1, cell - 1);
        }
        g.setColor(new Color(210, 40, 40));
        g.fillOval(fruitCol * cell + 3, fruitRow * cell + 3, cell - 6, cell - 6);
        g.dispose();
        return img;
    }

    @Override
    public String toString() {
        return "CatchEnv(size " + size + ", actions " + actions + ", observation " + observations + ")";
    }
}
