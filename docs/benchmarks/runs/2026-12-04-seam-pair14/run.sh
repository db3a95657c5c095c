#!/bin/bash
# pair 14 runs, in plan order
set -u
cd /work/main
R=docs/benchmarks/runs/2026-12-04-seam-pair14
BD=benchmarks/BatchFlow.Generated.Benchmarks/bin/Release/net10.0/BatchFlow.Generated.Benchmarks.dll
H=benchmarks/BatchFlow.Generated.InterleavedPair/bin/Release/net10.0/BatchFlow.Generated.InterleavedPair.dll
run() { # name before after P seed first
  local name=$1 b=$2 a=$3 p=$4 s=$5 f=$6
  echo "$name start $(date -u +%FT%TZ)" >> $R/times.txt
  dotnet $H --before /work/$b/$BD --after /work/$a/$BD --type BatchFlow.Benchmarks.Core.CoreSubmitBenchmarks \
    --baseline RawChannel --cases GeneratedFlow,GeneratedFlowNewRows --param Producers=$p --seed $s \
    --rounds 1000 --warmup 100 --renew 50 --settle 2 --first $f --csv /tmp/p14-$name.csv > $R/$name.log 2>&1
  echo "$name end $(date -u +%FT%TZ) rc=$?" >> $R/times.txt
  gzip -c /tmp/p14-$name.csv > $R/$name.csv.gz
}
for k in 1 2 3 4 5 6; do
  f=$([ $((k % 2)) = 1 ] && echo before || echo after)
  run ab-p1-$k wt-before wt-after 1 $((10 + k)) $f
  run ab-p4-$k wt-before wt-after 4 $((10 + k)) $f
  if [ $k -le 4 ]; then
    run aa-p1-$k wt-after wt-after 1 $((20 + k)) $f
    run aa-p4-$k wt-after wt-after 4 $((20 + k)) $f
  fi
done
echo all-done >> $R/times.txt
