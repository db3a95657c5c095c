"""Strips the [|...|] markers of Mistakes.cs.markup into Mistakes.cs and prints the expected diagnostics, one per
line, as MSBuild prints their location: "Mistakes.cs(line,col): severity ID" (1-based line and column of the
marked text's start). The ID and severity come from the comment line above each record."""
import re
import sys

source, target = sys.argv[1], sys.argv[2]
lines = open(source, encoding="utf-8").read().split("\n")
expected = []
pending = None
out = []
for number, line in enumerate(lines, start=1):
    comment = re.match(r"\s*// (BFG\d{3})( \(warning\))?:", line)
    if comment:
        pending = (comment.group(1), "warning" if comment.group(2) else "error")
    start = line.find("[|")
    if start >= 0:
        end = line.find("|]", start)
        line = line[:start] + line[start + 2:end] + line[end + 2:]
        if pending is None:
            sys.exit(f"line {number}: a marker with no // BFGnnn comment above it")
        expected.append(f"Mistakes.cs({number},{start + 1}): {pending[1]} {pending[0]}")
        pending = None
    out.append(line)
open(target, "w", encoding="utf-8").write("\n".join(out))
print("\n".join(sorted(expected)))
