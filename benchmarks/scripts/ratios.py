#!/usr/bin/env python3
"""Prints the issue's targets as ratios computed from one BenchmarkDotNet run's CSV reports.

    python3 benchmarks/scripts/ratios.py [results-dir]     (default: BenchmarkDotNet.Artifacts/results)

Every figure comes from the same run, so the ratios hold even though absolute figures drift on a shared machine.
Prints markdown: every measured case (rows/s, bytes/row), then one line per target with its verdict.
"""

import sys

from bdn_reports import DEFAULT_RESULTS, Result, find, format_rate, read_reports

CORE = "CoreSubmitBenchmarks"
ALLOCATION = "CoreAllocationBenchmarks"
SQLITE = "SqliteEndToEndBenchmarks"
POSTGRES = "PostgresEndToEndBenchmarks"
MYSQL = "MySqlEndToEndBenchmarks"
REDIS = "RedisEndToEndBenchmarks"
CONFIRMED = "CoreConfirmedSubmitBenchmarks"
POSTGRES_CONFIRMED = "PostgresConfirmedSubmitBenchmarks"

# (suite, subject, reference, kind, threshold). Kinds:
#   rate      subject rows/s / reference rows/s >= threshold; a tuple of references means the fastest of them in
#             the same case (same parameter values) of the run
#   fewer     reference bytes/row / subject bytes/row >= threshold
#   none      0 B per row (as BenchmarkDotNet rounds it) in every case of the subject
#   p50, p99  per-request latency (suites with the Latency columns): reference latency / subject latency >= threshold
#   zero      no allocation per row in steady state: across the suite's batch sizes (FlushSize or BatchSize), the
#             bytes per row (BenchmarkDotNet rounds them to whole bytes) are 0 at the largest batch size, so whatever
#             is allocated at smaller sizes is allocated per batch, not per row
# Cases with parameters (e.g. Producers) are checked for every parameter value found in the run.
TARGETS = [
    (CORE, "GeneratedFlow", "RawChannel", "rate", 0.9),
    (ALLOCATION, "GeneratedFlow", None, "zero", 0),
    (CORE, "GeneratedFlow", "GoDictionaryPort", "rate", 10.0),
    (CORE, "GeneratedFlow", "GoDictionaryPort", "fewer", 20.0),
    # Bulk submit of 1,000-row chunks (issue 14, ADR 0012): past the channel's per-row ceiling.
    (CORE, "GeneratedFlowBulk", "GoDictionaryPort", "rate", 10.0),
    (CORE, "GeneratedFlowBulk", "RawChannel", "rate", 1.5),
    # At 1,000-row batches the flow's per-batch allocations (write task, attempt timeout) round to 1 B per row, as for
    # GeneratedFlow; the allocation suite's batch sizes tell them from per-row bytes.
    (CORE, "GeneratedFlowBulk", None, "none", 0),
    (ALLOCATION, "GeneratedFlowBulk", None, "zero", 0),
    (SQLITE, "GeneratedFlow", "AdoNet", "rate", 0.9),
    (SQLITE, "GeneratedFlow", "Dapper", "rate", 1.0),
    (SQLITE, "GeneratedFlow", "Linq2DbBulkCopy", "rate", 1.0),
    # Conflict.None (binary COPY into the table) and Conflict.Ignore (COPY into staging, INSERT ... ON CONFLICT):
    # the limit is a plain COPY either way, so Ignore is held to the same line although it does more work.
    (POSTGRES, "GeneratedFlow", "BinaryImporter", "rate", 0.9),
    (POSTGRES, "GeneratedFlow", "Linq2DbBulkCopy", "rate", 1.0),
    (POSTGRES, "GeneratedFlow", "DapperMultiRowInsert", "rate", 1.0),
    (POSTGRES, "GeneratedFlowIgnore", "BinaryImporter", "rate", 0.9),
    (POSTGRES, "GeneratedFlowIgnore", "Linq2DbBulkCopy", "rate", 1.0),
    (POSTGRES, "GeneratedFlowIgnore", "DapperMultiRowInsert", "rate", 1.0),
]

