package probelab.studies.reward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import probelab.active.Strategies;
import probelab.data.ImageDataset;
import probelab.active.Strategy;
import probelab.env.Rewarded;
import probelab.util.Check;
import probelab.util.Doc;

/**
 * A reward learned from examples of success (VICE, Fu et al. 2018) with active queries
 * (VICE-RAQ, Singh et al. 2019). The reward of a frame is the success classifier's
 * {@code log p(success | frame)} (or {@code p}). The classifier learns the examples (and the
 * queries answered "success") against failures: the frames the policy visits (mode
 * {@code vice}, retrained every {@code updateEvery} frames, so that whatever the policy reaches
 * stops paying until it looks like the examples) or only the failures given at the start (mode
 * {@code frozen}: trained once, as a reward model fitted offline).
 *
 * <p>Every {@code queryEvery} frames, the {@code queriesPerRound} visited frames the
 * classifier is least sure of (the seed's U(x) = 1 − max p, or entropy, BALD or random, the
 * active-learning strategies) are shown to an {@link Oracle}, up to {@code maxQueries} in
 * all. Answered "success", a frame joins the examples; "failure", it stays a failure for good.
 *
 * <p>One learner serves every environment of a training run: it is a {@link Rewarded.Function}
 * called once per step, in order, on the learner's thread.
 */
public final class RewardLearner implements Rewarded.Function {

    public record Options(
            @Doc("vice: the policy's frames are the failures, retrained as it goes; frozen: trained once on the examples and the given failures") String mode,
            @Doc("query strategy: none, uncertainty (1 − max p), entropy, bald or random") String queries,
            @Doc("frames between query rounds") long queryEvery,
            @Doc("frames shown per query round") int queriesPerRound,
            @Doc("most queries in all") int maxQueries,
            @Doc("frames between classifier updates (vice)") long updateEvery,
            @Doc("Adam steps per update") int stepsPerUpdate,
            @Doc("Adam steps of the first training, on the examples and the given failures") int initialSteps,
            @Doc("recent visited frames kept as failures") int buffer,
            @Doc("reward: log (log p, floored) or p") String reward,
            @Doc("smallest p the log reward takes (log of it is the floor)") double floor,
            @Doc("MC-dropout passes of bald") int passes,
            @Doc("classifier minibatch (half success, half failure)") int batch,
            @Doc("classifier learning rate") double lr,
            @Doc("classifier dropout") double dropout,
            @Doc("mixup's α (0: none)") double mixup,
            @Doc("seed of the classifier and the queries") long seed) {
        public static final Options DEFAULTS = new Options("vice", "uncertainty", 2000, 5, 50, 1000, 20, 300, 4000, "p", 1e-3, 10,
                64, 1e-3, 0.25, 1.0, 1);

        public Options {
            if (!List.of("vice", "frozen").contains(mode)) throw new IllegalArgumentException("mode must be vice or frozen, got '" + mode + "'");
            if (!queries.equals("none") && !Strategies.NAMES.contains(queries)) {
                throw new IllegalArgumentException("queries must be none or one of " + String.join(", ", Strategies.NAMES) + ", got '" + queries + "'");
            }
            Check.atLeast("queryEvery", queryEvery, 1L);
            Check.atLeast("queriesPerRound", queriesPerRound, 1);
            Check.atLeast("maxQueries", maxQueries, 0);
            Check.atLeast("updateEvery", updateEvery, 1L);
            Check.atLeast("stepsPerUpdate", stepsPerUpdate, 0);
            Check.atLeast("initialSteps", initialSteps, 1);
            Check.atLeast("buffer", buffer, 1);
            if (!List.of("log", "p").contains(reward)) throw new IllegalArgumentException("reward must be log or p, got '" + reward + "'");
            Check.between("floor", floor, 1e-12, 0.5);
            Check.atLeast("passes", passes, 2);
        }

        SuccessClassifier.Options classifier() {
            return new SuccessClassifier.Options(batch, lr, dropout, mixup, initialSteps, seed);
        }
    }

    /** One query: the frame, its answer (null: skipped), and the frame count when it was asked. */
    public record Asked(float[] frame, Boolean success, long atFrame, double score) {}

    private final Options o;
    private final SuccessClassifier classifier;
    private final List<float[]> successes = new ArrayList<>(), failures = new ArrayList<>();
    /** Recent visited frames and what the environment said of each (only an oracle reads it). */
    private final float[][] visited;
    private final Map<String, Object>[] visitedInfo;
    private int visitedCount, visitedNext;
    private final List<Asked> asked = new ArrayList<>();
    private final Strategy strategy;
    private Oracle oracle;
    private boolean oracleStopped;
    private long frames, nextUpdate, nextQuery;
    private boolean trained;
    private final Map<FrameKey, Double> cache = new HashMap<>();

