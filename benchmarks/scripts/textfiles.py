"""Opening the text files the benchmark scripts read: BenchmarkDotNet logs and /proc samples, plain or gzipped
(the run folders under docs/benchmarks/runs keep them gzipped)."""

import gzip


def open_text(path, errors="strict"):
    """Opens path for reading as UTF-8 text, through gzip when its name ends in .gz."""
    opener = gzip.open if path.endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8", errors=errors)
