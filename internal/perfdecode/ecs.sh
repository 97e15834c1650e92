#!/usr/bin/env bash
# The real-API benchmarks (ECS DescribeInstances): generates gen/ecs from the
# page in ../shared/corpus (never committed: the page is not ours), then runs
# the agreement tests and, with arguments, go test with them, e.g.
#   ./ecs.sh -run '^$' -bench 'ECS' -benchmem -count 6
set -euo pipefail
cd "$(dirname "$0")"
page=../../../shared/corpus/docs/ecs/DescribeInstances.md
[ -f "$page" ] || { echo "ecs.sh: $page is absent: nothing to build the ECS inputs from"; exit 0; }
go tool cccgen -q -o gen/ecs -pkg ecs "$page"
go test -tags ecsbench -run 'ECS.*Agree' .
if [ $# -gt 0 ]; then go test -tags ecsbench "$@" .; fi
