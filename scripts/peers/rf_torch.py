#!/usr/bin/python3
"""Peer for scripts/bench_analysis.groovy: spike-triggered average of white noise through the
3-layer Lindsey encoder (kernel 7, ELU; 3→16 stride 2, 16→4, 4→16) in PyTorch, as the seed's
code does it: whole 72×128 N(0,1) frames, the central output unit of layer 3, crops of radius
13 weighted by its response. Prints one JSON line with the time.
Run: /usr/bin/python3 scripts/peers/rf_torch.py --samples 25000 --threads 2
"""
import argparse, json, time
import torch
from torch import nn

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=25000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    enc = nn.Sequential(nn.Conv2d(3, 16, 7, stride=2), nn.ELU(), nn.Conv2d(16, 4, 7), nn.ELU(), nn.Conv2d(4, 16, 7), nn.ELU())
    radius, h, w = 13, 72, 128
    t0 = time.time()
    sta = torch.zeros(16, 3, 2 * radius + 1, 2 * radius + 1)
    with torch.no_grad():
        done = 0
        while done < a.samples:
            b = min(a.batch, a.samples - done)
            noise = torch.randn(b, 3, h, w)
            out = enc(noise)
            cy, cx = (out.shape[2] - 1) // 2, (out.shape[3] - 1) // 2
            iy, ix = 15 + 2 * cy, 15 + 2 * cx  # centre of that unit's 31-pixel field
            r = out[:, :, cy, cx]
            crop = noise[:, :, iy - radius:iy + radius + 1, ix - radius:ix + radius + 1]
            sta += torch.einsum("bf,bchw->fchw", r, crop)
            done += b
    sta /= a.samples
    print(json.dumps({"peer": "pytorch " + torch.__version__, "samples": a.samples, "seconds": time.time() - t0}))

if __name__ == "__main__":
    main()
