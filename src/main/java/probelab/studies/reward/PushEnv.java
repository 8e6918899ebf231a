package probelab.studies.reward;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import probelab.env.Box;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.env.Reset;
import probelab.env.Space;
import probelab.env.Step;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * A top-down tabletop seen from above (seed 001's robot task, reduced to what a CPU learns
 * in minutes): a gripper moves on a grid of cells and pushes a block by moving into it. The
 * task is to bring the block into a goal region that is <em>not drawn</em>: the pixels show
 * the table, the gripper and the block, nothing else, so only success examples define the
 * goal. The true success test is hidden from the learner; the environment's own reward (1 on
 * each step the block is inside the region) and {@code info.success} exist for the upper
 * bound, the evaluation and the oracle.
 *
 * <p>Actions: 0 stay, 1 up, 2 down, 3 left, 4 right. A move into the block pushes it one
 * cell if the cell behind it is on the table, else nothing moves. Episodes start with the
 * block anywhere in the inner cells outside the goal and the gripper anywhere else, and are
 * truncated after {@code maxSteps}; {@code info.win} at the last step says whether the block
 * ended inside the goal. The observation is the RGB frame, channel-last
 * {@code [height, width, 3]} in [0, 1].
 */
public final class PushEnv implements Env<Integer> {

    public record Options(
            @Doc("cells per side of the table") int cells,
            @Doc("pixels per cell") int cellPixels,
            @Doc("steps before the episode is truncated") int maxSteps,
            @Doc("the hidden goal region in cells: [x0, y0, x1, y1], inclusive (y grows downwards)") int[] goal,
            @Doc("where the block starts, in cells: [x0, y0, x1, y1], inclusive, less the goal and the table's edge") int[] start) {
        public static final Options DEFAULTS = new Options(6, 8, 30, new int[] {3, 0, 5, 2}, new int[] {1, 1, 4, 4});

        public Options {
            Check.atLeast("cells", cells, 4);
            Check.atLeast("cellPixels", cellPixels, 2);
            Check.atLeast("maxSteps", maxSteps, 1);
            if (goal == null || goal.length != 4) throw new IllegalArgumentException("goal must be [x0, y0, x1, y1], got " + java.util.Arrays.toString(goal));
            goal = goal.clone();
            if (goal[0] < 0 || goal[1] < 0 || goal[2] >= cells || goal[3] >= cells || goal[0] > goal[2] || goal[1] > goal[3]) {
                throw new IllegalArgumentException("goal " + java.util.Arrays.toString(goal) + " must be a rectangle of cells inside 0.." + (cells - 1));
            }
            if (start == null || start.length != 4) throw new IllegalArgumentException("start must be [x0, y0, x1, y1], got " + java.util.Arrays.toString(start));
            start = start.clone();
            boolean any = false;
            for (int y = Math.max(1, start[1]); y <= Math.min(cells - 2, start[3]); y++) {
                for (int x = Math.max(1, start[0]); x <= Math.min(cells - 2, start[2]); x++) {
                    any |= !(x >= goal[0] && x <= goal[2] && y >= goal[1] && y <= goal[3]);
                }
            }
            if (!any) throw new IllegalArgumentException("start " + java.util.Arrays.toString(start) + " holds no inner cell outside the goal " + java.util.Arrays.toString(goal));
        }
    }

    /** Where the gripper and the block are, in cells. */
    public record State(int gripperX, int gripperY, int blockX, int blockY) {}

    static final float[] TABLE = {0.86f, 0.78f, 0.62f}, EDGE = {0.55f, 0.45f, 0.33f}, GRIPPER = {0.18f, 0.2f, 0.26f}, BLOCK = {0.82f, 0.16f, 0.1f};
    private static final int[][] MOVES = {{0, 0}, {0, -1}, {0, 1}, {-1, 0}, {1, 0}};

    private final Options o;
    private final int side;
    private final float[] background;
    private final Discrete actions = new Discrete(5);
    private final Box observations;
    private SplittableRandom rng = new SplittableRandom(0);
    private int gx, gy, bx, by, steps;
    private boolean over = true;

