#!/usr/bin/env python3
"""PyTorch peer of probelab's relegator training, for the speed comparison.

Same model and loss as probelab's default: inputs (x1, x2) -> Dropout 0.05 -> 40 -> 40 -> 20
(ReLU) -> softmax over (background, signal, relegated); loss CE_rel + 1/sigma with the mass
window aligned; Adam lr 5e-4, full batch (one step per epoch), test loss every epoch, early
stop when the slope of the last 20 test losses is >= 0. The data is written by probelab
(--data FILE.csv: x1,x2,label,mass, already split: a 'split' column 0 train / 1 test), so both
train on identical events. Prints one JSON line.

    python3 scripts/peers/relegator_torch.py --data events.csv [--epochs 1000] [--threads 1]
"""
import argparse
import json
import time

import numpy as np
import torch
from torch import nn


def loss_fn(p, y, peak, share, sf):
    pt = p.gather(1, y.unsqueeze(1)).squeeze(1)
    pr = p[:, 2]
    ce = (-torch.log(torch.clamp(pt + pr, min=1e-7)) + torch.log(1 + pr)).mean()
    ps = p[:, 1]
    n_s = (ps * peak * (y == 1)).sum() / share
    n_b = (ps * peak * (y == 0)).sum() / share
    a, b = n_s * sf, n_b * (1 - sf)
    sigma = a / torch.sqrt(a + b + 1e-7) + 1e-7
    return ce + 1 / sigma


def slope(ys):
    x = np.arange(len(ys))
    return np.polyfit(x, ys, 1)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sf", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = np.loadtxt(a.data, delimiter=",", skiprows=1, dtype=np.float32)
    tr, te = d[d[:, 4] == 0], d[d[:, 4] == 1]
    share_tr = len(tr) / len(d)
    share_te = 1 - share_tr

    def tensors(z):
        x = torch.from_numpy(z[:, :2].copy())
        y = torch.from_numpy(z[:, 2].astype(np.int64))
        peak = torch.from_numpy((np.abs(z[:, 3] - 0.5) <= 2.5 * 0.03).astype(np.float32))
        return x, y, peak

    xtr, ytr, ptr = tensors(tr)
    xte, yte, pte = tensors(te)
    model = nn.Sequential(nn.Dropout(0.05), nn.Linear(2, 40), nn.ReLU(), nn.Linear(40, 40), nn.ReLU(),
                          nn.Linear(40, 20), nn.ReLU(), nn.Linear(20, 3), nn.Softmax(dim=1))
    opt = torch.optim.Adam(model.parameters(), lr=5e-4)
    history = []
    start = time.perf_counter()
    epochs = 0
    for epoch in range(a.epochs):
        model.train()
        loss = loss_fn(model(xtr), ytr, ptr, share_tr, a.sf)
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.eval()
        with torch.no_grad():
            history.append(float(loss_fn(model(xte), yte, pte, share_te, a.sf)))
        epochs = epoch + 1
        if epochs >= 20 and slope(history[-20:]) >= 0:
            break
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": "pytorch " + torch.__version__, "threads": a.threads, "epochs": epochs,
                      "train_seconds": seconds, "seconds_per_epoch": seconds / epochs, "final_test_loss": history[-1]}))


if __name__ == "__main__":
    main()
