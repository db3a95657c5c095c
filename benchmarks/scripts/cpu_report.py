#!/usr/bin/env python3
"""Per benchmark process, where the CPU went: reads what sample_cpu.py wrote.

For each BenchmarkDotNet benchmark process, in the order they ran: its benchmark, how long it lived, and for each
group of its threads (the main thread, thread-pool workers, the tiered-compilation worker, the rest) the CPU it used
and the time it waited for a CPU, in milliseconds per second of the process's life. Then, over the same seconds, the
same for the PostgreSQL server's processes, grouped as client backends (any "batchflow" connection) and each
auxiliary process (checkpointer, WAL writer, …). A process that did more work for the same rows, or waited longer
for a CPU, shows here; processes.py gives each one's speed.

usage: cpu_report.py SAMPLES.jsonl[.gz] [--match TEXT]
"""
import argparse
import collections
import json
import re
import sys

from textfiles import open_text


def group_of_thread(name):
    if name == "dotnet" or not name.startswith(".NET"):
        return "main"
    if name.startswith(".NET TP Worker"):
        return "tp-worker"
    if name.startswith(".NET Tiered"):
        return "tiering"
    return "other"


def group_of_postgres(label):
    if "batchflow" in label:
        return "pg-backends"
    match = re.match(r"postgres: [^:]+: (.*)", label)
    return "pg-" + (match.group(1).split()[0] if match else "postmaster")


def load(path):
    samples = collections.defaultdict(list)
    with open_text(path) as f:
        for line in f:
            s = json.loads(line)
            samples[s["pid"]].append(s)
    return samples


def deltas(first, last, group_of):
    """{group: [cpu_ns, wait_ns]} between two samples of one process (threads present in both)."""
    before = {t[0]: t for t in first["threads"]}
    out = collections.defaultdict(lambda: [0, 0])
    for tid, name, cpu, wait in last["threads"]:
        old = before.get(tid, (tid, name, 0, 0))
        g = group_of(name)
        out[g][0] += cpu - old[2]
        out[g][1] += wait - old[3]
    return out


def window(series, start, end):
    """The first and last sample of series inside [start, end], or None."""
    inside = [s for s in series if start <= s["t"] <= end]
    return (inside[0], inside[-1]) if len(inside) >= 2 else None


def ms_per_second(ns, seconds):
    return ns / 1e6 / seconds


def part(group, cpu, wait, seconds):
    """One group's "CPU/wait" in ms per second of the benchmark process's life."""
    return f"{group} {ms_per_second(cpu, seconds):.0f}/{ms_per_second(wait, seconds):.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples")
    parser.add_argument("--match", default="", help="only benchmark processes whose name contains this")
    options = parser.parse_args()
    samples = load(options.samples)
    benches = sorted((s for s in samples.values() if s[0]["kind"] == "bench" and options.match in s[0]["label"]),
                     key=lambda s: s[0]["t"])
    postgres = [s for s in samples.values() if s[0]["kind"] == "postgres"]
    for series in benches:
        start, end = series[0]["t"], series[-1]["t"]
        seconds = end - start
        if seconds <= 0:
            continue
        own = deltas(series[0], series[-1], group_of_thread)
        server = collections.defaultdict(lambda: [0, 0])
        for pg in postgres:
            w = window(pg, start, end)
            if w is None:
                continue
            for g, (cpu, wait) in deltas(w[0], w[1], lambda _name, label=pg[0]["label"]: group_of_postgres(label)).items():
                server[g][0] += cpu
                server[g][1] += wait
        parts = [part(g, cpu, wait, seconds) for g, (cpu, wait) in sorted(own.items())]
        parts += [part(g, cpu, wait, seconds) for g, (cpu, wait) in sorted(server.items(), key=lambda kv: -kv[1][0])
                  if ms_per_second(cpu, seconds) >= 1]
        print(f"{series[0]['pid']} {series[0]['label']} {seconds:.0f} s: " + ", ".join(parts))
    print("(per group: CPU used / time waiting for a CPU, in ms per second of the benchmark process's life)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
