#!/bin/bash
# pair 15 (SQLite, interleaved): waits for pair 14 to finish, smoke-checks the harness on this suite, then runs in plan order
set -u
cd /work/main
R=docs/benchmarks/runs/2026-12-04-seam-pair15
until grep -q all-done docs/benchmarks/runs/2026-12-04-seam-pair14/times.txt 2>/dev/null; do sleep 10; done
# then the clean-clone CI run (amendment, see PLAN.md): it writes /work/ci-done when it ends
until [ -f /work/ci-done ]; do sleep 10; done
BD=benchmarks/BatchFlow.Generated.Benchmarks/bin/Release/net10.0/BatchFlow.Generated.Benchmarks.dll
H=benchmarks/BatchFlow.Generated.InterleavedPair/bin/Release/net10.0/BatchFlow.Generated.InterleavedPair.dll
run() { # name before after seed first rounds warmup
  local name=$1 b=$2 a=$3 s=$4 f=$5 rounds=$6 warmup=$7
  echo "$name start $(date -u +%FT%TZ)" >> $R/times.txt
  dotnet $H --before /work/$b/$BD --after /work/$a/$BD --type BatchFlow.Benchmarks.Sqlite.SqliteEndToEndBenchmarks \
    --baseline AdoNet --cases GeneratedFlow,SinkOnly --seed $s \
    --rounds $rounds --warmup $warmup --renew 20 --settle 1 --first $f --csv /tmp/p15-$name.csv > $R/$name.log 2>&1
  local rc=$?
  echo "$name end $(date -u +%FT%TZ) rc=$rc" >> $R/times.txt
  [ -f /tmp/p15-$name.csv ] && gzip -c /tmp/p15-$name.csv > $R/$name.csv.gz
  return $rc
}
run smoke wt-before wt-after 99 after 40 2 || { echo smoke-failed >> $R/times.txt; exit 1; }
for k in 1 2 3 4 5 6; do
  f=$([ $((k % 2)) = 1 ] && echo before || echo after)
  run ab-$k wt-before wt-after $((30 + k)) $f 200 20
  if [ $k -le 4 ]; then
    run aa-$k wt-after wt-after $((40 + k)) $f 200 20
  fi
done
echo all-done >> $R/times.txt
