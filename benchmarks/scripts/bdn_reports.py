"""Reads BenchmarkDotNet's CSV reports (*-report.csv): one Result per benchmark case, in rows per second.

Every suite of this repository reports per row (OperationsPerInvoke = rows per invocation), except the ones listed
in ROWS_PER_OPERATION, whose operation writes a fixed number of rows. Standard library only.
"""

import csv
import glob
import os
import re
from dataclasses import dataclass, field

DEFAULT_RESULTS = os.path.join("BenchmarkDotNet.Artifacts", "results")

# Suites whose BenchmarkDotNet operation is more than one row (class name -> rows per operation).
ROWS_PER_OPERATION = {
    "SqliteStatementShapeBenchmarks": 10_000,
}

# Columns BenchmarkDotNet writes for the job and its statistics; every other column before "Mean" is a [Params] value.
_JOB_COLUMNS = {
    "Method", "Job", "AnalyzeLaunchVariance", "EvaluateOverhead", "MaxAbsoluteError", "MaxRelativeError",
    "MinInvokeCount", "MinIterationTime", "OutlierMode", "Affinity", "EnvironmentVariables", "Jit",
    "LargeAddressAware", "Platform", "PowerPlanMode", "Runtime", "AllowVeryLargeObjects", "Concurrent", "CpuGroups",
    "Force", "HeapAffinitizeMask", "HeapCount", "NoAffinitize", "RetainVm", "Server", "Arguments",
    "BuildConfiguration", "Clock", "EngineFactory", "NuGetReferences", "Toolchain", "IsMutator", "InvocationCount",
    "IterationCount", "IterationTime", "LaunchCount", "MaxIterationCount", "MaxWarmupIterationCount",
    "MemoryRandomization", "MinIterationCount", "MinWarmupIterationCount", "RunStrategy", "UnrollFactor",
    "WarmupCount", "Id",
}

_TIME_UNITS = {"ns": 1.0, "us": 1e3, "μs": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


@dataclass
class Result:
    suite: str                      # class name without namespace, e.g. CoreSubmitBenchmarks
    method: str
    params: dict = field(default_factory=dict)
    mean_ns: float = 0.0            # per BenchmarkDotNet operation
    allocated_bytes: float | None = None
    rows_per_op: int = 1
    # Per-request latency percentiles in ns, for suites with the "Latency p50" / "Latency p99" columns
    # (RequestLatencyColumn: the median over the workload iterations of each iteration's percentile); else None.
    latency_p50_ns: float | None = None
    latency_p99_ns: float | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows_per_op * 1e9 / self.mean_ns

    @property
    def bytes_per_row(self) -> float | None:
        return None if self.allocated_bytes is None else self.allocated_bytes / self.rows_per_op

    @property
    def case(self) -> str:
        """The parameter values, e.g. 'Producers=4', or '' for a suite without parameters."""
        return ", ".join(f"{k}={v}" for k, v in self.params.items())


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("\u00a0", "").strip())


def parse_time_ns(text: str) -> float | None:
    match = re.fullmatch(r"\s*([-0-9.,]+)\s*(ns|us|μs|µs|ms|s)\s*", text)
    return None if match is None else _number(match.group(1)) * _TIME_UNITS[match.group(2)]


def parse_size_bytes(text: str) -> float | None:
    if text.strip() in ("-", ""):
        return 0.0
    match = re.fullmatch(r"\s*([-0-9.,]+)\s*(B|KB|MB|GB)\s*", text)
    return None if match is None else _number(match.group(1)) * _SIZE_UNITS[match.group(2)]


def read_reports(results_dir: str = DEFAULT_RESULTS) -> list[Result]:
    """Every case of every *-report.csv in results_dir, in file order."""
    results = []
    for path in sorted(glob.glob(os.path.join(results_dir, "*-report.csv"))):
        suite = os.path.basename(path)[: -len("-report.csv")].split(".")[-1]
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            headers = reader.fieldnames or []
            if "Mean" not in headers:
                continue
            param_columns = [h for h in headers[: headers.index("Mean")] if h not in _JOB_COLUMNS]
            for row in reader:
                mean = parse_time_ns(row["Mean"])
                if mean is None or mean <= 0:
                    continue  # a case that failed or did not run ("NA")
                results.append(Result(
                    suite=suite,
                    method=row["Method"],
                    params={c: row[c] for c in param_columns},
                    mean_ns=mean,
                    allocated_bytes=parse_size_bytes(row["Allocated"]) if "Allocated" in row else None,
                    rows_per_op=ROWS_PER_OPERATION.get(suite, 1),
                    latency_p50_ns=parse_time_ns(row["Latency p50"]) if "Latency p50" in row else None,
                    latency_p99_ns=parse_time_ns(row["Latency p99"]) if "Latency p99" in row else None,
                ))
    return results


def find(results: list[Result], suite: str, method: str, **params) -> Result | None:
    for result in results:
        if result.suite == suite and result.method == method and all(result.params.get(k) == str(v) for k, v in params.items()):
            return result
    return None


def format_rate(rows_per_second: float) -> str:
    if rows_per_second >= 1e6:
        return f"{rows_per_second / 1e6:.2f} M"
    if rows_per_second >= 1e4:
        return f"{rows_per_second / 1e3:.0f} k"
    # Below 10 k rows/s (one statement per row), a whole number of thousands would hide the figure.
    return f"{rows_per_second / 1e3:.2f} k"
