#!/usr/bin/python3
"""Peer for scripts/bench_retina.groovy: the retinal agent's network (Lindsey encoder: conv 7×7
3→C stride 2, C→B, B→C, ELU; flatten → 64 ELU → GRU 64 → 6 logits + value) and the same PPO
update as probelab's rl/Ppo.java (8 environments × 32 steps, GAE, 4 epochs × 4 minibatches split
by environment, BPTT through each rollout from its first hidden state, clip 0.2, entropy 0.01,
value 0.5, global norm 0.5, Adam 3e-4) on frames of uniform noise with random rewards, so that
only the learner's work is timed. Prints one JSON line with frames per second.
Run: /usr/bin/python3 scripts/peers/retina_ppo_torch.py --height 36 --width 64 --frames 4096 --threads 2
"""
import argparse, json, time
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, h, w, c=16, b=4):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv2d(3, c, 7, stride=2), nn.ELU(), nn.Conv2d(c, b, 7), nn.ELU(), nn.Conv2d(b, c, 7), nn.ELU(), nn.Flatten())
        with torch.no_grad():
            flat = self.enc(torch.zeros(1, 3, h, w)).shape[1]
        self.fc = nn.Sequential(nn.Linear(flat, 64), nn.ELU())
        self.gru = nn.GRUCell(64, 64)
        self.head = nn.Linear(64, 7)

    def forward(self, frames, h0, reset):  # frames [T, E, 3, H, W], reset [T, E]
        T, E = frames.shape[:2]
        x = self.fc(self.enc(frames.reshape(T * E, *frames.shape[2:]))).reshape(T, E, -1)
        h, outs = h0, []
        for t in range(T):
            h = self.gru(x[t], h * (1 - reset[t]).unsqueeze(1))
            outs.append(self.head(h))
        return torch.stack(outs), h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--height", type=int, default=36)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--frames", type=int, default=4096)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    E, T, epochs, mbs = 8, 32, 4, 4
    net = Net(a.height, a.width)
    opt = torch.optim.Adam(net.parameters(), lr=3e-4, eps=1e-5)
    h = torch.zeros(E, 64)
    done = 0
    t0 = None
    while done < a.frames + T * E:  # the first update is warm-up, not timed
        if done == T * E:
            t0 = time.time()
        frames = torch.rand(T, E, 3, a.height, a.width)
        reset = torch.zeros(T, E)
        acts_t, acts_m, logps, values = [], [], [], []
        h0 = h.clone()
        with torch.no_grad():
            for t in range(T):
                out, h = net(frames[t:t + 1], h, reset[t:t + 1])
                out = out[0]
                dt, dm = torch.distributions.Categorical(logits=out[:, :3]), torch.distributions.Categorical(logits=out[:, 3:6])
                at, am = dt.sample(), dm.sample()
                acts_t.append(at); acts_m.append(am)
                logps.append(dt.log_prob(at) + dm.log_prob(am)); values.append(out[:, 6])
            boot = net(frames[-1:], h, reset[-1:])[0][0][:, 6]
        at, am, logp, value = torch.stack(acts_t), torch.stack(acts_m), torch.stack(logps), torch.stack(values)
        reward = (torch.rand(T, E) < 0.05).float()
        adv = torch.zeros(T, E); gae = torch.zeros(E); nxt = boot
        for t in reversed(range(T)):
            delta = reward[t] + 0.99 * nxt - value[t]
            gae = delta + 0.99 * 0.95 * gae
            adv[t] = gae; nxt = value[t]
        ret = adv + value
        for _ in range(epochs):
            order = torch.randperm(E)
            for k in range(mbs):
                idx = order[k * E // mbs:(k + 1) * E // mbs]
                out, _ = net(frames[:, idx], h0[idx], reset[:, idx])
                dt, dm = torch.distributions.Categorical(logits=out[..., :3]), torch.distributions.Categorical(logits=out[..., 3:6])
                newlogp = dt.log_prob(at[:, idx]) + dm.log_prob(am[:, idx])
                ratio = (newlogp - logp[:, idx]).exp()
                A = adv[:, idx]; A = (A - A.mean()) / (A.std() + 1e-8)
                pg = torch.max(-A * ratio, -A * ratio.clamp(0.8, 1.2)).mean()
                vloss = 0.5 * ((out[..., 6] - ret[:, idx]) ** 2).mean()
                ent = (dt.entropy() + dm.entropy()).mean()
                loss = pg + 0.5 * vloss - 0.01 * ent
                opt.zero_grad(); loss.backward()
                nn.utils.clip_grad_norm_(net.parameters(), 0.5)
                opt.step()
        done += T * E
    secs = time.time() - t0
    print(json.dumps({"peer": "pytorch " + torch.__version__, "frames": a.frames, "seconds": secs, "frames_per_second": a.frames / secs,
                      "height": a.height, "width": a.width}))


if __name__ == "__main__":
    main()
