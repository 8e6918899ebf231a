package probelab.studies.retina;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import probelab.data.ImageDataset;
import probelab.env.Box;
import probelab.env.Discrete;
import probelab.env.Env;
import probelab.env.Reset;
import probelab.env.Step;
import probelab.util.Doc;

/**
 * A first-person foraging arena (seed 003's gathering task, built for the JVM instead of
 * ViZDoom): a square room seen through a ray-cast camera, with upright billboard pickups
 * textured by dataset images. Each class changes health (the reference rule set: digits
 * 6, 7, 8, 9, 0 are food worth +10 … +50; 5, 4, 3, 2, 1 are poison worth −5 … −25), health
 * drains every step, a picked object respawns elsewhere as a fresh image of its kind, and the
 * episode ends at health 0 (terminated) or the step cap (truncated).
 *
 * <p>Actions are turn (none, left, right) × move (none, forward, backward), as one discrete
 * action {@code 3·turn + move}. The observation is the RGB frame, channel-major
 * {@code [3, height, width]} in [0, 1], ready for a convolutional encoder. Reward: the
 * environment's own (0) plus {@code rewardPerGain} for every food pickup.
 */
public final class ForagingEnv implements Env<Integer> {

    public record Options(
            @Doc("frame height in pixels") int height,
            @Doc("frame width in pixels") int width,
            @Doc("side of the square room, in world units") double roomSize,
            @Doc("food objects in the room") int food,
            @Doc("poison objects in the room") int poison,
            @Doc("health at the start (and the most it can hold)") double health,
            @Doc("health lost every step") double drain,
            @Doc("steps before the episode is truncated") int maxSteps,
            @Doc("turn per step, degrees") double turnDegrees,
            @Doc("move per step, world units") double speed,
            @Doc("horizontal field of view, degrees") double fov,
            @Doc("reward for each food pickup") double rewardPerGain,
            @Doc("health change of each class (10 values; the reference: 0→+50, 1→−25, …, 9→+40)") double[] effects) {
        /** Digits 6,7,8,9,0 are food worth +10…+50; 5,4,3,2,1 poison worth −5…−25. */
        public static final double[] REFERENCE_EFFECTS = {50, -25, -20, -15, -10, -5, 10, 20, 30, 40};
        public static final Options DEFAULTS = new Options(72, 128, 16, 30, 10, 100, 0.25, 2100, 10, 0.25, 90, 1, REFERENCE_EFFECTS);

        public Options {
            probelab.util.Check.atLeast("height", height, 8);
            probelab.util.Check.atLeast("width", width, 8);
            probelab.util.Check.positive("roomSize", roomSize);
            probelab.util.Check.atLeast("food", food, 0);
            probelab.util.Check.atLeast("poison", poison, 0);
            probelab.util.Check.positive("health", health);
            probelab.util.Check.nonNegative("drain", drain);
            probelab.util.Check.atLeast("maxSteps", maxSteps, 1);
            probelab.util.Check.finite("turnDegrees", turnDegrees);
            probelab.util.Check.nonNegative("speed", speed);
            probelab.util.Check.between("fov", fov, 1, 179);
            probelab.util.Check.finite("rewardPerGain", rewardPerGain);
            if (effects.length != 10) throw new IllegalArgumentException("effects must hold 10 values, one per class, got " + effects.length);
            effects = effects.clone();
        }
    }

    static final double PICKUP_RADIUS = 0.55, SPRITE_SIZE = 0.7, EYE = 0.5, MARGIN = 0.3;

    private final Options o;
    private final ImageDataset images;
    private final int[][] byClass; // dataset indices of each class
    private final int[] foodClasses, poisonClasses;
    private final Discrete actions = new Discrete(9);
    private final Box observations;
    private final int h, w;
    // render buffers and per-frame tables
    private final int[] rgb;
    private final double[] zbuf, rayX, rayY, rowDistance;
    private final int[][] textures; // per dataset index, lazily: ARGB of the image
    private SplittableRandom rng = new SplittableRandom();

    private double px, py, angle, health;
    private int steps, pickups, foodEaten, poisonEaten;
    private boolean over = true;
    private final List<Pickup> objects = new ArrayList<>();

    /** One object in the room: where, which dataset image, its class and health effect. */
    public record Pickup(double x, double y, int image, int label, double effect) {}

