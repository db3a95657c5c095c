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

# Sums one or more TRX files' counters: <Counters total=".." passed=".." failed=".." ... notExecuted=".." />
# and prints "passed failed skipped".
count_trx() {
  cat "$@" 2>/dev/null | tr -d '\r' | grep -o '<Counters [^>]*>' | awk '
    function attr(name,   m) { if (match($0, " " name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
    # A skipped xunit test ([SkippableFact], Skip.If) is outcome="NotExecuted" in the results, but VSTest leaves it out
    # of notExecuted: it shows only as total - executed. Take whichever says more.
    { p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
      ne = attr("notExecuted"); gap = attr("total") - attr("executed"); s += (gap > ne ? gap : ne) }
    END { printf "%d %d %d\n", p, f, s }'
}

# A test that hangs must fail the run, not stall it: the blame collector aborts a test host that is silent for
# longer than the hang timeout (and names the test it was running); `timeout` is the backstop for everything else.
hang_timeout="${TEST_HANG_TIMEOUT:-5m}"
project_timeout="${TEST_PROJECT_TIMEOUT:-20m}"

mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
broken=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  timeout --kill-after=30s "$project_timeout" dotnet test "$project" -c "$configuration" --no-build --nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type none \
      --results-directory "$results"
  status=$?
  if [ ! -f "$results/$name.trx" ]; then
    echo "No results from $name: its test run broke before reporting (exit code $status)."
    broken=$((broken + 1))
  elif [ "$status" -ne 0 ]; then
    read -r _ project_failed _ < <(count_trx "$results/$name.trx")
    if [ "$project_failed" -eq 0 ]; then
      # Aborted (a hang, a crashed test host, the timeout): the results file lists no failure, so count one.
      echo "The test run of $name was aborted (exit code $status) without reporting a failed test: counted as one failure."
      broken=$((broken + 1))
    else
      echo "Test run of $name reported failures."
    fi
  fi
done

read -r passed failed skipped < <(count_trx "$results"/*.trx)
failed=$((failed + broken))

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
