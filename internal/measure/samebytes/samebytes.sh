#!/usr/bin/env bash
# samebytes.sh: the check that a refactoring left cccgen's output alone.
# It generates every product of ../shared/corpus/docs with two commits of
# cccgen (-spec JSON, -openapi and the generated packages) and compares them:
#   internal/measure/samebytes/samebytes.sh BASE [HEAD]   (commits; HEAD default: the work tree)
# Exit 0 when the -spec output and every generated file are byte-identical.
# With STRIP=1 the comparison first drops, from the non-test files, the
# lines a change meant to add (set STRIP_RE, an extended regexp, default:
# the field-doc paragraph "//" + "// Required. Example: ..."), and the
# test files are counted, not compared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/docs}
base=$1 head=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build() { # build REV OUT: cccgen at REV ("" = work tree) into OUT
	if [ -z "$1" ]; then (cd "$root" && go build -o "$2" ./cmd/cccgen); return; fi
	git -C "$root" worktree add -q --detach "$work/src-$1" "$1"
	(cd "$work/src-$1" && go build -o "$2" ./cmd/cccgen)
	git -C "$root" worktree remove --force "$work/src-$1"
}
run() { # run BIN OUT
	mkdir -p "$2/spec" "$2/gen"
	for d in "$corpus"/*/; do
		p=$(basename "$d")
		"$1" -spec "$d" >"$2/spec/$p.json" 2>/dev/null || true
		"$1" -openapi "$d" >"$2/spec/$p.openapi.json" 2>/dev/null || true
		(cd "$2/gen" && "$1" -q -o "$p" -pkg "$p" "$d" 2>/dev/null) || true
	done
}
build "$base" "$work/a.bin"; build "$head" "$work/b.bin"
# The same output paths for both, so the headers' source paths agree.
run "$work/a.bin" "$work/out" && mv "$work/out" "$work/a"
run "$work/b.bin" "$work/out" && mv "$work/out" "$work/b"
diff -r "$work/a/spec" "$work/b/spec" >/dev/null && echo "-spec and -openapi: identical for $(ls "$work/a/spec" | grep -vc openapi) products" || { echo "-spec or -openapi differs"; exit 1; }
if [ "${STRIP:-}" != 1 ]; then
	diff -r "$work/a/gen" "$work/b/gen" >/dev/null && echo "generated files: identical ($(find "$work/a/gen" -name '*.go' | wc -l))" || { echo "generated files differ"; exit 1; }
	exit 0
fi
re=${STRIP_RE:-'^[[:space:]]*// (Required\.|Example: )'}
# strip drops the lines matching re, and a bare "//" right before one.
strip() { awk -v re="$re" '{ if ($0 ~ re) { held = ""; next } if (held != "") { print held; held = "" } if ($0 ~ /^[[:space:]]*\/\/$/) { held = $0; next } print } END { if (held != "") print held }' "$1" | sed -E 's/[[:space:]]+/ /g'; }
n=0 bad=0
while IFS= read -r f; do
	n=$((n + 1))
	if ! cmp -s <(strip "$work/a/gen/$f") <(strip "$work/b/gen/$f"); then bad=$((bad + 1)); echo "differs: $f"; fi
done < <(cd "$work/a/gen" && find . -name '*.gen.go' | sort)
echo "non-test files: $n compared, $bad differ beyond lines matching $re; test files: $(find "$work/b/gen" -name '*.gen_test.go' | wc -l) (not compared)"
[ "$bad" = 0 ]