    public ForagingEnv(ImageDataset images, Options o) {
        if (o.height() < 8 || o.width() < 8) throw new IllegalArgumentException("the frame must be at least 8×8, got " + o.height() + "×" + o.width());
        if (o.effects().length != images.getClassNames().length) {
            throw new IllegalArgumentException("effects must give one health change per class: " + images.getClassNames().length + " classes, got " + o.effects().length);
        }
        if (o.roomSize() < 3) throw new IllegalArgumentException("roomSize must be at least 3, got " + o.roomSize());
        this.o = o;
        this.images = images;
        this.h = o.height();
        this.w = o.width();
        this.observations = new Box(0, 1, new int[] {3, h, w});
        int classes = images.getClassNames().length;
        int[] labels = images.getLabels();
        List<List<Integer>> lists = new ArrayList<>();
        for (int c = 0; c < classes; c++) lists.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) lists.get(labels[i]).add(i);
        byClass = new int[classes][];
        List<Integer> food = new ArrayList<>(), poison = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass[c] = lists.get(c).stream().mapToInt(Integer::intValue).toArray();
            if (byClass[c].length == 0) continue;
            if (o.effects()[c] > 0) food.add(c);
            else if (o.effects()[c] < 0) poison.add(c);
        }
        if (o.food() > 0 && food.isEmpty()) throw new IllegalArgumentException("no class with a positive effect has images: no food to place");
        if (o.poison() > 0 && poison.isEmpty()) throw new IllegalArgumentException("no class with a negative effect has images: no poison to place");
        foodClasses = food.stream().mapToInt(Integer::intValue).toArray();
        poisonClasses = poison.stream().mapToInt(Integer::intValue).toArray();
        rgb = new int[h * w];
        zbuf = new double[w];
        rayX = new double[w];
        rayY = new double[w];
        rowDistance = new double[h];
        textures = new int[images.size()][];
        double focal = focal();
        for (int r = 0; r < h; r++) {
            double below = r + 0.5 - h / 2.0;
            rowDistance[r] = below > 0 ? focal * EYE / below : focal * (1 - EYE) / -below; // floor, or ceiling at height 1
        }
    }

    /** Pixels per world unit at distance 1 (square pixels). */
    double focal() {
        return (w / 2.0) / Math.tan(Math.toRadians(o.fov()) / 2);
    }

    public Options options() {
        return o;
    }

    @Override
    public Reset reset(Long seed) {
        if (seed != null) rng = new SplittableRandom(seed);
        double l = o.roomSize();
        px = l / 2;
        py = l / 2;
        angle = rng.nextDouble() * 2 * Math.PI;
        health = o.health();
        steps = pickups = foodEaten = poisonEaten = 0;
        objects.clear();
        for (int i = 0; i < o.food(); i++) objects.add(spawn(true));
        for (int i = 0; i < o.poison(); i++) objects.add(spawn(false));
        over = false;
        return new Reset(observe(), info(0, -1));
    }

    private Pickup spawn(boolean food) {
        int[] classes = food ? foodClasses : poisonClasses;
        int label = classes[rng.nextInt(classes.length)];
        int image = byClass[label][rng.nextInt(byClass[label].length)];
        double l = o.roomSize(), x, y;
        do {
            x = 0.5 + rng.nextDouble() * (l - 1);
            y = 0.5 + rng.nextDouble() * (l - 1);
        } while (Math.hypot(x - px, y - py) < 1.5); // not on top of the agent
        return new Pickup(x, y, image, label, o.effects()[label]);
    }

    /** Turn (0 none, 1 left, 2 right) and move (0 none, 1 forward, 2 backward). */
    public Step step(int turn, int move) {
        if (turn < 0 || turn > 2 || move < 0 || move > 2) throw new IllegalArgumentException("turn and move are 0, 1 or 2; got " + turn + ", " + move);
        return step(3 * turn + move);
    }

    @Override
    public Step step(Integer action) {
        if (over) throw new IllegalStateException("the episode is over: call reset() before step()");
        if (action == null || !actions.contains(action)) {
            throw new IllegalArgumentException("foraging actions are 0..8 = 3·turn + move (turn: none, left, right; move: none, forward, backward); got " + action);
        }
        int turn = action / 3, move = action % 3;
        if (turn == 1) angle -= Math.toRadians(o.turnDegrees());
        if (turn == 2) angle += Math.toRadians(o.turnDegrees());
        double step = move == 1 ? o.speed() : move == 2 ? -o.speed() : 0;
        double l = o.roomSize();
        px = Math.min(l - MARGIN, Math.max(MARGIN, px + step * Math.cos(angle)));
        py = Math.min(l - MARGIN, Math.max(MARGIN, py + step * Math.sin(angle)));

        double before = health, reward = 0;
        int picked = -1;
        for (int i = 0; i < objects.size(); i++) {
            Pickup p = objects.get(i);
            if (Math.hypot(p.x() - px, p.y() - py) > PICKUP_RADIUS) continue;
            health = Math.min(o.health(), health + p.effect());
            if (p.effect() > 0) {
                foodEaten++;
                reward += o.rewardPerGain();
            } else {
                poisonEaten++;
            }
            pickups++;
            picked = p.label();
            objects.set(i, spawn(p.effect() > 0));
        }
        health -= o.drain();
        steps++;
        boolean terminated = health <= 0, truncated = !terminated && steps >= o.maxSteps();
        over = terminated || truncated;
        Map<String, Object> info = info(health - before, picked);
        return new Step(observe(), reward, terminated, truncated, info);
    }

    private Map<String, Object> info(double change, int picked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("health", health);
        m.put("healthChange", change);
        m.put("picked", picked); // class of the object picked this step, −1 for none
        m.put("steps", steps);
        m.put("pickups", pickups);
        m.put("food", foodEaten);
        m.put("poison", poisonEaten);
        return m;
    }

    public double health() {
        return health;
    }

    /** (x, y, heading in radians). */
    public double[] pose() {
        return new double[] {px, py, angle};
    }

    /** Places the agent, for tests and demonstrations. */
    public void setPose(double x, double y, double heading) {
        px = x;
        py = y;
        angle = heading;
    }

    public List<Pickup> objects() {
        return List.copyOf(objects);
    }

    /** Replaces the objects in the room (tests, staged scenes). */
    public void setObjects(List<Pickup> list) {
        objects.clear();
        objects.addAll(list);
    }

    @Override
    public Discrete actionSpace() {
        return actions;
    }

    @Override
    public Box observationSpace() {
        return observations;
    }

    // ---- the camera ---------------------------------------------------------------------------

    /** The current view as an observation, without stepping (for staged scenes). */
    public float[] observation() {
        return observe();
    }

    private float[] observe() {
        renderFrame();
        float[] out = new float[3 * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int c = rgb[i];
            out[i] = ((c >> 16) & 0xff) / 255f;
            out[plane + i] = ((c >> 8) & 0xff) / 255f;
            out[2 * plane + i] = (c & 0xff) / 255f;
        }
        return out;
    }

    /** Walls, floor and ceiling by ray casting per column, then the pickups as billboards, far to near. */
    void renderFrame() {
        double dx = Math.cos(angle), dy = Math.sin(angle);
        double half = Math.tan(Math.toRadians(o.fov()) / 2);
        double planeX = -dy * half, planeY = dx * half;
        double l = o.roomSize(), focal = focal(), horizon = h / 2.0;
        for (int c = 0; c < w; c++) {
            double cam = 2 * (c + 0.5) / w - 1;
            double rx = dx + planeX * cam, ry = dy + planeY * cam;
            rayX[c] = rx;
            rayY[c] = ry;
            // distance along the view direction to the first wall of the square room
            double tx = rx > 0 ? (l - px) / rx : rx < 0 ? -px / rx : Double.POSITIVE_INFINITY;
            double ty = ry > 0 ? (l - py) / ry : ry < 0 ? -py / ry : Double.POSITIVE_INFINITY;
            boolean xWall = tx < ty;
            double t = Math.min(tx, ty);
            zbuf[c] = t;
            double u = xWall ? py + t * ry : px + t * rx; // position along the wall
            int top = (int) Math.ceil(horizon - focal * (1 - EYE) / t - 0.5), bottom = (int) Math.floor(horizon + focal * EYE / t - 0.5);
            double shade = Math.max(0.25, 1 - t / (1.6 * l)) * (xWall ? 1.0 : 0.8);
            for (int r = 0; r < h; r++) {
                int color;
                if (r >= top && r <= bottom) {
                    double v = (horizon - (r + 0.5)) * t / focal + EYE; // height on the wall, 0..1
                    color = wall(u, v, shade);
                } else if (r > bottom) {
                    double d = rowDistance[r];
                    double fx = px + d * rx, fy = py + d * ry;
                    int check = ((int) Math.floor(fx) + (int) Math.floor(fy)) & 1;
                    double s = Math.max(0.3, 1 - d / (1.6 * l));
                    int g = (int) ((check == 0 ? 120 : 96) * s);
                    color = (g << 16) | ((int) (g * 0.9) << 8) | (int) (g * 0.75);
                } else {
                    double s = Math.max(0.35, 1 - rowDistance[r] / (2.0 * l));
                    int g = (int) (70 * s);
                    color = (g << 16) | (g << 8) | (int) (g * 1.3);
                }
                rgb[r * w + c] = color;
            }
        }
        drawPickups(dx, dy, planeX, planeY, focal, horizon);
    }

    private static int wall(double u, double v, double shade) {
        // bricks: rows of height 0.25, joints every 0.5 units, offset every other row
        int row = (int) Math.floor(v * 4);
        double along = u * 2 + (row & 1) * 0.5;
        boolean joint = v * 4 - row < 0.08 || along - Math.floor(along) < 0.04;
        int r = joint ? 90 : 150, g = joint ? 90 : 70, b = joint ? 90 : 55;
        return ((int) (r * shade) << 16) | ((int) (g * shade) << 8) | (int) (b * shade);
    }

    private void drawPickups(double dx, double dy, double planeX, double planeY, double focal, double horizon) {
        int n = objects.size();
        double[] depth = new double[n];
        Integer[] order = new Integer[n];
        double invDet = 1 / (planeX * dy - dx * planeY);
        double[] side = new double[n];
        for (int i = 0; i < n; i++) {
            Pickup p = objects.get(i);
            double rx = p.x() - px, ry = p.y() - py;
            side[i] = invDet * (dy * rx - dx * ry);
            depth[i] = invDet * (-planeY * rx + planeX * ry);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(depth[b], depth[a]));
        for (int k : order) {
            double z = depth[k];
            if (z < 0.1) continue;
            Pickup p = objects.get(k);
            double centre = (w / 2.0) * (1 + side[k] / z);
            double size = focal * SPRITE_SIZE / z;
            int left = (int) Math.ceil(centre - size / 2 - 0.5), right = (int) Math.floor(centre + size / 2 - 0.5);
            double topY = horizon - focal * (SPRITE_SIZE + 0.05 - EYE) / z, bottomY = horizon + focal * (EYE - 0.05) / z;
            int top = (int) Math.ceil(topY - 0.5), bottom = (int) Math.floor(bottomY - 0.5);
            int[] tex = texture(p.image());
            int tw = images.getWidth(), th = images.getHeight();
            double shade = Math.max(0.35, 1 - z / (1.6 * o.roomSize()));
            for (int c = Math.max(0, left); c <= Math.min(w - 1, right); c++) {
                if (z >= zbuf[c]) continue;
                int tu = Math.min(tw - 1, (int) ((c + 0.5 - (centre - size / 2)) / size * tw));
                for (int r = Math.max(0, top); r <= Math.min(h - 1, bottom); r++) {
                    int tv = Math.min(th - 1, Math.max(0, (int) ((r + 0.5 - topY) / (bottomY - topY) * th)));
                    int t = tex[tv * tw + tu];
                    rgb[r * w + c] = shadeColor(t, shade);
                }
            }
        }
    }

    private static int shadeColor(int c, double s) {
        return ((int) (((c >> 16) & 0xff) * s) << 16) | ((int) (((c >> 8) & 0xff) * s) << 8) | (int) ((c & 0xff) * s);
    }

    /** A dataset image as RGB pixels (grey images in all three channels), cached. */
    private int[] texture(int index) {
        int[] t = textures[index];
        if (t != null) return t;
        float[] px = images.image(index);
        int ch = images.getChannels(), plane = images.getHeight() * images.getWidth();
        t = new int[plane];
        for (int i = 0; i < plane; i++) {
            int r = clamp(px[i]), g = ch == 3 ? clamp(px[plane + i]) : r, b = ch == 3 ? clamp(px[2 * plane + i]) : r;
            t[i] = (r << 16) | (g << 8) | b;
        }
        textures[index] = t;
        return t;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** What the agent sees, scaled up 4×. */
    @Override
    public BufferedImage render() {
        return frame(4);
    }

    /** The current frame at {@code scale}× its size. */
    public BufferedImage frame(int scale) {
        renderFrame();
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h * scale; r++) for (int c = 0; c < w * scale; c++) img.setRGB(c, r, rgb[(r / scale) * w + c / scale]);
        return img;
    }

    /** A map of the room from above: the agent and its view cone, food green, poison red. */
    public BufferedImage topDown(int pixels) {
        BufferedImage img = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double s = pixels / o.roomSize();
        g.setColor(new Color(40, 40, 48));
        g.fillRect(0, 0, pixels, pixels);
        for (Pickup p : objects) {
            g.setColor(p.effect() > 0 ? new Color(60, 200, 90) : new Color(220, 60, 60));
            int r = Math.max(3, (int) (s * 0.25));
            g.fillOval((int) (p.x() * s) - r, (int) (p.y() * s) - r, 2 * r, 2 * r);
        }
        double half = Math.toRadians(o.fov()) / 2, reach = 3 * s;
        int ax = (int) (px * s), ay = (int) (py * s);
        g.setColor(new Color(255, 255, 255, 70));
        g.fillPolygon(new int[] {ax, (int) (ax + reach * Math.cos(angle - half)), (int) (ax + reach * Math.cos(angle + half))},
                new int[] {ay, (int) (ay + reach * Math.sin(angle - half)), (int) (ay + reach * Math.sin(angle + half))}, 3);
        g.setColor(Color.YELLOW);
        g.fillOval(ax - 4, ay - 4, 8, 8);
        g.dispose();
        return img;
    }
}
