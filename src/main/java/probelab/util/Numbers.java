package probelab.util;

/** Something that is a vector of numbers (an array read from a file, say), taken wherever values or labels are. */
public interface Numbers {
    /** The values, flattened, as a fresh array. */
    double[] doubles();
}
