package probelab.env;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds each episode's return and length to the info of its last step, under {@code "episode"},
 * as Gymnasium's {@code RecordEpisodeStatistics}; learners read them there instead of
 * counting. The return is summed in the order the rewards come, in double precision.
 */
public final class EpisodeStats<A> extends Wrapper<A> {
    /** A finished episode: its summed reward and its number of steps. */
    public record Episode(double reward, int length) {}

    public static final String KEY = "episode";

    private double reward;
    private int length;

    public EpisodeStats(Env<A> env) {
        super(env);
    }

    @Override
    public Reset reset(Long seed) {
        reward = 0;
        length = 0;
        return env.reset(seed);
    }

    @Override
    public Step step(A action) {
        Step s = env.step(action);
        reward += s.reward();
        length++;
        if (!s.done()) return s;
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put(KEY, new Episode(reward, length));
        return new Step(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** The finished episode a step reports, or null when the step did not end one. */
    public static Episode of(Step s) {
        return s.info().get(KEY) instanceof Episode e ? e : null;
    }
}
