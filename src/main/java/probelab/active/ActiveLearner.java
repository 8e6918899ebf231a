package probelab.active;

import java.util.Arrays;
import java.util.Locale;

/**
 * modAL's ActiveLearner: an estimator, a query strategy and the labelled set. {@link #query}
 * asks the strategy which pool points to label; {@link #teach} adds labelled points and
 * refits. The pool stays the caller's: remove what was taught from it (see
 * {@link Pool}) or keep it and let the strategy see it again.
 */
public final class ActiveLearner {
    private final Estimator estimator;
    private final Strategy strategy;
    private float[][] x;
    private int[] y;

    public ActiveLearner(Estimator estimator, Strategy strategy, float[][] initialX, int[] initialY) {
        if (initialX.length != initialY.length) {
            throw new IllegalArgumentException(initialX.length + " initial inputs but " + initialY.length + " labels");
        }
        this.estimator = estimator;
        this.strategy = strategy;
        this.x = initialX.clone();
        this.y = initialY.clone();
        if (x.length > 0) estimator.fit(x, y);
    }

    /** The {@code n} pool points the strategy wants labelled next. */
    public Query query(float[][] pool, int n) {
        if (pool.length == 0) throw new IllegalArgumentException("the pool is empty");
        return strategy.select(estimator, pool, n);
    }

    /** Adds labelled points and refits on everything labelled so far. */
    public void teach(float[][] newX, int[] newY) {
        if (newX.length != newY.length) throw new IllegalArgumentException(newX.length + " inputs but " + newY.length + " labels");
        float[][] xs = Arrays.copyOf(x, x.length + newX.length);
        System.arraycopy(newX, 0, xs, x.length, newX.length);
        int[] ys = Arrays.copyOf(y, y.length + newY.length);
        System.arraycopy(newY, 0, ys, y.length, newY.length);
        x = xs;
        y = ys;
        estimator.fit(x, y);
    }

    /** Accuracy on labelled data. */
    public double score(float[][] testX, int[] testY) {
        double[][] p = estimator.predictProba(testX);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int arg = 0;
            for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][arg]) arg = c;
            if (arg == testY[i]) right++;
        }
        return (double) right / p.length;
    }

    public int labelled() {
        return y.length;
    }

    public Estimator getEstimator() {
        return estimator;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ActiveLearner: %s, %d labelled", estimator.getClass().getSimpleName(), y.length);
    }
}
