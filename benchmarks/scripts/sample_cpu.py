#!/usr/bin/env python3
"""Samples, from /proc, where the CPU goes while a benchmark run is under way (issue 9's probe).

Every INTERVAL seconds it reads, for each BenchmarkDotNet benchmark process (a process whose command line holds
--benchmarkName) and each PostgreSQL process, every thread's name, CPU time and time spent waiting for a CPU
(/proc/PID/task/TID/schedstat: on-CPU ns, run-queue wait ns). It writes one JSON line per sample and process, so
that benchmarks/scripts/cpu_report.py can say, per benchmark process, how much CPU each group of its threads used,
how long they waited for a CPU, and what the server's processes did meanwhile. Reading /proc costs well under 1 % of
one core at the default interval; nothing is attached to the processes it watches.

usage: sample_cpu.py OUT.jsonl [--interval 0.5] [--until-file PATH]
"""
import argparse
import json
import os
import sys
import time


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def threads(pid):
    """[(tid, name, on_cpu_ns, wait_ns)] for every thread of pid, or None when it is gone."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    out = []
    for tid in tids:
        comm = read(f"/proc/{pid}/task/{tid}/comm")
        sched = read(f"/proc/{pid}/task/{tid}/schedstat")
        if comm is None or sched is None:
            continue
        on_cpu, wait, _ = sched.split()
        out.append((tid, comm.decode(errors="replace").strip(), int(on_cpu), int(wait)))
    return out


def watched():
    """{pid: (kind, label)} for benchmark and PostgreSQL processes."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        raw = read(f"/proc/{entry}/cmdline")
        if not raw:
            continue
        args = raw.decode(errors="replace").split("\0")
        if "--benchmarkName" in args:
            found[int(entry)] = ("bench", args[args.index("--benchmarkName") + 1])
        elif args[0].startswith("postgres"):
            # The backend's ps display: "postgres: 15/main: user db host(port) COPY", or the auxiliary's role.
            found[int(entry)] = ("postgres", " ".join(a for a in args if a))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--until-file", help="stop when this file exists")
    options = parser.parse_args()
    with open(options.out, "a", encoding="utf-8") as out:
        while not (options.until_file and os.path.exists(options.until_file)):
            now = time.time()
            for pid, (kind, label) in watched().items():
                ts = threads(pid)
                if ts is None:
                    continue
                out.write(json.dumps({"t": round(now, 3), "pid": pid, "kind": kind, "label": label,
                                      "threads": ts}) + "\n")
            out.flush()
            time.sleep(max(0.0, options.interval - (time.time() - now)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
