#!/usr/bin/env python3
"""Writes Sources/drawbridge/drawbridge.order: the functions `drawbridge controller` runs, in the
order lld is to lay them out first in the release binary (Package.swift: --symbol-ordering-file).

Why: the kernel maps 64 KB of a binary around every page it faults in, and the controller's paths
touch almost every 64 KB window of a 34 MB .text, so nearly all of it stayed resident. Laid out
together, the code the controller runs is a few contiguous megabytes (docs/benchmarks.md).

How: the release binary (debug info stripped, which valgrind cannot read) runs as the controller
under valgrind's callgrind against `drawbridge emulator` (the bench-wire setup), until ready with
--scale grants, then through a small lifecycle (the peer driver: create, approve, expire) and a
metrics scrape; on SIGTERM callgrind writes every function that ran. Functions the run missed keep
their place and work as before; a stale file only lays out less well. Re-run after large changes:

    scripts/link-order [--scale 2000]

Needs valgrind (apt-get install valgrind), Python 3, and what bench-wire needs.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_wire  # noqa: E402

ROOT = bench_wire.ROOT
ORDER = os.path.join(ROOT, "Sources", "drawbridge", "drawbridge.order")


def functions(callgrind_out):
    """The mangled names callgrind recorded (`fn=`/`cfn=` lines), without its recursion suffixes."""
    names = set()
    with open(callgrind_out) as f:
        for line in f:
            if not line.startswith(("fn=", "cfn=")):
                continue
            name = line.split("=", 1)[1].strip()
            if name.startswith("("):  # "(12) name" defines an id; "(12)" alone refers to one
                _, _, name = name.partition(") ")
            if not name:
                continue
            base, sep, depth = name.rpartition("'")
            names.add(base if sep and depth.isdigit() else name)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the release drawbridge binary")
    parser.add_argument("--scale", type=int, default=2000, help="grants in place when the controller starts")
    args = parser.parse_args()
    if subprocess.run(["which", "valgrind"], capture_output=True).returncode != 0:
        raise SystemExit("link-order: needs valgrind (apt-get install valgrind)")
    workdir = tempfile.mkdtemp(prefix="link-order-")
    stripped = os.path.join(workdir, "drawbridge")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, args.binary], check=True)
    out = os.path.join(workdir, "callgrind.out")
    dbg = bench_wire.Drawbridge(stripped, workdir)
    try:
        bench_wire.fill(dbg, args.scale, int(time.time()) + 3600, timeout=1800)
        dbg.stop_controller()
        dbg.wrapper = ["valgrind", "--tool=callgrind", "--dump-instr=no", "--compress-strings=no", "--demangle=no",
                       f"--callgrind-out-file={out}"]
        bench_wire.log("starting the controller under callgrind (slow)")
        dbg.start_controller()
        lifecycle = argparse.Namespace(n=5)
        bench_wire.run_driver(dbg.cluster, lifecycle, ["--context", "alice", "--approver-context", "bob",
                                                       "--observer-context", "admin"])
        urllib.request.urlopen(f"http://127.0.0.1:{dbg.metrics}/metrics", timeout=60).read()
        dbg.controller.stop(timeout=300)  # SIGTERM: callgrind writes its output as the process exits
        dbg.controller = None
    finally:
        dbg.stop()
    names = sorted(functions(out))
    if len(names) < 1000:
        raise SystemExit(f"link-order: only {len(names)} functions recorded; see {workdir}")
    with open(ORDER, "w") as f:
        f.write("".join(name + "\n" for name in names))
    bench_wire.log(f"wrote {len(names)} functions to {os.path.relpath(ORDER, ROOT)}")


if __name__ == "__main__":
    main()
