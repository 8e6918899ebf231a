package probelab.studies.reward;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import probelab.env.Env;
import probelab.env.Rewarded;
import probelab.plot.Series;
import probelab.rl.ActorCritic;
import probelab.rl.Ppo;
import probelab.rl.Rollouts;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * Training a PPO agent on a learned reward: the environments are wrapped so that each step's
 * reward is the reward learner's (the agent is not changed), the learner's queries go to the
 * chosen oracle, and the true success of each episode (the environment's {@code info.win},
 * which the learner never reads) is kept for the curve and the greedy evaluation.
 */
public final class RewardLearning {
    private RewardLearning() {}

    public record TrainOptions(
            @Doc("frames to train for") long frames,
            @Doc("who answers the queries: oracle (the environment's hidden test), human (you, at the terminal) or none") String ask,
            @Doc("labels file of a person's answers (a relative path lands in the output folder); a rerun resumes from it") String labels,
            @Doc("greedy episodes played after training to measure the success rate (0: none)") int evaluate,
            @Doc("seed of the evaluation episodes") long evaluationSeed) {
        public static final TrainOptions DEFAULTS = new TrainOptions(200_000, "oracle", "labels.csv", 200, 10_000);

        public TrainOptions {
            Check.atLeast("frames", frames, 1L);
            if (!List.of("oracle", "human", "none").contains(ask)) throw new IllegalArgumentException("ask must be oracle, human or none, got '" + ask + "'");
            Check.atLeast("evaluate", evaluate, 0);
        }
    }

    /**
     * What a run did. {@code successRate}: the true success of the last 100 training episodes
     * at each episode's end; {@code finalSuccess}: the greedy policy's success rate afterwards
     * (NaN when not evaluated).
     */
    public record Run(String reward, long frames, double seconds, boolean[] episodeSuccess, Series successRate, double finalSuccess,
                      int queries, int answered, Ppo.Run ppo) implements probelab.plot.Plottable {
        /** The success rate of the last {@code k} training episodes. */
        public double successLast(int k) {
            int n = Math.min(k, episodeSuccess.length), wins = 0;
            for (int i = episodeSuccess.length - n; i < episodeSuccess.length; i++) if (episodeSuccess[i]) wins++;
            return n == 0 ? Double.NaN : (double) wins / n;
        }

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reward", reward);
            m.put("frames", frames);
            m.put("seconds", seconds);
            m.put("episodes", episodeSuccess.length);
            m.put("train_success_last100", successLast(100));
            m.put("final_greedy_success", finalSuccess);
            m.put("queries", queries);
            m.put("answered", answered);
            return m;
        }

        @Override
        public probelab.plot.LineOptions plotDefaults() {
            return probelab.plot.LineOptions.of("true success rate (last 100 episodes)", "episode", "success rate");
        }

        @Override
        public probelab.plot.Figure figure(probelab.plot.LineOptions o) {
            return probelab.plot.Plots.line(successRate, o);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "reward learning (%s): %d frames in %.1f s, %d episodes; true success of the last 100 %.2f, greedy %.3f; %d queries",
                    reward, frames, seconds, episodeSuccess.length, successLast(100), finalSuccess, queries);
        }
    }

    /**
     * Trains {@code agent} for {@code o.frames()} on environments from {@code makeEnv}, each
     * step rewarded by {@code reward} (null: the environment's own reward, the upper bound).
     * {@code person} builds the oracle for {@code ask: 'human'} from the labels file.
     */
    public static Run train(Ppo<? extends ActorCritic> agent, IntFunction<? extends Env<Integer>> makeEnv, RewardLearner reward, TrainOptions o,
                            java.util.function.Function<Path, Oracle> person) {
        if (agent.net.hiddenSize() != 0) throw new IllegalArgumentException("reward learning plays the policy greedily without a state: use a feed-forward network (pixelNet), got " + agent.net);
        String source = reward == null ? "true" : reward.options().mode() + (reward.options().queries().equals("none") || o.ask().equals("none") ? "" : "+queries");
        if (reward != null) {
            reward.oracle(switch (o.ask()) {
                case "oracle" -> Oracle.truth();
                case "human" -> person.apply(probelab.util.OutputDir.current().resolve(o.labels()));
                default -> null;
            });
        }
        IntFunction<Env<Integer>> envs = reward == null ? i -> makeEnv.apply(i) : i -> new Rewarded<>(makeEnv.apply(i), reward);
        long t0 = System.nanoTime();
        Ppo.Run run = agent.train(envs, o.frames());
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean[] wins = new boolean[run.infos().size()];
        for (int i = 0; i < wins.length; i++) wins[i] = Boolean.TRUE.equals(run.infos().get(i).get("win"));
        double[] rate = new double[wins.length];
        int inWindow = 0;
        for (int i = 0; i < wins.length; i++) {
            if (wins[i]) inWindow++;
            if (i >= 100 && wins[i - 100]) inWindow--;
            rate[i] = (double) inWindow / Math.min(i + 1, 100);
        }
        double greedy = Double.NaN;
        if (o.evaluate() > 0 && !Thread.currentThread().isInterrupted()) {
            try (Env<Integer> env = makeEnv.apply(0)) {
                greedy = Rollouts.evaluate(obs -> agent.act(obs, new float[0], null, true).action(), env,
                        new Rollouts.PlayOptions(o.evaluate(), o.evaluationSeed(), 0, 150)).winRate();
            }
        }
        int queries = reward == null ? 0 : reward.queries().size(), answered = reward == null ? 0 : reward.answered();
        return new Run(source, run.frames(), seconds, wins, new Series("true success rate", "episode", rate), greedy, queries, answered, run);
    }

    /** Shows a frame at the terminal and, with a display, in a window. */
    public static Consumer<float[]> shower(int height, int width) {
        probelab.plot.ImageWindow window = new probelab.plot.ImageWindow("probelab: is this a success?");
        return frame -> {
            System.out.print(probelab.plot.Images.colourSketch(PushEnv.picture(frame, height, width, 1)));
            window.show(PushEnv.picture(frame, height, width, 6));
        };
    }
}
