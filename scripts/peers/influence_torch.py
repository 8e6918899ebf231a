#!/usr/bin/python3
"""Peer for scripts/bench_influence.groovy: Koh & Liang influence of 10,000 training images on one
test image for the same small CNN (conv 5×5 16 → max-pool 2 → conv 5×5 32 → max-pool 2 → dense 64
ReLU → 10), trained one epoch with Adam, in PyTorch, with the same method as probelab:
LiSSA h ← g + (1 − 0)·h − (H h + λh)/scale over fresh minibatches, exact Hessian-vector products by
double backward; then ∇ℓ_z·s for every training image, timed three ways — a backward pass per
image (the usual way), the directional derivative by two float64 forward passes, and by
forward-mode AD (torch.autograd.forward_ad, dual parameters, batches of 500: probelab's way);
the fastest counts. Prints one JSON line.
Run: /usr/bin/python3 scripts/peers/influence_torch.py --data DIR --threads 2
"""
import argparse, json, os, time
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F
import torch.autograd.forward_ad as fwAD
from torch.nn.utils import stateless


def net():
    return nn.Sequential(nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(512, 64), nn.ReLU(), nn.Linear(64, 10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder with train_x.f32, train_y.u8, test_x.f32, test_y.u8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--depth", type=int, default=100)
    ap.add_argument("--hvp-batch", type=int, default=100)
    ap.add_argument("--damping", type=float, default=0.01)
    ap.add_argument("--scale", type=float, default=500.0)
    ap.add_argument("--tests", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    load = lambda name, dt: np.fromfile(os.path.join(a.data, name), dtype=dt)
    x = torch.from_numpy(load("train_x.f32", "<f4").copy()).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(load("train_y.u8", np.uint8).astype(np.int64))
    tx = torch.from_numpy(load("test_x.f32", "<f4").copy()).reshape(-1, 1, 28, 28)
    ty = torch.from_numpy(load("test_y.u8", np.uint8).astype(np.int64))
    n = len(y)
    model = net()
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    perm = torch.randperm(n)
    for i in range(0, n, 64):
        b = perm[i:i + 64]
        opt.zero_grad()
        F.cross_entropy(model(x[b]), y[b]).backward()
        opt.step()
    params = list(model.parameters())
    flat = lambda ts: torch.cat([t.reshape(-1) for t in ts])

    def hvp(v, b):
        loss = F.cross_entropy(model(x[b]), y[b])
        g = torch.autograd.grad(loss, params, create_graph=True)
        hv = torch.autograd.grad(torch.dot(flat(g), v), params)
        return flat(hv).detach() + a.damping * v

    # untimed: H's largest eigenvalue on one 100-image sample by power iteration, to check the scale
    gen = torch.Generator().manual_seed(1)
    sample = torch.randperm(n, generator=gen)[:a.hvp_batch]
    v = torch.randn(sum(p.numel() for p in params), generator=gen)
    for _ in range(30):
        v = v / v.norm()
        hv = hvp(v, sample)
        lmax = torch.dot(v, hv).item()
        v = hv
    solve, per_example, directional, forward_mode = [], [], [], []
    model64 = net().double()
    model64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    x64 = x.double()
    for t in range(a.tests):
        t0 = time.time()
        g = flat(torch.autograd.grad(F.cross_entropy(model(tx[t:t + 1]), ty[t:t + 1]), params)).detach()
        h = g.clone()
        for _ in range(a.depth):
            b = torch.randperm(n, generator=gen)[:a.hvp_batch]
            h = g + h - hvp(h, b) / a.scale
        s = h / a.scale
        t1 = time.time()
        dots = torch.empty(n)
        for i in range(n):
            gi = torch.autograd.grad(F.cross_entropy(model(x[i:i + 1]), y[i:i + 1]), params)
            dots[i] = torch.dot(flat(gi), s)
        t2 = time.time()
        # the directional derivative of every training loss along s, by two float64 forward passes
        eps = 1e-5 / s.abs().max().item()
        with torch.no_grad():
            base = [p.detach().clone() for p in model64.parameters()]
            def losses(sign):
                k = 0
                for p, p0 in zip(model64.parameters(), base):
                    m = p.numel()
                    p.copy_(p0 + sign * eps * s[k:k + m].double().reshape(p.shape))
                    k += m
                out = torch.cat([F.cross_entropy(model64(x64[i:i + 500]), y[i:i + 500], reduction="none") for i in range(0, n, 500)])
                return out
            fd = (losses(1) - losses(-1)) / (2 * eps)
            for p, p0 in zip(model64.parameters(), base):
                p.copy_(p0)
        t3 = time.time()
        # exact directional derivatives by forward-mode AD: the parameters carry s as their tangent
        try:
            with torch.no_grad(), fwAD.dual_level():
                duals, k = {}, 0
                for name, p in model.named_parameters():
                    duals[name] = fwAD.make_dual(p.detach(), s[k:k + p.numel()].reshape(p.shape))
                    k += p.numel()
                jvp = torch.cat([fwAD.unpack_dual(F.cross_entropy(stateless.functional_call(model, duals, (x[i:i + 500],)), y[i:i + 500],
                                                                   reduction="none")).tangent for i in range(0, n, 500)])
            forward_mode.append(time.time() - t3)
            jvp_agree = float(np.corrcoef(dots.numpy(), jvp.numpy())[0, 1])
        except (RuntimeError, NotImplementedError) as e:  # an op without a forward-AD formula in this version
            forward_mode.append(float("inf"))
            jvp_agree = str(e).splitlines()[0]
        solve.append(t1 - t0)
        per_example.append(t2 - t1)
        directional.append(t3 - t2)
        agree = float(np.corrcoef(dots.numpy(), fd.float().numpy())[0, 1])
    mean = lambda v: sum(v) / len(v)
    fm = mean(forward_mode)
    print(json.dumps({"peer": "pytorch " + torch.__version__, "train": n, "solve_seconds": mean(solve),
                      "per_example_seconds": mean(per_example), "directional_seconds": mean(directional),
                      "forward_mode_seconds": fm if fm != float("inf") else None,
                      "seconds_per_test_point": mean(solve) + min(mean(per_example), mean(directional), fm),
                      "directional_vs_backprop_pearson": agree, "forward_mode_vs_backprop_pearson": jvp_agree,
                      "largest_eigenvalue": lmax}))


if __name__ == "__main__":
    main()
