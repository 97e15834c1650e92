#!/usr/bin/env bash
# cli_bench.sh: the cccgen command on the whole development corpus, as a
# process: wall time (hyperfine, medians) and peak memory (max RSS from
# /usr/bin/time), for
#   generate   `cccgen` in a repository layout with no generated/ yet
#   regen      `cccgen` again: nothing changed, nothing is written
#   check      `cccgen -check`: nothing changed
# regen and check run with the run cache (the default; the cache lives in a
# temporary XDG_CACHE_HOME, filled by the generate run) and without it
# (CCCGEN_NOCACHE=1: everything is generated and compared with the disk).
#
# The layout is the one internal/measure/conformance and the benchmarks use: each
# product's <Action>.md pages in docs/<product>, each other copy
# (<Action>__N.md) in a directory (package) of its own: 1159 pages in 380
# packages. It is built (copies of the pages) under TMPDIR, or under
# /dev/shm with TMPFS=1 (no fsync cost: cccgen fsyncs each file it writes).
#
# Usage: internal/measure/perf/cli_bench.sh [runs]   (default 10)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/docs}
runs=${1:-10}
[ -d "$corpus" ] || { echo "cli_bench: no corpus at $corpus" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "cli_bench: needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
base=${TMPDIR:-/tmp}
[ "${TMPFS:-}" = 1 ] && base=/dev/shm
work=$(mktemp -d "$base/cccgen-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$root" && go build -o "$work/cccgen" ./cmd/cccgen)
repo=$work/repo
npages=0
for d in "$corpus"/*/; do
	p=$(basename "$d")
	for f in "$d"*.md; do
		b=$(basename "$f" .md)
		case "$b" in
		*__[0-9]*) unit="${p}_$(echo "${b%__*}" | tr 'A-Z' 'a-z')_${b##*__}" ;;
		*) unit=$p ;;
		esac
		mkdir -p "$repo/docs/$unit"
		cp "$f" "$repo/docs/$unit/"
		npages=$((npages + 1))
	done
done
# cccgen regenerates, with no arguments, only a repository whose go.mod is its own.
printf 'module github.com/cccgen/cccgen\n\ngo 1.24\n' >"$repo/go.mod"
echo "pages: $npages, packages: $(ls "$repo/docs" | wc -l), layout on $(df --output=fstype "$work" | tail -1)"
export XDG_CACHE_HOME=$work/cache
cd "$repo"

rss() { # rss CMD...: median max RSS (MiB) and wall (s) of 3 runs, after a prepare step in $prep
	local out=()
	for _ in 1 2 3; do
		eval "$prep"
		/usr/bin/time -f '%M %e' -o "$work/time.txt" "$@" >/dev/null 2>&1
		out+=("$(tail -1 "$work/time.txt")")
	done
	printf '%s\n' "${out[@]}" | sort -n | sed -n 2p | awk '{printf "%.0f MiB max RSS (median of 3; wall %.2f s)\n", $1/1024, $2}'
}

bin=$work/cccgen
echo "== generate (no generated/ yet)"
echo -n "generate: "; prep="rm -rf $repo/generated $XDG_CACHE_HOME"; rss "$bin"
hyperfine --runs "$runs" --prepare "rm -rf $repo/generated $XDG_CACHE_HOME" --export-json "$work/generate.json" -n generate "$bin"

"$bin" # up to date from here on, and the cache filled
echo "== no change, run cache on"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/cached.json" -n "regen (cache)" "$bin" -n "check (cache)" "$bin -check"
prep=:; echo -n "regen (cache): "; rss "$bin"
echo "== no change, run cache off"
export CCCGEN_NOCACHE=1
hyperfine --warmup 1 --runs "$runs" --export-json "$work/nocache.json" -n "regen (no cache)" "$bin" -n "check (no cache)" "$bin -check"
echo -n "regen (no cache): "; rss "$bin"
echo "== medians"
python3 - "$work"/generate.json "$work"/cached.json "$work"/nocache.json <<'PY'
import json, sys
for f in sys.argv[1:]:
    for r in json.load(open(f))["results"]:
        print(f'{r["command"]:<18} median {r["median"]:.3f} s  (min {r["min"]:.3f}, max {r["max"]:.3f}, user {r["user"]:.3f}, system {r["system"]:.3f})')
PY
