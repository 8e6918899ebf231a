"""Drives the probelab kernel with jupyter_client, as Jupyter's front ends do.

Run by KernelIT (mvn -B verify) with JUPYTER_PATH pointing at a kernelspec installed by
`bin/probelab kernel install --prefix DIR`. Prints one JSON line of measurements at the end
and exits non-zero on the first failed check.
"""
import json
import os
import queue
import signal
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 120
checks = []


def check(cond, what, detail=""):
    checks.append(what)
    if not cond:
        print(f"FAIL: {what} {detail}", flush=True)
        try:
            km.shutdown_kernel(now=True)
        finally:
            os._exit(1)
    print(f"ok: {what}")


def run(kc, code, timeout=TIMEOUT):
    """Executes code; returns (reply content, iopub messages of this request)."""
    msgs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=msgs.append, allow_stdin=False)
    return reply["content"], msgs


def ask(send, *args):
    """Sends a shell request and returns its reply's content (works on jupyter_client 7 and 8)."""
    msg_id = send(*args)
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def of_type(msgs, kind):
    return [m for m in msgs if m["msg_type"] == kind]


def result_text(msgs):
    res = of_type(msgs, "execute_result")
    return res[0]["content"]["data"].get("text/plain") if res else None


t0 = time.monotonic()
km = KernelManager(kernel_name="probelab")
kc = None


def fail_hard(kind, value, tb):
    """Any unexpected exception: print it, stop the kernel, exit 1 (never leave a JVM behind)."""
    sys.__excepthook__(kind, value, tb)
    print(f"FAIL: {kind.__name__}: {value}", flush=True)
    try:
        km.shutdown_kernel(now=True)
    finally:
        os._exit(1)


sys.excepthook = fail_hard
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=TIMEOUT)
content, msgs = run(kc, "1 + 1")
first_cell = time.monotonic() - t0
check(content["status"] == "ok" and result_text(msgs) == "2", "first cell evaluates", str(msgs))

info = ask(kc.kernel_info)
check(info["language_info"]["name"] == "groovy" and info["protocol_version"].startswith("5"), "kernel_info: groovy, protocol 5", str(info))

# def persistence and the readable printer
run(kc, "def x = 21 * 2")
content, msgs = run(kc, "x")
check(result_text(msgs) == "42", "a def persists between cells", str(msgs))

# completion: a DSL name, replacing what was typed
reply = ask(kc.complete, "env = catchG", 12)
check(any(m.startswith("catchGame") for m in reply["matches"]) and reply["cursor_start"] == 6 and reply["cursor_end"] == 12,
      "complete catchG -> catchGame", str(reply))
reply = ask(kc.complete, "x.intV", 6)
check(any(m.startswith("intValue") for m in reply["matches"]), "complete a variable's member", str(reply))

# is_complete: an open bracket continues, a wrong one is invalid
check(ask(kc.is_complete, "dqn(env,\n")["status"] == "incomplete", "is_complete: open bracket")
check(ask(kc.is_complete, "1 + 1")["status"] == "complete", "is_complete: complete")
check(ask(kc.is_complete, "foo(]")["status"] == "invalid", "is_complete: wrong bracket")

# inspect: :help text as the docstring
reply = ask(kc.inspect, "dqn(env)", 2)
check(reply["found"] and "options" in reply["data"]["text/plain"], "inspect dqn shows its :help", str(reply)[:300])

# :help NAME renders as a table
content, msgs = run(kc, ":help dqn")
html = of_type(msgs, "execute_result")[0]["content"]["data"].get("text/html", "")
check("<table>" in html and "gamma" in html, ":help dqn renders a table", html[:200])

# an error: one line naming type, message and the cell's line; the kernel lives on
content, msgs = run(kc, "y = 1\nnosuch + 1")
err = of_type(msgs, "error")
check(content["status"] == "error" and err, "an error replies with status error", str(content))
check(content["ename"] == "MissingPropertyException", "error names its type", content["ename"])
check("nosuch" in err[0]["content"]["traceback"][0] and "line 2" in err[0]["content"]["traceback"][0],
      "error's first line names the variable and the cell's line", err[0]["content"]["traceback"][0])

