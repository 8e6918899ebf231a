// Writes the structureless inputs of TsneStructurelessTest (Gaussian and uniform clouds, drawn by
// java.util.Random exactly as the test draws them) as CSV files, for the scikit-learn reference
// figures recorded in that test:
//
//   bin/probelab scripts/structureless_rows.groovy --out /tmp/rows
//   for f in /tmp/rows/*.csv; do /usr/bin/python3 scripts/peers/tsne_sklearn.py --rows $f; done

parseArgs(args, [:])
// name: kind, n, dimensions, seed (the same list as the test's REFERENCE)
def cases = [['gaussian', 300, 10, 11], ['gaussian', 1000, 10, 12], ['gaussian', 1999, 5, 13], ['gaussian', 2500, 20, 14],
             ['gaussian', 5000, 10, 15], ['uniform', 300, 5, 21], ['uniform', 1000, 3, 22], ['uniform', 1999, 10, 23],
             ['uniform', 2500, 5, 24], ['uniform', 5000, 2, 25]]
for (c in cases) {
    def (kind, int n, int d, long seed) = c
    def r = new Random(seed)
    def f = out().resolve("${kind}-${n}x${d}-seed${seed}.csv").toFile()
    f.withWriter { w ->
        for (int i = 0; i < n; i++) {
            float[] row = new float[d]
            for (int j = 0; j < d; j++) row[j] = kind == 'gaussian' ? (float) r.nextGaussian() : r.nextFloat()
            w.println(row.collect { Float.toString(it) }.join(','))
        }
    }
    println "wrote $f"
}
summary(cases: cases.size())
