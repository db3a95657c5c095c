#!/usr/bin/env python3
"""Tables and charts of one run of the scaling suites and the latency harness (issue 16), from their own reports.

    python3 benchmarks/scripts/scaling_report.py RUN_DIR [CHART_DIR]
        RUN_DIR:   the --artifacts directory of the scaling run (BenchmarkDotNet's results/ inside it) and, in
                   RUN_DIR/latency/latency.csv, the latency harness's report
        CHART_DIR: where the SVGs go (default docs/benchmarks)

Prints Markdown tables (rows/s, flow/raw ratio, bytes per row per path; latency percentiles against offered load)
and writes scaling-producers.svg, scaling-width.svg, scaling-flushsize.svg and latency.svg. Standard library only.
"""

import csv
import os
import sys

from bdn_reports import format_rate, read_reports
from svg_lines import Panel, Series, write_svg

SINKS = ["Null", "Sqlite", "Postgres", "MySql", "Redis"]
NAMES = {"Null": "do-nothing sink", "Sqlite": "SQLite", "Postgres": "PostgreSQL", "MySql": "MariaDB", "Redis": "Redis (hashes)"}
FLOW, RAW = "#2f6db5", "#9aa5b1"
SUITES = [
    # suite, parameter, x-axis title, chart file
    ("ScalingProducersBenchmarks", "Producers", "producers", "scaling-producers.svg"),
    ("ScalingWidthBenchmarks", "Columns", "columns per row", "scaling-width.svg"),
    ("ScalingFlushSizeBenchmarks", "Rows", "rows per batch (FlushSize)", "scaling-flushsize.svg"),
]


def rate_axis(value: float) -> str:
    return "0" if value == 0 else format_rate(value).replace(" ", "")


def scaling(results, charts: str) -> None:
    for suite, param, x_title, chart in SUITES:
        cases = [r for r in results if r.suite == suite]
        if not cases:
            print(f"(no results for {suite})\n")
            continue
        values = sorted({r.params[param] for r in cases}, key=lambda v: int(v.replace(",", "")))
        print(f"#### {suite}\n")
        print(f"| sink | {param} | raw rows/s | flow rows/s | flow / raw | raw B/row | flow B/row |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        panels = []
        for sink in SINKS:
            flow, raw = [], []
            for value in values:
                f = next((r for r in cases if r.params["Sink"] == sink and r.params[param] == value and r.method == "GeneratedFlow"), None)
                b = next((r for r in cases if r.params["Sink"] == sink and r.params[param] == value and r.method == "Raw"), None)
                flow.append(f.rows_per_second if f else None)
                raw.append(b.rows_per_second if b else None)
                ratio = f"{f.rows_per_second / b.rows_per_second:.2f}" if f and b else "NA"
                print(f"| {NAMES[sink]} | {value} | {format_rate(b.rows_per_second) if b else 'NA'} | "
                      f"{format_rate(f.rows_per_second) if f else 'NA'} | {ratio} | "
                      f"{b.bytes_per_row:,.0f} | {f.bytes_per_row:,.0f} |".replace("None", "NA") if f and b else
                      f"| {NAMES[sink]} | {value} | NA | NA | NA | NA | NA |")
            if any(v is not None for v in flow + raw):
                panels.append(Panel(NAMES[sink], values, [Series("flow", flow, FLOW), Series("raw", raw, RAW, dashed=True)]))
        print()
        write_svg(os.path.join(charts, chart), f"{suite}: rows/s against {x_title}",
                  x_title, panels, rate_axis,
                  [("generated flow", FLOW, False), ("raw driver path (baseline)", RAW, True), ("(one run; each panel on its own scale)", "none", False)])
        print(f"Wrote {os.path.join(charts, chart)}.\n")


def latency(path: str, charts: str) -> None:
    if not os.path.exists(path):
        print(f"(no latency report at {path})")
        return
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print("#### Latency under load (submit to confirmed commit)\n")
    print("| sink | options | linger | offered (of peak) | p50 ms | p90 ms | p99 ms | max ms | rows/batch | write p99 ms | bound ms | p99 within |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        within = "yes" if float(r["p99_ms"]) <= float(r["bound_ms"]) else "**no**"
        print(f"| {NAMES[r['sink']]} | {r['options']} | {float(r['linger_ms']):g} ms | {format_rate(float(r['offered_rows_s']))}/s "
              f"({float(r['load']):.0%} of {format_rate(float(r['peak_rows_s']))}) | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | "
              f"{r['max_ms']} | {r['mean_batch_rows']} | {r['write_p99_ms']} | {r['bound_ms']} | {within} |")
    print()
    panels = []
    colours = {("default", "p50"): "#2f6db5", ("default", "p99"): "#163a66", ("short linger", "p50"): "#e08a2c", ("short linger", "p99"): "#8a4a0c"}
    for sink in SINKS:
        mine = [r for r in rows if r["sink"] == sink]
        if not mine:
            continue
        loads = sorted({r["load"] for r in mine}, key=float)
        series = []
        for options in ("default", "short linger"):
            for pct in ("p50", "p99"):
                values = [next((float(r[f"{pct}_ms"]) for r in mine if r["options"] == options and r["load"] == load), None) for load in loads]
                series.append(Series(f"{options} {pct}", values, colours[(options, pct)], dashed=pct == "p50"))
        panels.append(Panel(NAMES[sink], [f"{float(load):.0%}" for load in loads], series))
    out = os.path.join(charts, "latency.svg")
    write_svg(out, "Submit-to-commit latency (ms) against offered load (share of the measured peak; one run)",
              "offered load", panels, lambda v: f"{v:g}",
              [(f"{o} {p}", colours[(o, p)], p == "p50") for o in ("default", "short linger") for p in ("p50", "p99")])
    print(f"Wrote {out}.")


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    run = sys.argv[1]
    charts = sys.argv[2] if len(sys.argv) > 2 else os.path.join("docs", "benchmarks")
    scaling(read_reports(os.path.join(run, "results")), charts)
    latency(os.path.join(run, "latency", "latency.csv"), charts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
