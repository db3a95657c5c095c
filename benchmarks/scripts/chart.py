#!/usr/bin/env python3
"""Draws rows/s per method, one panel per suite and parameter case, from BenchmarkDotNet's CSV reports, as SVG.

    python3 benchmarks/scripts/chart.py [results-dir] [output.svg]
        (defaults: BenchmarkDotNet.Artifacts/results, docs/benchmarks/throughput.svg)

Each panel has its own linear scale (in-process suites run at millions of rows/s, databases at hundreds of
thousands); the bars of this library's flows are drawn in a colour of their own. Standard library only.
"""

import sys
from html import escape

from bdn_reports import DEFAULT_RESULTS, format_rate, read_reports

DEFAULT_OUTPUT = "docs/benchmarks/throughput.svg"

# Suites measured in bytes rather than speed (their rows/s would only repeat another panel), and the scaling suites,
# which scaling_report.py charts as curves.
SKIP = {"CoreAllocationBenchmarks", "ScalingProducersBenchmarks", "ScalingWidthBenchmarks", "ScalingFlushSizeBenchmarks"}

TITLES = {
    "CoreSubmitBenchmarks": "Core, do-nothing sink",
    "SqliteEndToEndBenchmarks": "SQLite end to end (file, WAL, 1,000 rows per transaction)",
    "SqliteStatementShapeBenchmarks": "SQLite sink, rows per statement",
    "PostgresEndToEndBenchmarks": "PostgreSQL end to end (loopback server)",
}

WIDTH, LABEL, BAR, ROW, TITLE, GAP = 900, 230, 470, 22, 30, 14
OURS, OTHERS = "#2f6db5", "#9aa5b1"


def is_ours(method: str) -> bool:
    return method.startswith("GeneratedFlow") or method == "SinkOnly" or method == "WriteBatches"


def main() -> int:
    results_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_RESULTS
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    results = [r for r in read_reports(results_dir) if r.suite not in SKIP]
    if not results:
        print(f"No BenchmarkDotNet CSV reports with results in {results_dir}.", file=sys.stderr)
        return 1

    # One panel per suite and parameter case, bars per method; a suite with a single method gets one panel whose
    # bars are its parameter cases (e.g. rows per statement).
    methods: dict[str, set] = {}
    for r in results:
        methods.setdefault(r.suite, set()).add(r.method)
    panels: dict[tuple[str, str], list] = {}
    for r in results:
        if len(methods[r.suite]) == 1:
            # Label the bar with the parameters that vary inside the suite; the constant ones go to the title.
            cases = [c for c in results if c.suite == r.suite]
            varying = [k for k in r.params if len({c.params[k] for c in cases}) > 1]
            fixed = ", ".join(f"{k}={v}" for k, v in r.params.items() if k not in varying)
            label = ", ".join(f"{k}={r.params[k]}" for k in varying) or r.method
            panels.setdefault((r.suite, fixed), []).append((label, r))
        else:
            panels.setdefault((r.suite, r.case), []).append((r.method, r))

    parts, y = [], 40
    for (suite, case), rows in panels.items():
        title = TITLES.get(suite, suite) + (f" ({case})" if case else "")
        parts.append(f'<text x="10" y="{y + 18}" class="title">{escape(title)}</text>')
        y += TITLE
        top = max(r.rows_per_second for _, r in rows)
        for name, r in rows:
            width = max(1.0, BAR * r.rows_per_second / top)
            colour = OURS if is_ours(r.method) else OTHERS
            label = f"{format_rate(r.rows_per_second)} rows/s"
            if r.bytes_per_row is not None:
                label += f" · {r.bytes_per_row:,.0f} B/row"
            parts.append(f'<text x="{LABEL - 8}" y="{y + 15}" class="method">{escape(name)}</text>')
            parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL + width + 6:.1f}" y="{y + 15}" class="value">{escape(label)}</text>')
            y += ROW
        y += GAP

    svg = "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y + 10}" viewBox="0 0 {WIDTH} {y + 10}">',
        "<style>text{font-family:sans-serif;font-size:12px;fill:#222}.title{font-weight:bold;font-size:13px}"
        ".method{text-anchor:end}.heading{font-size:15px;font-weight:bold}</style>",
        f'<rect width="{WIDTH}" height="{y + 10}" fill="white"/>',
        '<text x="10" y="24" class="heading">BatchFlow.Generated: rows/s per method (longer is faster; blue = this library; each panel on its own scale)</text>',
        *parts,
        "</svg>",
        "",
    ])
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(svg)
    print(f"Wrote {output} ({len(results)} cases in {len(panels)} panels).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
