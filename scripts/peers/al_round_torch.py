#!/usr/bin/env python3
"""PyTorch peer of one active-learning round with the seed notebook's CNN, for the speed comparison.

The round: score a pool of 8,000 MNIST digits with 20 MC-dropout passes (BALD), then refit
for 5 epochs on 300 labelled digits (batch 32, Adam 1e-3). The network: Conv(32, 3x3) ->
MaxPool 2 -> Conv(64, 3x3) -> Dense 64 on every position -> Flatten -> Dropout 0.5 ->
Dense 10 softmax. A careful PyTorch user's code: MC passes with dropout switched on, batches of
500, no_grad, the features below the dropout computed once per image and one dropout mask per
pass shared by all images (consistent MC dropout, which BatchBALD needs), as probelab's are. The digits come from probelab (--data, a raw float32
file of n x 784 values in [0, 1], then n labels as float32). Prints one JSON line.

--model bayesian: the BatchBALD paper's network instead (conv 5x5 32 -> dropout2d -> pool ->
relu -> conv 5x5 64 -> dropout2d -> pool -> relu -> dense 128 -> dropout -> relu -> dense 10),
batch 64; its MC passes run the first convolution once per image, as probelab's do.

    python3 scripts/peers/al_round_torch.py --data digits.bin --n 8300 [--threads 2] [--model seed|bayesian]
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn


class SeedCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dense = nn.Conv2d(64, 64, 1)   # Keras Dense(64) on each position
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(64 * 11 * 11, 10)

    def features(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.max_pool2d(x, 2)
        x = torch.relu(self.conv2(x))
        return torch.relu(self.dense(x)).flatten(1)

    def forward(self, x):
        return self.out(self.drop(self.features(x)))


class BayesianCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.fc1 = nn.Linear(1024, 128)
        self.fc2 = nn.Linear(128, 10)
        self.drop2d = nn.Dropout2d(0.5)
        self.drop = nn.Dropout(0.5)

    def first(self, x):
        return self.conv1(x)

    def rest(self, h):
        x = torch.relu(torch.max_pool2d(self.drop2d(h), 2))
        x = torch.relu(torch.max_pool2d(self.drop2d(self.conv2(x)), 2))
        x = torch.relu(self.drop(self.fc1(x.flatten(1))))
        return self.fc2(x)

    def forward(self, x):
        return self.rest(self.first(x))


def bald(probs):
    mean = probs.mean(0)
    h_mean = -(mean * torch.log(mean + 1e-12)).sum(1)
    h_cond = -(probs * torch.log(probs + 1e-12)).sum(2).mean(0)
    return h_mean - h_cond


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--pool", type=int, default=8000)
    ap.add_argument("--labelled", type=int, default=300)
    ap.add_argument("--passes", type=int, default=20)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--model", choices=["seed", "bayesian"], default="seed")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    raw = np.fromfile(a.data, dtype=np.float32)
    x = torch.from_numpy(raw[: a.n * 784].reshape(a.n, 1, 28, 28).copy())
    y = torch.from_numpy(raw[a.n * 784:].astype(np.int64))
    pool, lab_x, lab_y = x[: a.pool], x[a.pool: a.pool + a.labelled], y[a.pool: a.pool + a.labelled]
    model = SeedCnn() if a.model == "seed" else BayesianCnn()
    batch = 32 if a.model == "seed" else 64
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def fit():
        model.train()
        for _ in range(a.epochs):
            perm = torch.randperm(len(lab_x))
            for i in range(0, len(lab_x), batch):
                idx = perm[i:i + batch]
                loss = nn.functional.cross_entropy(model(lab_x[idx]), lab_y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()

    fit()  # warm-up, as probelab's model is fitted before the round too
    t0 = time.perf_counter()
    model.train()  # dropout on for MC passes
    with torch.no_grad():
        if a.model == "seed":
            # consistent MC dropout, as probelab's: one mask per pass, shared by every image
            masks = (torch.rand(a.passes, model.out.in_features) >= 0.5).float() * 2
            chunks = []
            for i in range(0, len(pool), 500):
                h = model.features(pool[i:i + 500])  # everything below the dropout, once per image
                chunks.append(torch.stack([torch.softmax(model.out(h * masks[t]), 1) for t in range(a.passes)]))
            probs = torch.cat(chunks, 1)
        else:
            chunks = []
            for i in range(0, len(pool), 500):
                h = model.first(pool[i:i + 500])
                chunks.append(torch.stack([torch.softmax(model.rest(h), 1) for _ in range(a.passes)]))
            probs = torch.cat(chunks, 1)
        scores = bald(probs)
    t1 = time.perf_counter()
    fit()
    t2 = time.perf_counter()
    print(json.dumps({"peer": "pytorch " + torch.__version__, "model": a.model, "threads": a.threads, "score_seconds": t1 - t0,
                      "fit_seconds": t2 - t1, "round_seconds": t2 - t0, "top_score": float(scores.max())}))


if __name__ == "__main__":
    main()
