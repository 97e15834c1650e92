#!/usr/bin/env bash
# gen_compare.sh: generation as users run it (issue 14, item 4): cccgen from
# the pages against oapi-codegen and ogen from cccgen's OpenAPI export of the
# same pages, on every product of ../shared/corpus/docs (each product's
# folder as a user passes it: cccgen reads the folder, picks one page per
# API; the export is of the same folder, made once beforehand).
#
#   cccgen-per-product   cccgen -o OUT/<p> -pkg <p> corpus/<p>, one process per product
#   cccgen-one-process   cccgen with no arguments in a repository layout (docs/<p> → generated/<p>), one process for all
#   oapi-codegen         oapi-codegen -generate types,client -package <p> -o OUT/<p>/<p>.gen.go <p>.json, one process per product
#   ogen                 ogen -package <p> -target OUT/<p> -clean <p>.json, one process per product
#                        (config: ignore_not_implemented "nested objects in form parameters", as internal/openapicheck)
#
# All run as built binaries (the versions pinned in this module's go.mod),
# into an emptied output directory, cccgen's run cache off (CCCGEN_NOCACHE=1).
# GOGC: every tool runs with GOGC=100 set explicitly (the Go default; cccgen
# otherwise sets 400 for itself), and cccgen also runs as shipped (GOGC unset)
# in the rows marked "default". Each round runs every configuration once,
# in turn (interleaved); medians over the rounds. Output on the disk (TMPDIR)
# and on tmpfs (/dev/shm).
#
# Usage: internal/measure/perf/gen_compare.sh [rounds]   (default 6)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/docs}
rounds=${1:-6}
[ -d "$corpus" ] || { echo "gen_compare: no corpus at $corpus" >&2; exit 1; }
work=$(mktemp -d)
shm=""
trap 'rm -rf "$work" ${shm:+"$shm"}' EXIT
mkdir -p "$work/bin" "$work/openapi" "$work/cache" "$work/repo/docs"
(cd "$root" && go build -o "$work/bin/cccgen" ./cmd/cccgen)
(cd "$here" && go build -o "$work/bin/" github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen github.com/ogen-go/ogen/cmd/ogen)
export CCCGEN_NOCACHE=1 XDG_CACHE_HOME="$work/cache"
printf 'generator:\n  ignore_not_implemented: ["nested objects in form parameters"]\n' >"$work/ogen.yml"
# The repository layout for the one-process run: cccgen regenerates a
# repository whose go.mod is its own.
printf 'module github.com/cccgen/cccgen\n\ngo 1.24\n' >"$work/repo/go.mod"