    public PushEnv(Options o) {
        this.o = o;
        this.side = o.cells() * o.cellPixels();
        this.observations = new Box(0, 1, new int[] {side, side, 3});
        this.background = new float[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                boolean edge = x == 0 || y == 0 || x == side - 1 || y == side - 1;
                System.arraycopy(edge ? EDGE : TABLE, 0, background, (y * side + x) * 3, 3);
            }
        }
    }

    public PushEnv() {
        this(Options.DEFAULTS);
    }

    public Options options() {
        return o;
    }

    /** Pixels per side of the frame. */
    public int side() {
        return side;
    }

    public State state() {
        return new State(gx, gy, bx, by);
    }

    /** Puts the gripper and the block where {@code s} says, in the current episode (tests drive known states). */
    void place(State s) {
        if (!inside(s.gripperX(), s.gripperY()) || !inside(s.blockX(), s.blockY()) || (s.gripperX() == s.blockX() && s.gripperY() == s.blockY())) {
            throw new IllegalArgumentException("not a state of this table: " + s);
        }
        gx = s.gripperX();
        gy = s.gripperY();
        bx = s.blockX();
        by = s.blockY();
    }

    /** The hidden test: is the block inside the goal region? */
    public boolean isSuccess(State s) {
        int[] g = o.goal();
        return s.blockX() >= g[0] && s.blockX() <= g[2] && s.blockY() >= g[1] && s.blockY() <= g[3];
    }

    @Override
    public Reset reset(Long seed) {
        if (seed != null) rng = new SplittableRandom(seed);
        State s = randomStart(rng);
        gx = s.gripperX();
        gy = s.gripperY();
        bx = s.blockX();
        by = s.blockY();
        steps = 0;
        over = false;
        return new Reset(frame(state()), info());
    }

    /** A start: the block on an inner cell of the start region outside the goal, the gripper on any other cell. */
    State randomStart(SplittableRandom r) {
        int n = o.cells();
        int[] s = o.start();
        int x0 = Math.max(1, s[0]), y0 = Math.max(1, s[1]), x1 = Math.min(n - 2, s[2]), y1 = Math.min(n - 2, s[3]);
        int x, y, px, py;
        do {
            x = x0 + r.nextInt(x1 - x0 + 1);
            y = y0 + r.nextInt(y1 - y0 + 1);
        } while (isSuccess(new State(0, 0, x, y)));
        do {
            px = r.nextInt(n);
            py = r.nextInt(n);
        } while (px == x && py == y);
        return new State(px, py, x, y);
    }

    @Override
    public Step step(Integer action) {
        if (over) throw new IllegalStateException("the episode is over: call reset() first");
        if (action == null || action < 0 || action > 4) throw new IllegalArgumentException("action must be 0 (stay), 1 up, 2 down, 3 left or 4 right, got " + action);
        int dx = MOVES[action][0], dy = MOVES[action][1];
        int nx = gx + dx, ny = gy + dy;
        if (inside(nx, ny)) {
            if (nx == bx && ny == by) {
                if (inside(bx + dx, by + dy)) {
                    bx += dx;
                    by += dy;
                    gx = nx;
                    gy = ny;
                }
            } else {
                gx = nx;
                gy = ny;
            }
        }
        steps++;
        boolean success = isSuccess(state());
        boolean truncated = steps >= o.maxSteps();
        over = truncated;
        Map<String, Object> info = info();
        if (truncated) info.put("win", success);
        return new Step(frame(state()), success ? 1 : 0, false, truncated, info);
    }

    private boolean inside(int x, int y) {
        return x >= 0 && y >= 0 && x < o.cells() && y < o.cells();
    }

    private Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("success", isSuccess(state()));
        return info;
    }

    /** The frame of a state: the table with its edge, the block, the gripper. */
    public float[] frame(State s) {
        float[] f = background.clone();
        fill(f, s.blockX(), s.blockY(), BLOCK, 0);
        fill(f, s.gripperX(), s.gripperY(), GRIPPER, 1);
        return f;
    }

    private void fill(float[] f, int cx, int cy, float[] rgb, int inset) {
        int c = o.cellPixels();
        for (int y = cy * c + inset; y < (cy + 1) * c - inset; y++) {
            for (int x = cx * c + inset; x < (cx + 1) * c - inset; x++) System.arraycopy(rgb, 0, f, (y * side + x) * 3, 3);
        }
    }

    /**
     * {@code n} frames of success as a person would photograph them after pushing: the block
     * anywhere in the goal region, the gripper on a cell next to it. Seeded.
     */
    public float[][] goalExamples(int n, long seed) {
        Check.atLeast("n", n, 1);
        SplittableRandom r = new SplittableRandom(seed);
        int[] g = o.goal();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            int x = g[0] + r.nextInt(g[2] - g[0] + 1), y = g[1] + r.nextInt(g[3] - g[1] + 1);
            int px, py;
            do {
                int[] m = MOVES[1 + r.nextInt(4)];
                px = x + m[0];
                py = y + m[1];
            } while (!inside(px, py));
            out[i] = frame(new State(px, py, x, y));
        }
        return out;
    }

    /** {@code n} frames of random starts (no success among them): the negatives of a classifier trained once. Seeded. */
    public float[][] randomStates(int n, long seed) {
        Check.atLeast("n", n, 1);
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = frame(randomStart(r));
        return out;
    }

    /** A channel-last RGB frame in [0, 1] as a picture, each pixel {@code scale}×{@code scale}. */
    public static BufferedImage picture(float[] frame, int height, int width, int scale) {
        if (frame.length != height * width * 3) throw new IllegalArgumentException("expected an RGB frame of " + height + "×" + width + "×3 values, got " + frame.length);
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int i = ((y / scale) * width + x / scale) * 3;
                int r = Math.round(frame[i] * 255), g = Math.round(frame[i + 1] * 255), b = Math.round(frame[i + 2] * 255);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    @Override
    public BufferedImage render() {
        return picture(frame(state()), side, side, 4);
    }

    @Override
    public Space actionSpace() {
        return actions;
    }

    @Override
    public Space observationSpace() {
        return observations;
    }

    @Override
    public String toString() {
        return "PushEnv(" + o.cells() + "×" + o.cells() + " cells, " + side + "×" + side + " RGB, " + o.maxSteps() + " steps)";
    }
}
