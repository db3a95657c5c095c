#!/usr/bin/env python3
"""Reads the CSV files of benchmarks/BatchFlow.Generated.InterleavedPair (one per process) and prints, per case, the
flow's ratio to its baseline after ÷ before, and the flow's own rows/s after ÷ before, each with a 90 % interval.

    python3 benchmarks/scripts/interleaved.py --baseline RawChannel CSV [CSV ...] [--bar 0.95] [--unit process]

In one round every case of both builds ran once, within a fraction of a second, so a round's quotient
(after flow/baseline ÷ before flow/baseline, in rows/s) sees the same machine on both sides. Rounds that ran close
together are still alike, so the interval is by batch means: each process's rounds are cut into 20 consecutive
blocks, and Student's t runs over the mean log quotients of all blocks of all files given. Per file and pooled.
A bar is met when the interval's lower end is at or above it, missed when its upper end is below it, and otherwise
not decided.

--unit process makes the process the unit instead (pair 14): each build's code is compiled once per process, into
its own load context, so a process can carry a fixed bias that no block of its rounds sees. Each file then gives one
figure, the mean log quotient over all its rounds, and the pooled interval is Student's t over the files (at least
two). Per-file rows still show that file's batch-means interval. Standard library only.
"""

import argparse
import csv
import math
import statistics
import sys
from collections import defaultdict

from runs_needed import t_quantile

BLOCKS = 20


def read(path):
    """{(build, method): [ns per op by round]} of one process."""
    times = defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            times[(row["build"], row["method"])][int(row["round"])] = float(row["ns_per_op"])
    return {key: [by_round[r] for r in sorted(by_round)] for key, by_round in times.items()}


def block_means(quotients):
    size = len(quotients) // BLOCKS
    return [statistics.fmean(math.log(q) for q in quotients[b * size:(b + 1) * size]) for b in range(BLOCKS)]


def interval(means):
    centre = statistics.fmean(means)
    half = t_quantile(0.95, len(means) - 1) * statistics.stdev(means) / math.sqrt(len(means))
    return math.exp(centre), math.exp(centre - half), math.exp(centre + half)


def verdict(low, high, bar):
    return "met" if low >= bar else "missed" if high < bar else "not decided"


def main() -> int:
    parser = argparse.ArgumentParser(description="Quotients and intervals from interleaved before/after runs.")
    parser.add_argument("files", nargs="+", metavar="CSV")
    parser.add_argument("--baseline", required=True, metavar="METHOD")
    parser.add_argument("--bar", type=float, default=0.95)
    parser.add_argument("--unit", choices=["blocks", "process"], default="blocks",
                        help="what the pooled interval treats as one observation (default: blocks)")
    options = parser.parse_args()
    processes = [(path, read(path)) for path in options.files]
    methods = sorted({m for _, t in processes for (_, m) in t if m != options.baseline})
    print(f"| case | process | rounds | (flow / {options.baseline}) after ÷ before | 90 % interval | ≥ {options.bar} "
          f"| flow rows/s after ÷ before | 90 % interval |")
    print("|---|---|---:|---:|---|---|---:|---|")
    for method in methods:
        pooled_ratio, pooled_absolute, rounds = [], [], 0
        for path, t in processes:
            base_b, base_a = t[("before", options.baseline)], t[("after", options.baseline)]
            flow_b, flow_a = t[("before", method)], t[("after", method)]
            ratio = [ba / fa / (bb / fb) for bb, ba, fb, fa in zip(base_b, base_a, flow_b, flow_a)]
            absolute = [fb / fa for fb, fa in zip(flow_b, flow_a)]
            r_means, a_means = block_means(ratio), block_means(absolute)
            if options.unit == "process":
                pooled_ratio.append(statistics.fmean(math.log(q) for q in ratio))
                pooled_absolute.append(statistics.fmean(math.log(q) for q in absolute))
            else:
                pooled_ratio += r_means
                pooled_absolute += a_means
            rounds += len(ratio)
            print(line(method, path, len(ratio), r_means, a_means, options.bar))
        if len(processes) > 1:
            label = f"pooled, {len(processes)} processes as units" if options.unit == "process" else "pooled"
            print(line(method, label, rounds, pooled_ratio, pooled_absolute, options.bar))
    return 0


def line(method, label, rounds, ratio_means, absolute_means, bar):
    q, low, high = interval(ratio_means)
    a, a_low, a_high = interval(absolute_means)
    return (f"| {method} | {label} | {rounds} | {q:.3f} | {low:.3f}–{high:.3f} | {verdict(low, high, bar)} "
            f"| {a:.3f} | {a_low:.3f}–{a_high:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