products=()
for d in "$corpus"/*/; do
	p=$(basename "$d")
	"$work/bin/cccgen" -openapi "$d" >"$work/openapi/$p.json" 2>/dev/null || { echo "skip $p: cccgen -openapi failed"; continue; }
	products+=("$p")
	cp -r "$d" "$work/repo/docs/$p"
done
echo "products: ${#products[@]} (${products[*]})"
echo "versions: cccgen $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$work/bin/oapi-codegen" -version | tr '\n' ' '), ogen $(cd "$here" && go list -m -f '{{.Version}}' github.com/ogen-go/ogen), $(go version)"
echo "OpenAPI documents: $(cat "$work"/openapi/*.json | wc -c) bytes"

# scripts OUT writes one script per configuration, generating into OUT.
scripts() {
	local out=$1 p
	: >"$work/cccgen-per-product.sh"; : >"$work/oapi-codegen.sh"; : >"$work/ogen.sh"
	for p in "${products[@]}"; do
		printf '%q ' "$work/bin/cccgen" -q -o "$out/cccgen/$p" -pkg "$p" "$corpus/$p" >>"$work/cccgen-per-product.sh"; echo >>"$work/cccgen-per-product.sh"
		printf 'mkdir -p %q && ' "$out/oapi/$p" >>"$work/oapi-codegen.sh"
		printf '%q ' "$work/bin/oapi-codegen" -generate types,client -package "$p" -o "$out/oapi/$p/$p.gen.go" "$work/openapi/$p.json" >>"$work/oapi-codegen.sh"; echo >>"$work/oapi-codegen.sh"
		printf '%q ' "$work/bin/ogen" -config "$work/ogen.yml" -package "$p" -target "$out/ogen/$p" -clean "$work/openapi/$p.json" >>"$work/ogen.sh"; echo '>/dev/null 2>&1' >>"$work/ogen.sh"
	done
	printf 'rm -rf %q && mkdir -p %q && cp -r %q %q && cd %q && %q -q\n' "$out/repo" "$out" "$work/repo" "$out/repo" "$out/repo" "$work/bin/cccgen" >"$work/cccgen-one-process.sh"
}

# timeit LABEL OUT SCRIPT [GOGC]: one run; appends "label wall user sys maxrss_kib" to $work/times.
timeit() {
	local label=$1 out=$2 script=$3 gogc=${4:-}
	rm -rf "$out"; mkdir -p "$out"; sync
	if [ -n "$gogc" ]; then
		GOGC=$gogc /usr/bin/time -f "%e %U %S %M" -o "$work/t" bash -e "$script" >/dev/null
	else
		env -u GOGC /usr/bin/time -f "%e %U %S %M" -o "$work/t" bash -e "$script" >/dev/null
	fi
	echo "$label $(tail -1 "$work/t")" >>"$work/times"
}

size() { find "$1" -name '*.go' -print0 | xargs -0 cat | wc -"$2"; }

compare() {
	local fs=$1 out=$2
	scripts "$out"
	# Sizes, once.
	rm -rf "$out"; mkdir -p "$out"
	bash -e "$work/cccgen-per-product.sh"; bash -e "$work/oapi-codegen.sh"; bash -e "$work/ogen.sh"
	echo "output: cccgen $(find "$out/cccgen" -name '*.go' | wc -l) files $(size "$out/cccgen" c) bytes; oapi-codegen $(find "$out/oapi" -name '*.go' | wc -l) files $(size "$out/oapi" c) bytes; ogen $(find "$out/ogen" -name '*.go' | wc -l) files $(size "$out/ogen" c) bytes"
	for r in $(seq "$rounds"); do
		timeit "$fs/cccgen-per-product/GOGC=100" "$out" "$work/cccgen-per-product.sh" 100
		timeit "$fs/cccgen-per-product/default" "$out" "$work/cccgen-per-product.sh"
		timeit "$fs/cccgen-one-process/GOGC=100" "$out" "$work/cccgen-one-process.sh" 100
		timeit "$fs/cccgen-one-process/default" "$out" "$work/cccgen-one-process.sh"
		timeit "$fs/oapi-codegen/GOGC=100" "$out" "$work/oapi-codegen.sh" 100
		timeit "$fs/ogen/GOGC=100" "$out" "$work/ogen.sh" 100
	done
	rm -rf "$out"
}

: >"$work/times"
compare disk "$work/out"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=$(mktemp -d /dev/shm/cccgen-perf.XXXXXX)
	compare tmpfs "$shm/out"
fi
python3 - "$work/times" "$rounds" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    rows[label].append((float(wall), float(user), float(sys_), int(rss)))
print(f"medians of {sys.argv[2]} interleaved rounds: wall, user, system (s), max RSS (MiB)")
med = {}
for label, v in rows.items():
    m = [statistics.median(x[i] for x in v) for i in range(4)]
    med[label] = m[0]
    print(f"{label:40s} {m[0]:7.2f} {m[1]:7.2f} {m[2]:7.2f} {m[3]/1024:7.0f}   walls: {' '.join(f'{x[0]:.2f}' for x in v)}")
for fs in ("disk", "tmpfs"):
    o, g = med.get(f"{fs}/oapi-codegen/GOGC=100"), med.get(f"{fs}/ogen/GOGC=100")
    if not o:
        continue
    for c in ("cccgen-per-product/GOGC=100", "cccgen-per-product/default", "cccgen-one-process/GOGC=100", "cccgen-one-process/default"):
        x = med[f"{fs}/{c}"]
        print(f"{fs}: {c} / oapi-codegen = {x/o:.2f}, / ogen = {x/g:.2f}")
PY
