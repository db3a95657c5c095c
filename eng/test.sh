#!/usr/bin/env bash
# Builds the solution, starts the database servers the integration tests need (when eng/servers.sh exists),
# runs every test project with TRX output and prints the plain summary "N passed, N failed[, N skipped]"
# computed from the TRX files as its last line. Exits non-zero when any test fails or a test run breaks.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration="${CONFIGURATION:-Release}"
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

if [ -f "$root/eng/servers.sh" ]; then
  # shellcheck source=/dev/null
  source "$root/eng/servers.sh" || { echo "eng/servers.sh failed: the database servers are not available"; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build BatchFlow.Generated.sln -c "$configuration" -warnaserror -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
broken=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  if ! dotnet test "$project" -c "$configuration" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results"; then
    echo "Test run of $name reported failures."
  fi
  if [ ! -f "$results/$name.trx" ]; then
    echo "No results from $name: its test run broke before reporting."
    broken=$((broken + 1))
  fi
done

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted=".." />
read -r passed failed skipped < <(
  cat "$results"/*.trx 2>/dev/null | tr -d '\r' | grep -o '<Counters [^>]*>' | awk '
    function attr(name,   m) { if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
    { p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout") + attr("aborted"); s += attr("notExecuted") }
    END { printf "%d %d %d\n", p, f, s }')
failed=$((failed + broken))

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
