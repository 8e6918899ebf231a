package probelab.studies.reward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.plot.Figure;
import probelab.plot.LineOptions;
import probelab.rl.ConvPolicy;
import probelab.rl.Ppo;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * The seed's comparison of reward sources on the push task, each training the same PPO agent
 * from pixels for the same frames, over seeds:
 * <ul>
 *   <li>{@code true}: the environment's hidden success reward, the upper bound;</li>
 *   <li>{@code frozen}: a classifier trained once on the examples against random starts;</li>
 *   <li>{@code vice}: the classifier retrained with the policy's frames as failures;</li>
 *   <li>{@code raq}: VICE plus at most {@code maxQueries} queries answered by the hidden test.</li>
 * </ul>
 */
public final class RewardComparison {
    private RewardComparison() {}

    public static final List<String> SOURCES = List.of("true", "frozen", "vice", "raq");

    public record Options(
            @Doc("seeds per reward source") int seeds,
            @Doc("first seed") long firstSeed,
            @Doc("frames of training per run") long frames,
            @Doc("reward sources, from true, frozen, vice and raq") List<String> sources,
            @Doc("success examples given to the learners") int examples,
            @Doc("random starts given as failures (the frozen classifier's negatives; vice and raq start from them too)") int failures,
            @Doc("most queries of raq") int maxQueries,
            @Doc("frames shown per query round") int queriesPerRound,
            @Doc("query strategy of raq") String strategy,
            @Doc("learned reward: log or p") String reward,
            @Doc("PPO environments") int envs,
            @Doc("PPO steps per rollout") int steps,
            @Doc("PPO learning rate") double lr,
            @Doc("PPO entropy bonus") double entropy,
            @Doc("greedy episodes of the final evaluation") int evaluate,
            @Doc("show progress bars") boolean progress) {
        public static final Options DEFAULTS = new Options(3, 1, 1_000_000, SOURCES, 80, 500, 50, 5, "uncertainty", "p", 16, 64, 1e-3, 0.02, 200, true);

        public Options {
            Check.atLeast("seeds", seeds, 1);
            Check.atLeast("frames", frames, 1L);
            sources = List.copyOf(sources);
            for (String s : sources) if (!SOURCES.contains(s)) throw new IllegalArgumentException("unknown reward source '" + s + "'; valid: " + String.join(", ", SOURCES));
            Check.atLeast("examples", examples, 1);
            Check.atLeast("failures", failures, 1);
            Check.atLeast("maxQueries", maxQueries, 0);
            Check.atLeast("queriesPerRound", queriesPerRound, 1);
            Check.atLeast("envs", envs, 1);
            Check.atLeast("evaluate", evaluate, 1);
        }

        /** Query rounds spread over the first 80% of training, so that the last answers still shape the policy. */
        long queryEvery() {
            long rounds = Math.max(1, (maxQueries + queriesPerRound - 1) / queriesPerRound);
            return Math.max(1, (long) (0.8 * frames / rounds));
        }
    }

    /** Every run, by source then seed, and the queries of the first raq run. */
    public record Result(Options options, Map<String, List<RewardLearning.Run>> runs, Queries queries) implements probelab.plot.Plottable {
        /** Mean and sd over seeds of the greedy success rate after training. */
        public double[] finalSuccess(String source) {
            List<RewardLearning.Run> r = runs.get(source);
            double[] v = r.stream().mapToDouble(RewardLearning.Run::finalSuccess).toArray();
            return new double[] {java.util.Arrays.stream(v).average().orElse(Double.NaN), v.length > 1 ? probelab.data.Groups.sd(v) : 0};
        }

