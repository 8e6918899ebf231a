package probelab.active;

import java.util.Arrays;
import java.util.List;

/**
 * A committee of estimators (query by committee). Its probabilities are the members' mean
 * (the consensus); its strategies score disagreement: vote entropy (entropy of the members'
 * votes), consensus entropy (entropy of the mean probabilities), max disagreement (largest
 * KL divergence of a member from the consensus).
 */
public final class Committee implements Estimator {
    /** Options of a committee. */
    public record Options(@probelab.util.Doc("number of classes") int classes) {
        public static final Options DEFAULTS = new Options(10);

        public Options {
            probelab.util.Check.atLeast("classes", classes, 2);
        }
    }

    private final List<Estimator> members;
    private final int classes;

    public Committee(List<Estimator> members, int classes) {
        if (members.size() < 2) throw new IllegalArgumentException("a committee needs at least 2 members, got " + members.size());
        this.members = List.copyOf(members);
        this.classes = classes;
    }

    @Override
    public void fit(float[][] x, int[] y) {
        for (Estimator m : members) m.fit(x, y);
    }

    @Override
    public double[][] predictProba(float[][] x) {
        double[][] mean = new double[x.length][classes];
        for (Estimator m : members) {
            double[][] p = m.predictProba(x);
            for (int i = 0; i < x.length; i++) for (int c = 0; c < classes; c++) mean[i][c] += p[i][c] / members.size();
        }
        return mean;
    }

    private static Committee of(Estimator e) {
        if (e instanceof Committee c) return c;
        throw new IllegalArgumentException("committee strategies need a Committee, got " + e.getClass().getSimpleName());
    }

    public static double[] voteEntropy(Committee c, float[][] x) {
        double[][] votes = new double[x.length][c.classes];
        for (Estimator m : c.members) {
            double[][] p = m.predictProba(x);
            for (int i = 0; i < x.length; i++) {
                int arg = 0;
                for (int k = 1; k < c.classes; k++) if (p[i][k] > p[i][arg]) arg = k;
                votes[i][arg] += 1.0 / c.members.size();
            }
        }
        return Strategies.entropy(votes);
    }

    public static double[] maxDisagreement(Committee c, float[][] x) {
        double[][] mean = c.predictProba(x);
        double[] s = new double[x.length];
        for (Estimator m : c.members) {
            double[][] p = m.predictProba(x);
            for (int i = 0; i < x.length; i++) {
                double kl = 0;
                for (int k = 0; k < c.classes; k++) if (p[i][k] > 0 && mean[i][k] > 0) kl += p[i][k] * Math.log(p[i][k] / mean[i][k]);
                s[i] = Math.max(s[i], kl);
            }
        }
        return s;
    }

    public static Strategy voteEntropy() {
        return (model, pool, n) -> Strategies.pick(voteEntropy(of(model), pool), n, true);
    }

    public static Strategy consensusEntropy() {
        return (model, pool, n) -> Strategies.pick(Strategies.entropy(of(model).predictProba(pool)), n, true);
    }

    public static Strategy maxDisagreement() {
        return (model, pool, n) -> Strategies.pick(maxDisagreement(of(model), pool), n, true);
    }

    @Override
    public String toString() {
        return "Committee of " + members.size() + " " + Arrays.toString(members.stream().map(m -> m.getClass().getSimpleName()).toArray());
    }
}
