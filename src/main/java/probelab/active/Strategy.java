package probelab.active;

/** A query strategy: picks {@code n} pool positions to label (modAL's (model, X, n) → (indices, scores)). */
@FunctionalInterface
public interface Strategy {
    Query select(Estimator model, float[][] pool, int n);
}
