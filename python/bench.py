#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python against C on the soft device, in the same run: the submit+wait
round trip of a NOP and a 64 KiB BO map+unmap, timed here through the
accel package and by accel_bench (tests/bench, its --json output) for the
same operations, printed as ratios Python/C. Nothing is judged: times
depend on the machine and its load.

Usage: bench.py [--short] [--accel-bench PATH] [--json]
(the environment must let both find the soft provider: the build tree's
ctest environment, or an installed libaccel)
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

# python/ holds the package's sources, not the built package: import the
# one on PYTHONPATH (build/python) or the installed one
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _here]

import accel  # noqa: E402
import accel.soft as soft  # noqa: E402

BO_SIZE = 64 << 10


def median_ns(fn, samples):
    """Median time of one call, in ns, as accel_bench takes it."""
    for _ in range(samples // 10 + 1):          # warm up
        fn()
    out = []
    now = time.perf_counter_ns
    for _ in range(samples):
        t0 = now()
        fn()
        out.append(now() - t0)
    return statistics.median(out)


def python_figures(samples):
    with accel.open(driver="soft") as ctx:
        q = ctx.queue()
        cmd = ctx.bo(4096, usage=accel.Usage.COMMAND, init=soft.nop())
        bo = ctx.bo(BO_SIZE, accel.BOFlag.HOST_VISIBLE)

        def submit_wait():
            q.wait(q.submit(cmd, 0, 8))

        def map_unmap():
            bo.map().release()
            bo.unmap()
        res = {"submit+wait NOP": median_ns(submit_wait, samples),
               "bo map+unmap": median_ns(map_unmap, samples)}
        q.destroy()
    return res


def c_figures(bench, short):
    cmd = [bench, "--json", "--no-syscalls", "--no-allocs", "--targets", "soft"]
    if short:
        cmd.insert(1, "--short")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr}")
    doc = json.loads(r.stdout)
    return {x["op"]: x["libaccel"]["median_ns"] for x in doc["results"]
            if x.get("target") == "soft" and x.get("libaccel")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--short", action="store_true", help="few iterations")
    ap.add_argument("--accel-bench", default=os.environ.get("ACCEL_BENCH")
                    or shutil.which("accel_bench"))
    ap.add_argument("--json", action="store_true")
    o = ap.parse_args()
    py = python_figures(200 if o.short else 5000)
    c = c_figures(o.accel_bench, o.short) if o.accel_bench else {}
    rows = []
    for op, ns in py.items():
        cns = c.get(op)
        rows.append({"op": op, "python_ns": round(ns),
                     "c_ns": cns, "ratio": round(ns / cns, 2) if cns else None})
    if o.json:
        json.dump({"short": o.short, "results": rows}, sys.stdout, indent=1)
        print()
        return 0
    print(f"accel {accel.version()} Python bindings against C on soft0"
          f"{' (--short: rough)' if o.short else ''}")
    print(f"{'op':<18} {'Python':>10} {'C':>10} {'Python/C':>9}")
    for r in rows:
        c_s = f"{r['c_ns']:.0f} ns" if r["c_ns"] else "-"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "-"
        print(f"{r['op']:<18} {r['python_ns']:>7} ns {c_s:>10} {ratio:>9}")
    if not c:
        print("(no accel_bench: pass --accel-bench for the C figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