# a figure: one PNG display, no duplicate result
content, msgs = run(kc, "plot([1, 4, 9, 16, 25], title: 'squares', xlabel: 'n', ylabel: 'n²')")
pngs = [m for m in of_type(msgs, "display_data") if "image/png" in m["content"]["data"]]
check(len(pngs) == 1 and len(pngs[0]["content"]["data"]["image/png"]) > 5000, "plot shows one inline PNG",
      str([m["msg_type"] for m in msgs]))
check(not of_type(msgs, "execute_result"), "a shown figure is not repeated as the result")

# training with a live progress line: one display, updated in place; Interrupt keeps what it learned
run(kc, "env = catchGame(); agent = dqn(env, seed: 1)")
msg_id = kc.execute("run = agent.train(episodes: 1000000)")
time.sleep(6)
t_int = time.monotonic()
km.interrupt_kernel()
msgs = []
while True:
    m = kc.get_iopub_msg(timeout=TIMEOUT)
    if m["parent_header"].get("msg_id") != msg_id:
        continue
    msgs.append(m)
    if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
        break
reply = kc.get_shell_msg(timeout=TIMEOUT)
interrupt_s = time.monotonic() - t_int
check(reply["content"]["status"] == "ok", "interrupted training ends the cell without an error", str(reply["content"])[:300])
check(interrupt_s < 10, "the interrupt stops training within 10 s", f"{interrupt_s:.1f}s")
displays = of_type(msgs, "display_data")
updates = of_type(msgs, "update_display_data")
streams = "".join(m["content"]["text"] for m in of_type(msgs, "stream"))
check(len(displays) == 1 and len(updates) >= 5, "progress is one display updated in place",
      f"{len(displays)} displays, {len(updates)} updates")
check(streams.count("\n") <= 3, "training prints no more than a few lines", repr(streams[:300]))
content, msgs = run(kc, "[run.interrupted, run.episodes > 0, agent.evaluate(catchGame(), episodes: 10, seed: 5).episodes]")
check(result_text(msgs) == "[true, true, 10]", "the next cell sees the interrupted run and the trained agent", str(result_text(msgs)))

# a front end that interrupts with SIGINT (interrupt_mode "signal") stops the cell, not the JVM
msg_id = kc.execute("run2 = agent.train(episodes: 1000000)")
time.sleep(4)
pid = km.provisioner.pid if getattr(km, "provisioner", None) is not None else km.kernel.pid
def signal_state(pid):
    """The kernel process's signal masks, for a failure's message: is SIGINT (bit 2) ignored, caught, blocked?"""
    try:
        with open(f"/proc/{pid}/status") as f:
            return " ".join(l.strip() for l in f if l.startswith(("SigBlk", "SigIgn", "SigCgt")))
    except OSError as e:
        return f"no /proc status ({e})"


before = signal_state(pid)
os.kill(pid, signal.SIGINT)
while True:
    try:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
    except queue.Empty:
        check(False, "SIGINT stops the training and the kernel lives",
              f"no reply in {TIMEOUT} s; kernel alive: {km.is_alive()}; pid {pid}; before the signal: {before}; now: {signal_state(pid)}")
        raise
    if reply["parent_header"].get("msg_id") == msg_id:
        break
check(reply["content"]["status"] == "ok" and km.is_alive(), "SIGINT stops the training and the kernel lives", str(reply["content"])[:200])
content, msgs = run(kc, "run2.interrupted")
check(result_text(msgs) == "true", "the signalled run says it was interrupted", str(msgs)[:200])

check(ask(kc.comm_info)["status"] == "ok", "comm_info answered")

# restart clears state
km.restart_kernel(now=False)
kc.wait_for_ready(timeout=TIMEOUT)
content, msgs = run(kc, "x")
check(content["status"] == "error", "restart forgets variables", str(content)[:200])
content, msgs = run(kc, "catchGame().size")
check(content["status"] == "ok", "the restarted kernel evaluates", str(msgs)[:300])

kc.stop_channels()
km.shutdown_kernel(now=False)
check(not km.is_alive(), "shutdown ends the kernel")
print(json.dumps({"checks": len(checks), "first_cell_s": round(first_cell, 2), "interrupt_s": round(interrupt_s, 2)}), flush=True)
os._exit(0)  # skips pyzmq's noisy teardown at interpreter exit