        public Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String s : runs.keySet()) {
                Map<String, Object> one = new LinkedHashMap<>();
                double[] f = finalSuccess(s);
                one.put("final_greedy_success_mean", f[0]);
                one.put("final_greedy_success_sd", f[1]);
                one.put("final_greedy_success", runs.get(s).stream().mapToDouble(RewardLearning.Run::finalSuccess).toArray());
                one.put("train_success_last100", runs.get(s).stream().mapToDouble(r -> r.successLast(100)).toArray());
                one.put("queries", runs.get(s).stream().mapToInt(RewardLearning.Run::queries).toArray());
                one.put("seconds", runs.get(s).stream().mapToDouble(RewardLearning.Run::seconds).toArray());
                one.put("success_rate_over_training", curve(s, 50));
                m.put(s, one);
            }
            return m;
        }

        /** Episodes every run of every source finished. */
        private int episodes() {
            return runs.values().stream().flatMap(List::stream).mapToInt(x -> x.successRate().size()).min().orElse(0);
        }

        /**
         * The true success rate (last 100 episodes) at {@code points} evenly spaced episodes,
         * mean and sd over seeds: rows of [episode, mean, sd].
         */
        public double[][] curve(String source, int points) {
            List<RewardLearning.Run> r = runs.get(source);
            int episodes = episodes();
            if (episodes == 0) return new double[0][];
            int n = Math.min(points, episodes);
            double[][] out = new double[n][3];
            for (int k = 0; k < n; k++) {
                int e = (int) ((long) (k + 1) * episodes / n) - 1;
                double[] v = new double[r.size()];
                for (int i = 0; i < v.length; i++) v[i] = r.get(i).successRate().get(e);
                out[k][0] = e + 1;
                out[k][1] = java.util.Arrays.stream(v).average().orElse(Double.NaN);
                out[k][2] = v.length > 1 ? probelab.data.Groups.sd(v) : 0;
            }
            return out;
        }

        @Override
        public LineOptions plotDefaults() {
            String seeds = options.seeds() == 1 ? "1 seed" : "mean of " + options.seeds() + " seeds";
            return LineOptions.of("true success rate over training (" + seeds + ", last 100 episodes)", "episode", "success rate");
        }

        @Override
        public Figure figure(LineOptions o) {
            Map<String, double[]> means = new LinkedHashMap<>(), sds = new LinkedHashMap<>();
            double[] x = null;
            for (String s : runs.keySet()) {
                double[][] c = curve(s, 40);
                x = new double[c.length];
                double[] m = new double[c.length], e = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    x[i] = c[i][0];
                    m[i] = c[i][1];
                    e[i] = c[i][2];
                }
                means.put(label(s), m);
                if (options.seeds() > 1) sds.put(label(s), e);
            }
            if (x == null) throw new IllegalStateException("no runs finished");
            return probelab.plot.Plots.linesWithErrors(x, means, sds, o);
        }

        static String label(String source) {
            return switch (source) {
                case "true" -> "true reward";
                case "frozen" -> "frozen classifier";
                case "vice" -> "VICE";
                default -> "VICE-RAQ";
            };
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("reward sources, greedy success after training" + (options.seeds() == 1 ? " (1 seed)" : " (mean ± sd over " + options.seeds() + " seeds)") + ":\n");
            for (String s : runs.keySet()) {
                double[] f = finalSuccess(s);
                int q = runs.get(s).stream().mapToInt(RewardLearning.Run::queries).max().orElse(0);
                sb.append(String.format(Locale.ROOT, "  %-18s %.3f ± %.3f%s%n", label(s), f[0], f[1], q > 0 ? "  (" + q + " queries)" : ""));
            }
            return sb.toString();
        }
    }

    /** Runs every source for every seed; Ctrl-C stops after the current run, keeping the finished ones. */
    public static Result run(Options o) {
        Map<String, List<RewardLearning.Run>> runs = new LinkedHashMap<>();
        Queries queries = null;
        PushEnv like = new PushEnv();
        for (int k = 0; k < o.seeds(); k++) {
            long seed = o.firstSeed() + k;
            RewardLearner.Frames examples = new RewardLearner.Frames(like.goalExamples(o.examples(), seed), like.side(), like.side(), 3);
            RewardLearner.Frames failures = new RewardLearner.Frames(like.randomStates(o.failures(), seed + 1_000), like.side(), like.side(), 3);
            for (String source : o.sources()) {
                if (Thread.currentThread().isInterrupted()) break;
                RewardLearner learner = learner(source, examples, failures, o, seed);
                Ppo<ConvPolicy> agent = new Ppo<>(new ConvPolicy(like.side(), like.side(), 3, 5, seed),
                        new Ppo.Options(o.envs(), o.steps(), 4, 4, o.lr(), 0.99, 0.95, 0.2, o.entropy(), 0.5, 0.5, seed, 0, "", o.progress(), "stop"));
                RewardLearning.Run run = RewardLearning.train(agent, i -> new PushEnv(like.options()), learner,
                        new RewardLearning.TrainOptions(o.frames(), source.equals("raq") ? "oracle" : "none", "labels.csv", o.evaluate(), 10_000 + seed),
                        path -> {
                            throw new IllegalStateException("the comparison asks no person");
                        });
                if (o.progress()) System.out.println("seed " + seed + ", " + source + ": " + run);
                runs.computeIfAbsent(source, s -> new ArrayList<>()).add(run);
                if (source.equals("raq") && queries == null && learner != null && !learner.queries().isEmpty()) queries = learner.queries();
            }
        }
        return new Result(o, runs, queries);
    }

    static RewardLearner learner(String source, RewardLearner.Frames examples, RewardLearner.Frames failures, Options o, long seed) {
        RewardLearner.Options d = RewardLearner.Options.DEFAULTS;
        return switch (source) {
            case "true" -> null;
            case "frozen" -> new RewardLearner(examples, failures, with(d, "frozen", "none", o, seed));
            case "vice" -> new RewardLearner(examples, failures, with(d, "vice", "none", o, seed));
            default -> new RewardLearner(examples, failures, with(d, "vice", o.strategy(), o, seed));
        };
    }

    private static RewardLearner.Options with(RewardLearner.Options d, String mode, String queries, Options o, long seed) {
        return new RewardLearner.Options(mode, queries, o.queryEvery(), o.queriesPerRound(), o.maxQueries(), d.updateEvery(), d.stepsPerUpdate(),
                d.initialSteps(), d.buffer(), o.reward(), d.floor(), d.passes(), d.batch(), d.lr(), d.dropout(), d.mixup(), seed);
    }
}
