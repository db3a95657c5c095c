#!/usr/bin/env python3
"""Compares two BenchmarkDotNet runs of the same suites (before and after a change), each against its own baseline.

    python3 benchmarks/scripts/compare.py BEFORE-results-dir AFTER-results-dir [--bar 0.95]
    python3 benchmarks/scripts/compare.py BEFORE1,BEFORE2 AFTER1,AFTER2 [--bar 0.95]

For every case whose suite has a raw baseline (below), prints the flow's rows/s as a ratio to that baseline in each
run, the after/before quotient of those ratios (the figure a change is judged by: absolute figures drift on a shared
machine, ratios within one run much less), and bytes per row in each run. Standard library only.

With several runs per side (comma-separated results directories, made interleaved: before, after, before, after), a
side's ratio is the geometric mean of its runs' ratios, its rows/s and bytes the mean; the per-run ratios are listed.
"""

import math
import sys

from bdn_reports import find, format_rate, read_reports

# (suite, flow method, raw baseline in the same run)
PAIRS = [
    ("CoreSubmitBenchmarks", "GeneratedFlow", "RawChannel"),
    ("CoreSubmitBenchmarks", "GeneratedFlowNewRows", "RawChannel"),
    ("SqliteEndToEndBenchmarks", "GeneratedFlow", "AdoNet"),
    ("SqliteEndToEndBenchmarks", "SinkOnly", "AdoNet"),
    ("PostgresEndToEndBenchmarks", "GeneratedFlow", "BinaryImporter"),
    ("PostgresEndToEndBenchmarks", "GeneratedFlowIgnore", "BinaryImporter"),
]


def quotient_text(quotient, bar):
    """Two decimals, or three when two would round a miss up to the bar (0.945 against 0.95 prints 0.945, not 0.95)."""
    two = f"{quotient:.2f}"
    return f"{quotient:.3f}" if (float(two) >= bar) != (quotient >= bar) else two


def bytes_text(value):
    return "n/a" if value is None else f"{value:,.0f} B"


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    bar = float(sys.argv[sys.argv.index("--bar") + 1]) if "--bar" in sys.argv else 0.95
    if len(args) != 2:
        print(__doc__)
        return 2
    before = [read_reports(d) for d in args[0].split(",")]
    after = [read_reports(d) for d in args[1].split(",")]
    several = len(before) > 1 or len(after) > 1
    runs = " (runs)" if several else ""
    print(f"| suite | case | flow / baseline before{runs} | after{runs} | after ÷ before | bytes/row before → after | ≥ bar |")
    print("|---|---|---:|---:|---:|---|---|")
    all_met = True
    # With several runs per side, each side's per-run ratios follow its mean.
    listed = (lambda each: f" [{', '.join(f'{r:.2f}' for r in each)}]") if several else (lambda each: "")
    for suite, method, baseline in PAIRS:
        for subject in [r for r in before[0] if r.suite == suite and r.method == method]:
            sides = [side_figures(side, suite, method, baseline, subject.params) for side in (before, after)]
            if None in sides:
                continue
            (ratio_before, each_before, rate_before, bytes_before, _), (ratio_after, each_after, rate_after, bytes_after, _) = sides
            quotient = ratio_after / ratio_before
            met = quotient >= bar
            all_met &= met
            print(f"| {suite} | {method} {subject.case} | {ratio_before:.2f} × ({format_rate(rate_before)}){listed(each_before)} "
                  f"| {ratio_after:.2f} × ({format_rate(rate_after)}){listed(each_after)} | {quotient_text(quotient, bar)} "
                  f"| {bytes_text(bytes_before)} → {bytes_text(bytes_after)} | {'yes' if met else 'no'} |")
    return 0 if all_met else 1


def side_figures(side, suite, method, baseline, params):
    """(geometric-mean ratio, per-run ratios, mean rows/s, mean bytes/row, per-run rows/s) of one side's runs, or None if a
    run lacks the case."""
    ratios, rates, sizes = [], [], []
    for results in side:
        flow, reference = find(results, suite, method, **params), find(results, suite, baseline, **params)
        if flow is None or reference is None:
            return None
        ratios.append(flow.rows_per_second / reference.rows_per_second)
        rates.append(flow.rows_per_second)
        sizes.append(flow.bytes_per_row)
    mean_bytes = None if None in sizes else sum(sizes) / len(sizes)
    return math.exp(sum(math.log(r) for r in ratios) / len(ratios)), ratios, sum(rates) / len(rates), mean_bytes, rates


if __name__ == "__main__":
    sys.exit(main())
