package probelab.data;

/** Something that is a set of rows to analyse further: PCA scores, an embedding's points. */
public interface Rows {
    float[][] asRows();
}
