#!/usr/bin/env python3
"""What a before/after pair can tell, and how many runs it would need to decide its bar, from the runs already made.

    python3 benchmarks/scripts/runs_needed.py BEFORE1,BEFORE2,... AFTER1,AFTER2,... [--bar 0.95] [--power 0.8] [--absolute]

Reads the same results directories as compare.py (at least two runs per side). For every case it takes the natural
log of each run's flow-to-baseline ratio and prints:
- the quotient after ÷ before (the ratio of the two sides' geometric means, compare.py's figure) and its 90 %
  interval (Welch's t on the logs): a bar above the interval is missed, one below it is met, one inside it is not
  decided by these runs;
- the standard deviation of the logs on each side;
- the runs per side a pair would need so that a change that costs nothing (quotient 1.00) is told from one that sits
  on the bar, with a one-sided 5 % test and the given power: the normal approximation
  n = 2 (z₀.₉₅ + z_power)² s² / ln(1 / bar)², with s the pooled standard deviation. With few runs s is itself
  uncertain, so read n as an order of magnitude.
--absolute does the same for the flow's own rows/s (after ÷ before of the same case, no baseline). Standard library
only.
"""

import math
import statistics
import sys

from bdn_reports import read_reports
from compare import PAIRS, side_figures


def t_quantile(p, df):
    """The p-quantile (p > 0.5) of Student's t with df degrees of freedom: bisection on a Simpson-integrated density."""
    scale = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def cdf(x, steps=2000):
        h = x / steps
        total = sum((1 if i in (0, steps) else 4 if i % 2 else 2) * (1 + (i * h) ** 2 / df) ** (-(df + 1) / 2)
                    for i in range(steps + 1))
        return 0.5 + scale * total * h / 3

    low, high = 0.0, 100.0
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) < p else (low, middle)
    return (low + high) / 2


def interval_text(end, bar):
    """Three decimals, or four when three would round an interval's end across the bar."""
    three = f"{end:.3f}"
    return f"{end:.4f}" if (float(three) >= bar) != (end >= bar) else three


def option(name, default):
    return float(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> int:
    options = {"--bar", "--power"}
    args = [a for i, a in enumerate(sys.argv[1:], 1) if not a.startswith("--") and sys.argv[i - 1] not in options]
    bar, power = option("--bar", 0.95), option("--power", 0.8)
    # Per run: the flow's ratio to its baseline (side_figures' per-run ratios), or with --absolute its rows/s.
    figure = 4 if "--absolute" in sys.argv else 1
    if len(args) != 2:
        print(__doc__)
        return 2
    before = [read_reports(d) for d in args[0].split(",")]
    after = [read_reports(d) for d in args[1].split(",")]
    if len(before) < 2 or len(after) < 2:
        print("Give at least two runs per side: a spread needs two.", file=sys.stderr)
        return 2
    z = statistics.NormalDist().inv_cdf
    name = "rows/s" if figure == 4 else "ratio"
    print(f"| suite | case | runs before / after | after ÷ before | 90 % interval | sd of ln({name}) before | after "
          f"| runs per side to tell 1.00 from {bar:.2f} |")
    print("|---|---|---:|---:|---|---:|---:|---:|")
    for suite, method, baseline in PAIRS:
        for subject in [r for r in before[0] if r.suite == suite and r.method == method]:
            sides = [side_figures(side, suite, method, baseline, subject.params) for side in (before, after)]
            if None in sides:
                continue
            logs = [[math.log(v) for v in side[figure]] for side in sides]
            means = [statistics.fmean(each) for each in logs]
            variances = [statistics.variance(each) / len(each) for each in logs]
            standard_error = math.sqrt(sum(variances))
            # Welch-Satterthwaite degrees of freedom.
            df = sum(variances) ** 2 / sum(v ** 2 / (len(each) - 1) for v, each in zip(variances, logs))
            shift = means[1] - means[0]
            half = t_quantile(0.95, df) * standard_error
            pooled = math.sqrt(sum(statistics.variance(each) for each in logs) / 2)
            needed = math.ceil(2 * (z(0.95) + z(power)) ** 2 * pooled ** 2 / math.log(1 / bar) ** 2)
            print(f"| {suite} | {method} {subject.case} | {len(logs[0])} / {len(logs[1])} | {math.exp(shift):.2f} "
                  f"| {interval_text(math.exp(shift - half), bar)}–{interval_text(math.exp(shift + half), bar)} "
                  f"| {statistics.stdev(logs[0]):.3f} | {statistics.stdev(logs[1]):.3f} | {needed:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