# MySQL/MariaDB (issue 11): each conflict mode's flow against the faster of the two raw paths at the same batch size
# (MySqlBulkCopy, i.e. LOAD DATA LOCAL, and a server-side prepared multi-row INSERT), against both linq2db bulk-copy
# types and Dapper; and its bytes per row, whose goal is 0. The raw paths are plain inserts, so Ignore and Update are
# held to the same line although they do more (as PostgreSQL's Ignore is).
MYSQL_RAW = ("BulkCopy", "PreparedInsert")
for _flow in ("GeneratedFlow", "GeneratedFlowIgnore", "GeneratedFlowUpdate"):
    TARGETS += [
        (MYSQL, _flow, MYSQL_RAW, "rate", 0.9),
        (MYSQL, _flow, "Linq2DbBulkCopy", "rate", 1.0),
        (MYSQL, _flow, "Linq2DbMultipleRows", "rate", 1.0),
        (MYSQL, _flow, "DapperMultiRowInsert", "rate", 1.0),
        (MYSQL, _flow, None, "zero", 0),
    ]

# Redis: the hash flow under Conflict.Update (a plain HSET per row, as the raw path) against raw pipelined HSET, and the
# stream flow against raw pipelined XADD, at the same batch size; and each one's bytes per row, whose goal is no more
# than its raw path's (reference bytes/row / subject bytes/row >= 1).
TARGETS += [
    (REDIS, "GeneratedFlowHashUpdate", "RawHashSet", "rate", 0.9),
    (REDIS, "GeneratedFlowStream", "RawStreamAdd", "rate", 0.9),
    (REDIS, "GeneratedFlowHashUpdate", "RawHashSet", "fewer", 1.0),
    (REDIS, "GeneratedFlowStream", "RawStreamAdd", "fewer", 1.0),
]

# Delivery-confirmed submit (ADR 0012 point 4). Core: 1,000 callers each awaiting SubmitAndWaitAsync per row, beside
# the same 1,000 callers through the raw bounded channel and through fire-and-forget SubmitAsync (same suite, same
# run). A confirmed row costs an enqueue as SubmitAsync does, plus a pooled receipt settled after the batch and the
# caller's resumption, so it is held to half the raw channel's rows/s; its pooled receipts must add no bytes per row
# to what SubmitAsync allocates. PostgreSQL: 1,000 requests each awaiting its own commit; group commit (one COPY and
# one commit per wave) is held to twice the rows/s of one autocommitted INSERT per request, and to no worse a p50
# and p99 per request.
TARGETS += [
    (CONFIRMED, "GeneratedFlowConfirmed", "RawChannel", "rate", 0.5),
    (CONFIRMED, "GeneratedFlowConfirmed", "GeneratedFlow", "fewer", 1.0),
    (CONFIRMED, "GeneratedFlow", "RawChannel", "rate", 0.9),
    (POSTGRES_CONFIRMED, "GeneratedFlowConfirmed", "RawInsert", "rate", 2.0),
    (POSTGRES_CONFIRMED, "GeneratedFlowConfirmed", "RawInsert", "p50", 1.0),
    (POSTGRES_CONFIRMED, "GeneratedFlowConfirmed", "RawInsert", "p99", 1.0),
    (POSTGRES_CONFIRMED, "GeneratedFlowConfirmed", "RawInsert", "fewer", 1.0),
]


def latency_text(ns: float | None) -> str:
    return "n/a" if ns is None else f"{ns / 1e6:,.2f} ms"


def bytes_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} B"


def batch_size(result: Result) -> int:
    """The case's rows per batch: its FlushSize or BatchSize parameter (0 without either)."""
    return int(result.params.get("FlushSize", result.params.get("BatchSize", "0")))


def check_zero(cases: list[Result]) -> tuple[str, str, bool]:
    """The 'zero' target over every batch-size case of one method."""
    cases = sorted(cases, key=batch_size)
    series = " / ".join(bytes_text(r.bytes_per_row) for r in cases)
    sizes = " / ".join(f"{batch_size(r):,}" for r in cases)
    # Bytes per row × rows per batch: about the same at every size when the bytes are per batch, not per row.
    per_batch = " / ".join("n/a" if r.bytes_per_row is None else f"{r.bytes_per_row * batch_size(r) / 1024:,.0f} KB" for r in cases)
    return ("0 B allocated per row (steady state)",
            f"{series} per row at {sizes} rows per batch (≈ {per_batch} per batch)",
            cases[-1].bytes_per_row == 0)


