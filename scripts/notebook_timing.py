"""Times the notebook kernel: its start, and the catch demo's training in a notebook against
the same training run as a script. Rounds alternate; medians are reported.

    /usr/bin/python3 scripts/notebook_timing.py start [--rounds 5]
    /usr/bin/python3 scripts/notebook_timing.py catch [--rounds 5]

Needs Debian's jupyter-client (the python3 that has jupyter_client). Installs the kernelspec
with bin/probelab into a temporary folder of its own.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "probelab")


def kernel(code):
    """Starts the kernel, runs code, returns (seconds to ready, seconds to the result, result text)."""
    from jupyter_client.manager import KernelManager
    t0 = time.monotonic()
    km = KernelManager(kernel_name="probelab")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = time.monotonic() - t0
        out = []
        hook = lambda m: out.append(m["content"]["data"]["text/plain"]) if m["msg_type"] == "execute_result" else None
        kc.execute_interactive(code, timeout=600, output_hook=hook)
        return ready, time.monotonic() - t0, out[-1] if out else None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def script_catch(tmp, i):
    out = os.path.join(tmp, f"catch-script-{i}")
    subprocess.run([LAUNCHER, os.path.join(ROOT, "scripts", "catch_dqn.groovy"), "--out", out, "--gifEpisodes", "1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)["train_seconds"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["start", "catch"])
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="probelab-notebook-timing-")
    subprocess.run([LAUNCHER, "kernel", "install", "--prefix", tmp], check=True, stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(tmp, "share", "jupyter")
    if a.what == "start":
        ready, first = [], []
        for i in range(a.rounds):
            r, f, _ = kernel("1 + 1")
            ready.append(r)
            first.append(f)
            print(f"round {i + 1}: ready {r:.2f} s, first cell {f:.2f} s", flush=True)
        print(f"median: ready {statistics.median(ready):.2f} s, first cell {statistics.median(first):.2f} s")
    else:
        nb, sc = [], []
        code = "env = catchGame(size: 10); agent = dqn(env, seed: 1); run = agent.train(episodes: 1000); run.seconds"
        for i in range(a.rounds):
            nb.append(float(kernel(code)[2]))
            sc.append(script_catch(tmp, i))
            print(f"round {i + 1}: notebook {nb[-1]:.2f} s, script {sc[-1]:.2f} s", flush=True)
        m_nb, m_sc = statistics.median(nb), statistics.median(sc)
        paired = statistics.median(n / s for n, s in zip(nb, sc))
        print(f"median: notebook {m_nb:.2f} s, script {m_sc:.2f} s, ratio of medians {m_nb / m_sc:.2f}, "
              f"median of the rounds' ratios {paired:.2f}")
    os._exit(0)  # skips pyzmq's noisy teardown


if __name__ == "__main__":
    sys.exit(main())
