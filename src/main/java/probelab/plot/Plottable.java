package probelab.plot;

/**
 * Something {@code plot(x)} knows how to draw: a training run, a fit history, a learning
 * curve. It gives its own title and labels as defaults, which the user's options override.
 */
public interface Plottable {
    /** The title and labels this thing's figure has unless the user says otherwise. */
    LineOptions plotDefaults();

    /** The figure, drawn with {@code o} (the defaults with the user's options over them). */
    Figure figure(LineOptions o);
}
