package probelab.active;

import smile.classification.LogisticRegression;

/**
 * Multinomial logistic regression (Smile) as an estimator. Classes absent from the labelled
 * set get probability 0, so rows always have {@code classes} entries.
 */
public final class SmileLogistic implements Estimator {
    /** Options of the estimator. */
    public record Options(@probelab.util.Doc("number of classes") int classes, @probelab.util.Doc("L2 penalty") double lambda) {
        public static final Options DEFAULTS = new Options(10, 1.0);

        public Options {
            probelab.util.Check.atLeast("classes", classes, 2);
            probelab.util.Check.nonNegative("lambda", lambda);
        }
    }

    private final int classes;
    private final double lambda;
    private LogisticRegression model;
    private int onlyClass = -1;

    public SmileLogistic(Options o) {
        this(o.classes(), o.lambda());
    }

    public SmileLogistic(int classes, double lambda) {
        this.classes = classes;
        this.lambda = lambda;
    }

    @Override
    public void fit(float[][] x, int[] y) {
        long distinct = java.util.Arrays.stream(y).distinct().count();
        if (distinct == 1) { // Smile needs two classes; one class is a constant prediction
            onlyClass = y[0];
            model = null;
            return;
        }
        onlyClass = -1;
        model = LogisticRegression.fit(toDouble(x), y, lambda, 1e-5, 500);
    }

    @Override
    public double[][] predictProba(float[][] x) {
        if (model == null && onlyClass < 0) throw new IllegalStateException("fit before predicting");
        double[][] out = new double[x.length][classes];
        if (model == null) {
            for (double[] row : out) row[onlyClass] = 1;
            return out;
        }
        int[] labels = model.classes();
        double[] post = new double[labels.length];
        for (int i = 0; i < x.length; i++) {
            double[] xi = new double[x[i].length];
            for (int j = 0; j < xi.length; j++) xi[j] = x[i][j];
            model.predict(xi, post);
            for (int c = 0; c < labels.length; c++) out[i][labels[c]] = post[c];
        }
        return out;
    }

    private static double[][] toDouble(float[][] x) {
        double[][] d = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            d[i] = new double[x[i].length];
            for (int j = 0; j < d[i].length; j++) d[i][j] = x[i][j];
        }
        return d;
    }
}
