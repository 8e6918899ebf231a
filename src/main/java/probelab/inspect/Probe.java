package probelab.inspect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import probelab.util.AtomicFiles;
import probelab.util.Doc;
import probelab.util.Json;
import smile.classification.LogisticRegression;

/**
 * A linear decoding probe (seed 003): multinomial logistic regression on frozen features,
 * split 67/33 with a fixed seed, for the classes and for a binary grouping (label &lt; 5 by
 * default), each also with the labels permuted as the chance level. Features are z-scored
 * with the training split's statistics.
 */
public final class Probe {
    private Probe() {}

    public record Options(
            @Doc("fraction held out for testing") double testFraction,
            @Doc("seed of the split and of the permutation") long seed,
            @Doc("L2 penalty of the logistic regression") double lambda,
            @Doc("largest number of L-BFGS iterations") int maxIterations,
            @Doc("labels below this form the positive group of the binary probe") int binaryBelow) {
        public static final Options DEFAULTS = new Options(0.33, 0, 0.1, 500, 5);

        public Options {
            probelab.util.Check.openUnit("testFraction", testFraction);
            probelab.util.Check.nonNegative("lambda", lambda);
            probelab.util.Check.atLeast("maxIterations", maxIterations, 1);
        }
    }

    /** Train and test accuracy of the four probes. */
    public record Scores(double multiTrain, double multiTest, double permutedMultiTrain, double permutedMultiTest,
                         double binaryTrain, double binaryTest, double permutedBinaryTrain, double permutedBinaryTest) {
        /** The seed's {@code analyze_class_score.txt} layout. */
        public String text() {
            return String.format(Locale.ROOT, """
                    multi classification scores:
                    -Train: %.4f
                    -Test: %.4f
                    permuted multi classification scores:
                    -Train: %.4f
                    -Test: %.4f
                    bin classification scores:
                    -Train: %.4f
                    -Test: %.4f
                    permuted bin classification scores:
                    -Train: %.4f
                    -Test: %.4f
                    """, multiTrain, multiTest, permutedMultiTrain, permutedMultiTest,
                    binaryTrain, binaryTest, permutedBinaryTrain, permutedBinaryTest);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("multi", Map.of("train", multiTrain, "test", multiTest));
            m.put("permuted_multi", Map.of("train", permutedMultiTrain, "test", permutedMultiTest));
            m.put("binary", Map.of("train", binaryTrain, "test", binaryTest));
            m.put("permuted_binary", Map.of("train", permutedBinaryTrain, "test", permutedBinaryTest));
            return m;
        }

        /** Writes {@code analyze_class_score.txt} and {@code analyze_class_score.json} into {@code dir}. */
        public Path write(Path dir) {
            Json.writeFile(dir.resolve("analyze_class_score.json"), toMap());
            return AtomicFiles.writeString(dir.resolve("analyze_class_score.txt"), text());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "probe: multi-class test %.3f (permuted %.3f), binary test %.3f (permuted %.3f)",
                    multiTest, permutedMultiTest, binaryTest, permutedBinaryTest);
        }
    }

    public static Scores run(float[][] x, int[] labels, Options o) {
        return run(x, labels, c -> c < o.binaryBelow(), o);
    }

    /** Runs the four probes; {@code positive} picks the labels of the binary probe's positive group. */
    public static Scores run(float[][] x, int[] labels, IntPredicate positive, Options o) {
        int n = x.length;
        if (labels.length != n) throw new IllegalArgumentException(n + " feature rows but " + labels.length + " labels");
        if (n < 10) throw new IllegalArgumentException("a probe needs at least 10 rows, got " + n);
        if (!(o.testFraction() > 0 && o.testFraction() < 1)) throw new IllegalArgumentException("testFraction must be in (0, 1), got " + o.testFraction());
        java.util.SplittableRandom r = new java.util.SplittableRandom(o.seed());
        int[] order = probelab.util.Shuffle.permutation(n, r);
        int nTest = (int) Math.round(n * o.testFraction());
        int nTrain = n - nTest;
        int[] binary = new int[n];
        for (int i = 0; i < n; i++) binary[i] = positive.test(labels[i]) ? 1 : 0;
        int[] perm = probelab.util.Shuffle.permutation(n, r);
        int[] permLabels = new int[n], permBinary = new int[n];
        for (int i = 0; i < n; i++) {
            permLabels[i] = labels[perm[i]];
            permBinary[i] = binary[perm[i]];
        }
        double[][] z = standardise(x, order, nTrain);
        double[] multi = fitScore(z, labels, order, nTrain, o);
        double[] pMulti = fitScore(z, permLabels, order, nTrain, o);
        double[] bin = fitScore(z, binary, order, nTrain, o);
        double[] pBin = fitScore(z, permBinary, order, nTrain, o);
        return new Scores(multi[0], multi[1], pMulti[0], pMulti[1], bin[0], bin[1], pBin[0], pBin[1]);
    }

    private static double[][] standardise(float[][] x, int[] order, int nTrain) {
        int d = x[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (int t = 0; t < nTrain; t++) for (int j = 0; j < d; j++) mean[j] += x[order[t]][j];
        for (int j = 0; j < d; j++) mean[j] /= nTrain;
        for (int t = 0; t < nTrain; t++) for (int j = 0; j < d; j++) {
            double v = x[order[t]][j] - mean[j];
            sd[j] += v * v;
        }
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j] / nTrain);
        double[][] z = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("feature rows differ in length: " + d + " and " + x[i].length);
            for (int j = 0; j < d; j++) z[i][j] = sd[j] > 1e-12 ? (x[i][j] - mean[j]) / sd[j] : 0;
        }
        return z;
    }

    /** Fits on the first nTrain rows of {@code order}; returns train and test accuracy. */
    private static double[] fitScore(double[][] z, int[] y, int[] order, int nTrain, Options o) {
        int n = z.length;
        double[][] xt = new double[nTrain][];
        int[] yt = new int[nTrain];
        for (int t = 0; t < nTrain; t++) {
            xt[t] = z[order[t]];
            yt[t] = y[order[t]];
        }
        // Smile wants labels 0..k-1 all present; map what the training split holds.
        int[] distinct = java.util.Arrays.stream(yt).distinct().sorted().toArray();
        if (distinct.length < 2) return new double[] {1, accuracyConstant(y, order, nTrain, distinct[0])};
        Map<Integer, Integer> code = new LinkedHashMap<>();
        for (int c : distinct) code.put(c, code.size());
        int[] coded = new int[nTrain];
        for (int t = 0; t < nTrain; t++) coded[t] = code.get(yt[t]);
        LogisticRegression model = LogisticRegression.fit(xt, coded, o.lambda(), 1e-5, o.maxIterations());
        int trainRight = 0, testRight = 0;
        for (int t = 0; t < n; t++) {
            int i = order[t];
            int pred = distinct[model.predict(z[i])];
            if (pred == y[i]) {
                if (t < nTrain) trainRight++;
                else testRight++;
            }
        }
        return new double[] {(double) trainRight / nTrain, (double) testRight / Math.max(1, n - nTrain)};
    }

    private static double accuracyConstant(int[] y, int[] order, int nTrain, int c) {
        int right = 0;
        for (int t = nTrain; t < y.length; t++) if (y[order[t]] == c) right++;
        return (double) right / Math.max(1, y.length - nTrain);
    }
}
