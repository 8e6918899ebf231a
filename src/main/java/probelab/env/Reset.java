package probelab.env;

import java.util.Map;

/** What {@link Env#reset} returns: the first observation and an info map. */
public record Reset(float[] observation, Map<String, Object> info) {
    /** Lets Groovy destructure it: {@code def (obs, info) = env.reset(1)}. */
    public Object getAt(int i) {
        return switch (i) {
            case 0 -> observation;
            case 1 -> info;
            default -> throw new IndexOutOfBoundsException("Reset has 2 parts (observation, info), asked for " + i);
        };
    }

    @Override
    public String toString() {
        return "Reset(observation float[" + observation.length + "], info " + info + ")";
    }
}
