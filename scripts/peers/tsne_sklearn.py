#!/usr/bin/python3
"""Peer for scripts/bench_tsne.groovy: scikit-learn's Barnes-Hut t-SNE on Fashion-MNIST.

Same protocol as ours: the first N images of train+test (Debian's dataset-fashion-mnist),
PCA to 50 dimensions, perplexity 30, 750 iterations (250 early exaggeration 12), PCA
initialisation, learning rate 'auto'. Prints one JSON line with time, KL, 10-NN
preservation and 2-D 10-NN accuracy (both on a 10,000-point sample, as ours).
Run with Debian's Python: /usr/bin/python3 scripts/peers/tsne_sklearn.py --n 10000

With --rows FILE.csv (one point per line, no header) it embeds those rows instead and prints
the embedding's RMS spread around its centroid and its 10-NN trustworthiness: the reference
figures of src/test/java/probelab/embed/TsneStructurelessTest.java, whose rows
`bin/probelab scripts/structureless_rows.groovy` writes.
"""
import argparse, gzip, json, os, time
import numpy as np

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dir", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--rows", default=None)
    a = ap.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE, trustworthiness
    from sklearn.neighbors import NearestNeighbors
    if a.rows:
        x = np.loadtxt(a.rows, delimiter=",", dtype=np.float64)
        e = TSNE(2, perplexity=30, n_iter=750, init="pca", learning_rate="auto", method="barnes_hut",
                 n_jobs=a.threads, random_state=0).fit_transform(x)
        spread = float(np.sqrt(np.mean(np.sum((e - e.mean(axis=0)) ** 2, axis=1))))
        print(json.dumps({"rows": a.rows, "n": len(x), "dims": x.shape[1], "spread": spread,
                          "trustworthiness": float(trustworthiness(x, e, n_neighbors=10))}))
        return
    x = np.concatenate([idx(f"{a.dir}/train-images-idx3-ubyte.gz"), idx(f"{a.dir}/t10k-images-idx3-ubyte.gz")])
    y = np.concatenate([idx(f"{a.dir}/train-labels-idx1-ubyte.gz"), idx(f"{a.dir}/t10k-labels-idx1-ubyte.gz")])
    x = (x[:a.n].reshape(a.n, -1) / 255.0).astype(np.float32)
    y = y[:a.n]
    t0 = time.time()
    p = PCA(50, svd_solver="full").fit_transform(x)
    t1 = time.time()
    tsne = TSNE(2, perplexity=30, n_iter=750, init="pca", learning_rate="auto", method="barnes_hut",
                n_jobs=a.threads, random_state=0)
    e = tsne.fit_transform(p)
    t2 = time.time()
    rng = np.random.default_rng(7)
    q = np.sort(rng.choice(a.n, min(a.n, 10000), replace=False))
    hi = NearestNeighbors(n_neighbors=11).fit(p).kneighbors(p[q], return_distance=False)[:, 1:]
    lo = NearestNeighbors(n_neighbors=11).fit(e).kneighbors(e[q], return_distance=False)[:, 1:]
    pres = np.mean([len(set(h) & set(l)) / 10 for h, l in zip(hi, lo)])
    acc = np.mean([np.bincount(y[l], minlength=10).argmax() == y[i] for i, l in zip(q, lo)])
    print(json.dumps({"peer": "scikit-learn " + __import__("sklearn").__version__, "n": a.n, "pca_s": t1 - t0,
                      "tsne_s": t2 - t1, "kl": float(tsne.kl_divergence_), "knn_preservation": float(pres),
                      "knn_accuracy": float(acc)}))

if __name__ == "__main__":
    main()