    /** Frames of one shape, channel-last {@code [height, width, channels]}. */
    public record Frames(float[][] rows, int height, int width, int channels) {
        public Frames {
            int size = height * width * channels;
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != size) throw new IllegalArgumentException("frame " + i + " has " + rows[i].length + " values, expected " + height + "×" + width + "×" + channels + " = " + size);
            }
        }

        /**
         * Frames from what a user has: rows of square RGB frames ({@code float[][]}, as
         * {@code env.goalExamples} gives), or an image dataset (its images turned channel-last).
         */
        public static Frames of(Object x, String what) {
            if (x instanceof Frames f) return f;
            if (x instanceof ImageDataset d) {
                int c = d.getChannels(), h = d.getHeight(), w = d.getWidth();
                float[][] rows = new float[d.size()][];
                for (int i = 0; i < rows.length; i++) {
                    float[] src = d.image(i), dst = rows[i] = new float[src.length];
                    for (int ch = 0; ch < c; ch++) for (int p = 0; p < h * w; p++) dst[p * c + ch] = src[ch * h * w + p];
                }
                return new Frames(rows, h, w, c);
            }
            float[][] rows;
            if (x instanceof float[][] a) rows = a;
            else if (x instanceof java.util.List<?> l && l.stream().allMatch(e -> e instanceof float[])) rows = l.toArray(float[][]::new);
            else throw new IllegalArgumentException(what + ": expected frames (float[][] of square RGB frames, or an image dataset), got " + (x == null ? "null" : x.getClass().getSimpleName()));
            if (rows.length == 0) throw new IllegalArgumentException(what + ": expected frames, got none");
            int side = (int) Math.round(Math.sqrt(rows[0].length / 3.0));
            if (side * side * 3 != rows[0].length) {
                throw new IllegalArgumentException(what + ": a row of " + rows[0].length + " values is not a square RGB frame; pass an image dataset");
            }
            return new Frames(rows, side, side, 3);
        }
    }

    @SuppressWarnings("unchecked")
    public RewardLearner(Frames examples, Frames givenFailures, Options o) {
        if (examples == null || examples.rows().length == 0) throw new IllegalArgumentException("a reward learner needs examples of success, got none");
        if (givenFailures != null && (givenFailures.height() != examples.height() || givenFailures.width() != examples.width() || givenFailures.channels() != examples.channels())) {
            throw new IllegalArgumentException("failures of " + givenFailures.height() + "×" + givenFailures.width() + "×" + givenFailures.channels()
                    + " do not match the examples' " + examples.height() + "×" + examples.width() + "×" + examples.channels());
        }
        if (o.mode().equals("frozen") && (givenFailures == null || givenFailures.rows().length == 0)) {
            throw new IllegalArgumentException("a frozen reward learner is trained once, on the examples and the failures given at the start: rewardLearner(goals, env.randomStates(500), mode: 'frozen'); got no failures");
        }
        this.o = o;
        this.classifier = new SuccessClassifier(examples.height(), examples.width(), examples.channels(), o.classifier());
        successes.addAll(Arrays.asList(examples.rows()));
        if (givenFailures != null) failures.addAll(Arrays.asList(givenFailures.rows()));
        this.visited = new float[o.buffer()][];
        this.visitedInfo = new Map[o.buffer()];
        this.strategy = o.queries().equals("none") ? null : Strategies.named(o.queries(), o.passes(), o.seed());
        if (!failures.isEmpty()) train(o.initialSteps());
        nextUpdate = o.updateEvery();
        nextQuery = o.queryEvery();
    }

    public Options options() {
        return o;
    }

    public SuccessClassifier classifier() {
        return classifier;
    }

    /** Who answers the queries; without one, no queries are made. */
    public RewardLearner oracle(Oracle oracle) {
        this.oracle = oracle;
        this.oracleStopped = false;
        return this;
    }

    /** The visited frames kept, oldest first. */
    List<float[]> visitedFrames() {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < visitedCount; i++) out.add(visited[at(i)]);
        return out;
    }

    /** The buffer position of the {@code i}th oldest visited frame. */
    private int at(int i) {
        return (visitedNext - visitedCount + i + visited.length) % visited.length;
    }

    /** Frames seen so far. */
    public long frames() {
        return frames;
    }

    /** Every query so far, in order, with the seed's figure ({@code .png}, {@code .gif}). */
    public Queries queries() {
        return new Queries(asked, classifier.height(), classifier.width());
    }

    /** Queries answered (not skipped). */
    public int answered() {
        return (int) asked.stream().filter(a -> a.success() != null).count();
    }

    @Override
    public void started(probelab.env.Reset reset) {
        remember(reset.observation(), reset.info());
    }

    @Override
    public double reward(probelab.env.Step step) {
        float[] observation = step.observation();
        remember(observation, step.info());
        frames++;
        if (o.mode().equals("vice") && frames >= nextUpdate) {
            update();
            nextUpdate += o.updateEvery();
        }
        if (strategy != null && oracle != null && !oracleStopped && frames >= nextQuery) {
            ask();
            nextQuery += o.queryEvery();
        }
        return reward(observation);
    }

    /**
     * The reward of one frame under the current classifier. A learner given no failures trains
     * first on the frames it has seen (VICE: the policy's own are the failures).
     */
    public double reward(float[] frame) {
        if (!trained) {
            if (visitedCount == 0) remember(frame, Map.of());
            train(o.initialSteps());
        }
        FrameKey key = new FrameKey(frame);
        Double p = cache.get(key);
        if (p == null) {
            p = classifier.success(new float[][] {frame})[0];
            if (cache.size() > 10_000) cache.clear(); // bounded: each key holds its frame
            cache.put(key, p);
        }
        return o.reward().equals("p") ? p : Math.log(Math.max(p, o.floor()));
    }

    private void remember(float[] frame, Map<String, Object> info) {
        visited[visitedNext] = frame;
        visitedInfo[visitedNext] = info;
        visitedNext = (visitedNext + 1) % visited.length;
        visitedCount = Math.min(visitedCount + 1, visited.length);
    }

    /** More steps on the examples and answered successes against the failures and the visited frames. */
    private void update() {
        train(o.stepsPerUpdate());
    }

    private void train(int steps) {
        if (steps == 0) return;
        trained = true;
        int v = o.mode().equals("vice") || failures.isEmpty() ? visitedCount : 0; // frozen: only the failures given and answered
        float[][] neg = new float[failures.size() + v][];
        for (int i = 0; i < failures.size(); i++) neg[i] = failures.get(i);
        System.arraycopy(visited, 0, neg, failures.size(), v);
        classifier.train(successes.toArray(float[][]::new), neg, steps);
        cache.clear();
        // the policy mostly revisits the frames it visited lately: score them in one batch
        Map<FrameKey, float[]> distinct = new java.util.LinkedHashMap<>();
        for (int i = 0; i < visitedCount; i++) distinct.putIfAbsent(new FrameKey(visited[at(i)]), visited[at(i)]);
        float[][] frames = distinct.values().toArray(float[][]::new);
        double[] p = classifier.success(frames);
        int k = 0;
        for (FrameKey key : distinct.keySet()) cache.put(key, p[k++]);
    }

    /** One round of queries on the visited frames (every {@code queryEvery} frames). */
    void ask() {
        int left = o.maxQueries() - asked.size();
        if (left <= 0 || visitedCount == 0) return;
        // distinct frames only: a state the policy sits in should be asked about once
        Map<FrameKey, Integer> distinct = new java.util.LinkedHashMap<>();
        for (int i = 0; i < visitedCount; i++) distinct.putIfAbsent(new FrameKey(visited[at(i)]), at(i));
        for (Asked a : asked) distinct.remove(new FrameKey(a.frame()));
        if (distinct.isEmpty()) return;
        int[] index = distinct.values().stream().mapToInt(Integer::intValue).toArray();
        // the frames and what the environment said of them, taken before any answer moves the buffer
        float[][] pool = new float[index.length][];
        List<Map<String, Object>> infos = new ArrayList<>();
        for (int i = 0; i < index.length; i++) {
            pool[i] = visited[index[i]];
            infos.add(visitedInfo[index[i]]);
        }
        probelab.active.Query q = strategy.select(classifier, pool, Math.min(left, o.queriesPerRound()));
        boolean changed = false;
        for (int j = 0; j < q.indices().length; j++) {
            float[] frame = pool[q.indices()[j]];
            Oracle.Answer a = oracle.ask(frame, infos.get(q.indices()[j]));
            if (a == Oracle.Answer.STOP) {
                oracleStopped = true;
                break;
            }
            Boolean success = a == Oracle.Answer.SUCCESS ? Boolean.TRUE : a == Oracle.Answer.FAILURE ? Boolean.FALSE : null;
            asked.add(new Asked(frame, success, frames, q.scores()[j]));
            if (success == null) continue;
            (success ? successes : failures).add(frame);
            if (success) dropFromVisited(frame);
            changed = true;
        }
        if (changed) {
            update();
        }
    }

    /** A frame answered "success" is no longer a failure among the visited ones. */
    private void dropFromVisited(float[] frame) {
        FrameKey key = new FrameKey(frame);
        int kept = 0;
        float[][] v = new float[visitedCount][];
        @SuppressWarnings("unchecked") Map<String, Object>[] vi = new Map[visitedCount];
        for (int i = 0; i < visitedCount; i++) {
            if (new FrameKey(visited[at(i)]).equals(key)) continue;
            v[kept] = visited[at(i)];
            vi[kept++] = visitedInfo[at(i)];
        }
        Arrays.fill(visited, null);
        Arrays.fill(visitedInfo, null);
        System.arraycopy(v, 0, visited, 0, kept);
        System.arraycopy(vi, 0, visitedInfo, 0, kept);
        visitedCount = kept;
        visitedNext = kept % visited.length;
    }

    /** A frame by its values, for the reward cache and distinct queries. */
    record FrameKey(float[] values, int hash) {
        FrameKey(float[] values) {
            this(values, Arrays.hashCode(values));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FrameKey k && k.hash == hash && Arrays.equals(k.values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RewardLearner(%s, queries %s: %d asked, %d answered; %d success frames, %d failure frames; %d frames seen)",
                o.mode(), o.queries(), asked.size(), answered(), successes.size(), failures.size(), frames);
    }
}