def check(subject: Result, reference: Result | None, kind: str, threshold: float,
          fastest_of: tuple[str, ...] | None = None) -> tuple[str, str, bool]:
    """(target text, measured text, met); fastest_of names the references the reference was the fastest of."""
    if kind == "rate":
        ratio = subject.rows_per_second / reference.rows_per_second
        name = reference.method if fastest_of is None else f"the fastest of {' / '.join(fastest_of)} (here {reference.method})"
        return (f"rows/s ≥ {threshold:g} × {name}",
                f"{ratio:.2f} × ({format_rate(subject.rows_per_second)} vs {format_rate(reference.rows_per_second)} rows/s)",
                ratio >= threshold)
    if kind == "fewer":
        mine, theirs = subject.bytes_per_row, reference.bytes_per_row
        if mine == 0:
            return (f"≥ {threshold:g}× fewer bytes/row than {reference.method}",
                    f"0 B vs {bytes_text(theirs)} per row", True)
        ratio = theirs / mine
        # Whole numbers for the large factors; two decimals near 1, where rounding would hide a miss (0.8 as "1×").
        shown = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.2f}"
        return (f"≥ {threshold:g}× fewer bytes/row than {reference.method}",
                f"{shown}× fewer ({bytes_text(mine)} vs {bytes_text(theirs)} per row)", ratio >= threshold)
    if kind in ("p50", "p99"):
        mine = getattr(subject, f"latency_{kind}_ns")
        theirs = getattr(reference, f"latency_{kind}_ns")
        target = f"{kind} latency ≤ {1 / threshold:g} × {reference.method}'s"
        if mine is None or theirs is None or mine <= 0:
            return (target, f"not measured ({latency_text(mine)} vs {latency_text(theirs)})", False)
        ratio = theirs / mine
        return (target, f"{ratio:.2f} × faster ({latency_text(mine)} vs {latency_text(theirs)})", ratio >= threshold)
    raise ValueError(kind)


def main() -> int:
    results_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_RESULTS
    results = read_reports(results_dir)
    if not results:
        print(f"No BenchmarkDotNet CSV reports with results in {results_dir}.", file=sys.stderr)
        return 1

    print("| suite | case | method | rows/s | bytes/row |")
    print("|---|---|---|---:|---:|")
    for r in results:
        print(f"| {r.suite} | {r.case or '-'} | {r.method} | {format_rate(r.rows_per_second)} | {bytes_text(r.bytes_per_row)} |")
    print()

    timed = [r for r in results if r.latency_p50_ns is not None or r.latency_p99_ns is not None]
    if timed:
        print("| suite | case | method | rows/s | latency p50 | latency p99 |")
        print("|---|---|---|---:|---:|---:|")
        for r in timed:
            print(f"| {r.suite} | {r.case or '-'} | {r.method} | {format_rate(r.rows_per_second)} | "
                  f"{latency_text(r.latency_p50_ns)} | {latency_text(r.latency_p99_ns)} |")
        print()

    print("| suite | case | target | measured | verdict |")
    print("|---|---|---|---|---|")
    missing = []
    for suite, subject_name, reference_name, kind, threshold in TARGETS:
        subjects = [r for r in results if r.suite == suite and r.method == subject_name]
        if not subjects:
            missing.append(f"{suite}.{subject_name}")
            continue
        if kind == "zero":
            target, measured, met = check_zero(subjects)
            print(f"| {suite} | - | {subject_name}: {target} | {measured} | {'met' if met else '**missed**'} |")
            continue
        if kind == "none":
            for subject in subjects:
                met = subject.bytes_per_row == 0
                print(f"| {suite} | {subject.case or '-'} | {subject_name}: 0 B allocated per row | {bytes_text(subject.bytes_per_row)} per row | {'met' if met else '**missed**'} |")
            continue
        for subject in subjects:
            reference = None
            names = reference_name if isinstance(reference_name, tuple) else (reference_name,)
            if reference_name is not None:
                found = [find(results, suite, name, **subject.params) for name in names]
                absent = [name for name, r in zip(names, found) if r is None]
                if absent:
                    missing.extend(f"{suite}.{name} ({subject.case or 'no parameters'})" for name in absent)
                    continue
                reference = max(found, key=lambda r: r.rows_per_second)
            fastest_of = names if isinstance(reference_name, tuple) else None
            target, measured, met = check(subject, reference, kind, threshold, fastest_of)
            print(f"| {suite} | {subject.case or '-'} | {subject_name}: {target} | {measured} | {'met' if met else '**missed**'} |")
    if missing:
        print()
        print("Not in this run: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
