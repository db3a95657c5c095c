#!/usr/bin/env python3
"""Per-process medians from BenchmarkDotNet logs: one line per benchmark case and launch (process).

    python3 benchmarks/scripts/processes.py LOG [LOG ...] [--baseline METHOD] [--match TEXT] [--across] [--blocks N]

A report's mean mixes every launch of a case, and a suite's ratio compares processes that ran minutes apart. This
prints, for each process, the median time per operation of its measured iterations (`WorkloadActual`) and, with
--baseline, the baseline's median divided by the case's median (rows/s as a multiple of the baseline's, the same
sense as compare.py) against the baseline's first process in the same log. A process that ran slow all through shows
as one low ratio among high ones. Logs may be gzipped. --match keeps the cases whose name contains TEXT. --across
adds, per case, the median and the range of its processes' medians over all the logs given (one side of a pair).
--blocks N adds, under each process, the medians of its consecutive N-iteration blocks in the order they ran, so that a
process that changed speed part-way shows where. Standard library only.
"""

import argparse
import re
import statistics
import sys

from textfiles import open_text

BENCHMARK = re.compile(r"^// Benchmark: (\S+?): .* (\[.*\])\s*$")
LAUNCH = re.compile(r"^// Launch: (\d+) / \d+")
ACTUAL = re.compile(r"^WorkloadActual\s+\d+: .*?, ([\d.]+) (ns|us|μs|ms|s)/op")
UNITS = {"ns": 1.0, "us": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9}


def processes(path):
    """Yields (case, parameters, launch, [ns per op]) for each process in the log, in the order they ran."""
    case = params = None
    launch = 1
    times = []
    with open_text(path, errors="replace") as log:
        for line in log:
            if m := BENCHMARK.match(line):
                if times:
                    yield case, params, launch, times
                case, params, launch, times = m.group(1), m.group(2), 1, []
            elif m := LAUNCH.match(line):
                if times:
                    yield case, params, launch, times
                launch, times = int(m.group(1)), []
            elif (m := ACTUAL.match(line)) and case:
                times.append(float(m.group(1)) * UNITS[m.group(2)])
    if times:
        yield case, params, launch, times


def main() -> int:
    parser = argparse.ArgumentParser(description="Per-process medians from BenchmarkDotNet logs.")
    parser.add_argument("logs", nargs="+", metavar="LOG", help="a BenchmarkDotNet log, plain or gzipped")
    parser.add_argument("--baseline", metavar="METHOD", help="print each case's median as a multiple of this method's")
    parser.add_argument("--match", metavar="TEXT", help="only the cases whose name contains TEXT")
    parser.add_argument("--across", action="store_true", help="also the median and range of each case's process medians over all logs")
    parser.add_argument("--blocks", type=int, metavar="N", help="also the medians of each process's consecutive N-iteration blocks")
    options = parser.parse_args()
    medians = {}
    for path in options.logs:
        print(f"== {path}")
        rows = list(processes(path))
        base = {}
        for case, params, _, times in rows:
            if options.baseline and case.endswith("." + options.baseline) and params not in base:
                base[params] = statistics.median(times)
        for case, params, launch, times in rows:
            if options.match and options.match not in case:
                continue
            median = statistics.median(times)
            medians.setdefault((case, params), []).append(median)
            ratio = f"  {base[params] / median:.2f} × baseline" if params in base else ""
            print(f"{case} {params} launch {launch}: median {median / 1000:.3f} us/op over {len(times)} iterations{ratio}")
            if options.blocks:
                blocks = [times[i:i + options.blocks] for i in range(0, len(times), options.blocks)]
                print(f"    blocks of {options.blocks}: " + " ".join(f"{statistics.median(b) / 1000:.3f}" for b in blocks))
    if options.across:
        print(f"== across {len(options.logs)} logs")
        for (case, params), each in medians.items():
            print(f"{case} {params}: median {statistics.median(each) / 1000:.3f} us/op "
                  f"({min(each) / 1000:.3f}–{max(each) / 1000:.3f}) over {len(each)} processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
