package probelab.env;

import java.util.Map;

/**
 * What {@link Env#step} returns, as in Gymnasium: the next observation, the reward,
 * {@code terminated} (the task ended: win, loss, death) and {@code truncated} (a limit
 * outside the task stopped it), and an info map.
 */
public record Step(float[] observation, double reward, boolean terminated, boolean truncated,
                   Map<String, Object> info) {
    public boolean done() {
        return terminated || truncated;
    }

    /** Lets Groovy destructure it: {@code def (obs, r, term, trunc, info) = env.step(1)}. */
    public Object getAt(int i) {
        return switch (i) {
            case 0 -> observation;
            case 1 -> reward;
            case 2 -> terminated;
            case 3 -> truncated;
            case 4 -> info;
            default -> throw new IndexOutOfBoundsException("Step has 5 parts, asked for " + i);
        };
    }

    @Override
    public String toString() {
        return "Step(reward " + reward + ", terminated " + terminated + ", truncated " + truncated
                + ", info " + info + ")";
    }
}
