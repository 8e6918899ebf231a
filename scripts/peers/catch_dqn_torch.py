#!/usr/bin/env python3
"""PyTorch peer of probelab's classic catch DQN, for the speed comparison.

Same game and algorithm as "Keras plays catch" and probelab's defaults: 10x10 grid,
MLP 100-100-100-3 (ReLU), plain SGD lr 0.2, MSE over the full target vector, epsilon 0.1,
replay memory 500 (FIFO) sampled with replacement in batches of 50, discount 0.9, one
update per step, no target network. Targets are computed batched (one forward for s', one
for s), as a careful PyTorch user would write it. Prints one JSON line.

    python3 scripts/peers/catch_dqn_torch.py [--episodes 1000] [--seed 1] [--threads 1]
"""
import argparse
import json
import random
import time

import numpy as np
import torch
from torch import nn


class Catch:
    def __init__(self, size=10, rng=None):
        self.size = size
        self.rng = rng or random.Random(0)

    def reset(self):
        self.fruit_row = 0
        self.fruit_col = self.rng.randrange(0, self.size - 1)
        self.basket = self.rng.randrange(1, self.size - 2)
        return self.observe()

    def step(self, action):
        self.basket = min(max(1, self.basket + action - 1), self.size - 1)
        self.fruit_row += 1
        done = self.fruit_row == self.size - 1
        reward = 0.0
        if done:
            reward = 1.0 if abs(self.fruit_col - self.basket) <= 1 else -1.0
        return self.observe(), reward, done

    def observe(self):
        grid = np.zeros((self.size, self.size), dtype=np.float32)
        grid[self.fruit_row, self.fruit_col] = 1
        grid[-1, max(0, self.basket - 1):self.basket + 2] = 1
        return grid.reshape(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", type=int, default=1000)
    ap.add_argument("--eval-episodes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    np_rng = np.random.default_rng(a.seed)
    env = Catch(10, random.Random(a.seed + 1))

    model = nn.Sequential(nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 3))
    for m in model:
        if isinstance(m, nn.Linear):  # Keras' Dense: Glorot-uniform weights, zero biases
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    cap, batch, gamma, eps = 500, 50, 0.9, 0.1
    S = np.zeros((cap, 100), np.float32); S2 = np.zeros((cap, 100), np.float32)
    A = np.zeros(cap, np.int64); R = np.zeros(cap, np.float32); D = np.zeros(cap, np.float32)
    size = head = 0
    wins = 0
    start = time.perf_counter()
    for ep in range(a.episodes):
        s = env.reset()
        done = False
        while not done:
            if rng.random() < eps:
                act = rng.randrange(3)
            else:
                with torch.no_grad():
                    act = int(model(torch.from_numpy(s)).argmax())
            s2, r, done = env.step(act)
            S[head], A[head], R[head], S2[head], D[head] = s, act, r, s2, float(done)
            head = (head + 1) % cap
            size = min(size + 1, cap)
            n = min(size, batch)
            idx = np_rng.integers(0, size, n)
            bs, ba, br, bs2, bd = (torch.from_numpy(S[idx]), torch.from_numpy(A[idx]), torch.from_numpy(R[idx]),
                                   torch.from_numpy(S2[idx]), torch.from_numpy(D[idx]))
            with torch.no_grad():
                y = br + gamma * model(bs2).max(1).values * (1 - bd)
            # MSE over the full target vector, whose other entries equal q: only the taken
            # action's error counts, divided by n * 3 as Keras' mean does
            q_taken = model(bs).gather(1, ba.unsqueeze(1)).squeeze(1)
            loss = ((q_taken - y) ** 2).sum() / (n * 3)
            opt.zero_grad()
            loss.backward()
            opt.step()
            s = s2
            if done and r > 0:
                wins += 1
    train_seconds = time.perf_counter() - start

    eval_env = Catch(10, random.Random(a.seed + 10_000))
    greedy_wins = 0
    with torch.no_grad():
        for _ in range(a.eval_episodes):
            s, done = eval_env.reset(), False
            while not done:
                s, r, done = eval_env.step(int(model(torch.from_numpy(s)).argmax()))
            greedy_wins += r > 0
    print(json.dumps({"peer": "pytorch " + torch.__version__, "threads": a.threads, "episodes": a.episodes,
                      "train_seconds": train_seconds, "wins_total": wins,
                      "greedy_win_rate": greedy_wins / a.eval_episodes}))


if __name__ == "__main__":
    main()
