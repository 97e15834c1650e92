#!/usr/bin/env bash
# The real-API benchmarks (ECS DescribeInstances, RPC; Elasticsearch
# ListInstance, ROA): generates gen/ecs and gen/es from the pages in
# ../shared/corpus (never committed: the pages are not ours), then runs the
# agreement tests and, with arguments, go test with them, e.g.
#   ./realapi.sh -run '^$' -bench 'ECS|ES' -benchmem -count 6
set -euo pipefail
cd "$(dirname "$0")"
docs=../../../../shared/corpus/docs
for p in "$docs/ecs/DescribeInstances.md" "$docs/elasticsearch/ListInstance.md"; do
	[ -f "$p" ] || { echo "realapi.sh: $p is absent: nothing to build the real-API inputs from"; exit 0; }
done
go tool cccgen -q -o gen/ecs -pkg ecs "$docs/ecs/DescribeInstances.md"
go tool cccgen -q -o gen/es -pkg es "$docs/elasticsearch/ListInstance.md"
go test -tags realapi -run 'Agree' .
if [ $# -gt 0 ]; then go test -tags realapi "$@" .; fi
