#!/usr/bin/env bash
# oapi_compare.sh: time oapi-codegen against cccgen on the same APIs.
#
# For every product of the development corpus (../shared/corpus/docs), its
# <Action>.md pages (the <Action>__N.md copies are other versions of the same
# APIs and are left out, as one package cannot hold an API twice):
#   cccgen:       cccgen -o OUT/<p> -pkg <p> <pages>         (pages → Go package)
#   oapi-codegen: oapi-codegen -generate types,client <p>.json (OpenAPI → Go)
# where <p>.json is `cccgen -openapi <pages>`, exported once beforehand.
# Both run as built binaries, one process per product, into an emptied
# output directory (so cccgen writes every file; its run cache is off).
# cccgen fsyncs every file it writes (atomic, durable replacement), which
# oapi-codegen does not, so the comparison runs twice: output on the disk
# (TMPDIR) and output on tmpfs (/dev/shm, where fsync costs nothing), the
# latter comparing the generation work alone.
# oapi-codegen is the version pinned in this module's go.mod (tool directive).
#
# Usage: internal/measure/perf/oapi_compare.sh [runs]   (default 10; needs hyperfine
# for hyperfine's statistics, else it takes the median of its own timings)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/docs}
runs=${1:-10}
if [ ! -d "$corpus" ]; then
	echo "oapi_compare: no corpus at $corpus" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/openapi" "$work/cache"
(cd "$root" && go build -o "$work/bin/cccgen" ./cmd/cccgen)
(cd "$here" && go build -o "$work/bin/oapi-codegen" github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen)
export CCCGEN_NOCACHE=1 XDG_CACHE_HOME="$work/cache"

products=()
pages=()
pages_total=0
for d in "$corpus"/*/; do
	p=$(basename "$d")
	n=0
	for f in "$d"*.md; do
		case "$(basename "$f")" in *__[0-9]*.md) continue ;; esac
		n=$((n + 1))
	done
	[ $n -gt 0 ] || continue
	products+=("$p")
	pages_total=$((pages_total + n))
done
echo "products: ${#products[@]} (${products[*]}), pages: $pages_total"
echo "oapi-codegen: $("$work/bin/oapi-codegen" -version | tail -1), cccgen: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'), hyperfine: $(hyperfine --version 2>/dev/null || echo none)"

# scripts OUT writes $work/cccgen.sh and $work/oapi.sh generating into OUT.
scripts() {
	local out=$1
	: >"$work/cccgen.sh"
	: >"$work/oapi.sh"
	for p in "${products[@]}"; do
		local pages=()
		for f in "$corpus/$p/"*.md; do
			case "$(basename "$f")" in *__[0-9]*.md) continue ;; esac
			pages+=("$f")
		done
		[ -f "$work/openapi/$p.json" ] || "$work/bin/cccgen" -openapi "${pages[@]}" >"$work/openapi/$p.json"
		printf '%q ' "$work/bin/cccgen" -o "$out/cccgen/$p" -pkg "$p" "${pages[@]}" >>"$work/cccgen.sh"
		echo >>"$work/cccgen.sh"
		printf 'mkdir -p %q && ' "$out/oapi/$p" >>"$work/oapi.sh"
		printf '%q ' "$work/bin/oapi-codegen" -generate types,client -package "$p" -o "$out/oapi/$p/$p.gen.go" "$work/openapi/$p.json" >>"$work/oapi.sh"
		echo >>"$work/oapi.sh"
	done
}

size() { find "$1" -name '*.go' -print0 | xargs -0 cat | wc -"$2"; }

# compare LABEL OUT times both generators writing into OUT.
compare() {
	local label=$1 out=$2 c o
	scripts "$out"
	rm -rf "$out"
	bash -e "$work/cccgen.sh"
	bash -e "$work/oapi.sh"
	if [ "$label" = disk ]; then
		echo "OpenAPI documents: $(cat "$work"/openapi/*.json | wc -c) bytes"
		echo "cccgen output:       $(find "$out/cccgen" -name '*.go' | wc -l) files, $(size "$out/cccgen" l) lines, $(size "$out/cccgen" c) bytes (types, codecs, client, tests)"
		echo "oapi-codegen output: $(find "$out/oapi" -name '*.go' | wc -l) files, $(size "$out/oapi" l) lines, $(size "$out/oapi" c) bytes (types, client)"
	fi
	echo "== output on $label ($out)"
	if command -v hyperfine >/dev/null; then
		hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $out" \
			--export-json "$work/times-$label.json" \
			-n "cccgen ($label)" "bash -e $work/cccgen.sh" -n "oapi-codegen ($label)" "bash -e $work/oapi.sh"
		read -r c o < <(python3 -c '
import json, sys
r = [x["median"] for x in json.load(open(sys.argv[1]))["results"]]
print(r[0], r[1])' "$work/times-$label.json")
	else
		median() {
			local script=$1 ts=() t0 t1
			for _ in $(seq "$runs"); do
				rm -rf "$out"
				t0=$(date +%s%N)
				bash -e "$script"
				t1=$(date +%s%N)
				ts+=($((t1 - t0)))
			done
			printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.6f\n", m/1e9}'
		}
		c=$(median "$work/cccgen.sh")
		o=$(median "$work/oapi.sh")
	fi
	rm -rf "$out"
	awk -v l="$label" -v c="$c" -v o="$o" 'BEGIN {printf "median wall, output on %s: cccgen %.3f s, oapi-codegen %.3f s; cccgen / oapi-codegen = %.2f\n", l, c, o, c / o}'
}

compare disk "$work/out"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/cccgen-perf.XXXXXX)
	trap 'rm -rf "$work" "$shm"' EXIT
	compare tmpfs "$shm/out"
fi
