package probelab.studies.relegator;

/** What the relegator and its baselines share: a decision per event and an evaluation. */
public interface EventClassifier {
    int BACKGROUND = 0, SIGNAL = 1, RELEGATED = 2;

    /** BACKGROUND, SIGNAL (passes) or RELEGATED for each row. */
    int[] decide(float[][] x);

    Evaluation evaluate(Events eval);

    FitHistory getHistory();
}
