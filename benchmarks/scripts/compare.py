#!/usr/bin/env python3
"""Compares two BenchmarkDotNet runs of the same suites (before and after a change), each against its own baseline.

    python3 benchmarks/scripts/compare.py BEFORE-results-dir AFTER-results-dir [--bar 0.95]

For every case whose suite has a raw baseline (below), prints the flow's rows/s as a ratio to that baseline in each
run, the after/before quotient of those ratios (the figure a change is judged by: absolute figures drift on a shared
machine, ratios within one run much less), and bytes per row in each run. Standard library only.
"""

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


def bytes_text(value):
    return "n/a" if value is None else f"{value:,.0f} B"


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    bar = float(sys.argv[sys.argv.index("--bar") + 1]) if "--bar" in sys.argv else 0.95
    if len(args) != 2:
        print(__doc__)
        return 2
    before, after = read_reports(args[0]), read_reports(args[1])
    print("| suite | case | flow / baseline before | after | after ÷ before | bytes/row before → after | ≥ bar |")
    print("|---|---|---:|---:|---:|---|---|")
    all_met = True
    for suite, method, baseline in PAIRS:
        for subject in [r for r in before if r.suite == suite and r.method == method]:
            params = subject.params
            ref_before = find(before, suite, baseline, **params)
            now = find(after, suite, method, **params)
            ref_after = find(after, suite, baseline, **params)
            if None in (ref_before, now, ref_after):
                continue
            ratio_before = subject.rows_per_second / ref_before.rows_per_second
            ratio_after = now.rows_per_second / ref_after.rows_per_second
            quotient = ratio_after / ratio_before
            met = quotient >= bar
            all_met &= met
            print(f"| {suite} | {method} {subject.case} | {ratio_before:.2f} × ({format_rate(subject.rows_per_second)}) "
                  f"| {ratio_after:.2f} × ({format_rate(now.rows_per_second)}) | {quotient:.2f} "
                  f"| {bytes_text(subject.bytes_per_row)} → {bytes_text(now.bytes_per_row)} | {'yes' if met else 'no'} |")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
