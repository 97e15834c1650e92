#!/usr/bin/env bash
# gen_bench.sh: run the generation benchmarks (internal/gen/bench_test.go)
# and summarise them with benchstat (pinned in this module's go.mod).
#
#   seed:   every benchmark on docs/ccc, default benchtime, -count 6
#   corpus: every benchmark on ../shared/corpus/docs, -benchtime 3x -count 6
#
# Usage: internal/measure/perf/gen_bench.sh [outdir]   (default: a new temporary
# directory; the raw outputs seed.txt and corpus.txt are kept there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
count=${COUNT:-6}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(go version)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$root"
go test -c -o "$out/gen.test" ./internal/gen
(cd internal/gen && "$out/gen.test" -test.run '^$' -test.bench '/seed' -test.benchmem -test.count "$count") | tee "$out/seed.txt"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd internal/gen && "$out/gen.test" -test.run '^$' -test.bench '/corpus' -test.benchmem -test.count "$count" -test.benchtime 3x) | tee "$out/corpus.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$here"
go tool benchstat "$out/seed.txt"
go tool benchstat "$out/corpus.txt"
echo "raw outputs in $out"
