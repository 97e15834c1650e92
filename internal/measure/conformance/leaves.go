// The generated response tree as truth leaves.

package conformance

import (
	"sort"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
)

// Leaves reduces a generated response tree to truth leaves: the path is the
// chain of wire names (Field.Name) from the response root, which is not part
// of the path, joined with "." and with "[]" appended after an array; an
// array's element is not named again. Kinds: String → string, Int32/Int64 →
// int, Float64 → float, Bool → bool, Map/Any → map, an empty Struct →
// struct, an Array without element → array; an array of scalars is a leaf
// "X[]" of the element's kind. A root array gives paths starting with "[]".
// Leaves are deduplicated by path (first in tree order wins) and sorted.
func Leaves(f *spec.Field) []truthscore.Leaf {
	if f == nil {
		return nil
	}
	var out []truthscore.Leaf
	add := func(path, kind string) { out = append(out, truthscore.Leaf{Path: path, Kind: kind}) }
	var walkType func(f *spec.Field, path string)
	var walkArray func(f *spec.Field, path string)
	walkFields := func(fs []*spec.Field, prefix string) {
		for _, c := range fs {
			if c == nil {
				continue
			}
			path := c.Name
			if prefix != "" {
				path = prefix + "." + c.Name
			}
			walkType(c, path)
		}
	}
	walkType = func(f *spec.Field, path string) {
		switch f.Kind {
		case spec.Struct:
			if len(f.Fields) == 0 {
				add(path, truthscore.KindStruct)
				return
			}
			walkFields(f.Fields, path)
		case spec.Array:
			walkArray(f, path+"[]")
		default:
			add(path, leafKind(f.Kind))
		}
	}
	walkArray = func(f *spec.Field, path string) {
		if f.Elem == nil {
			add(path, truthscore.KindArray)
			return
		}
		walkType(f.Elem, path)
	}
	switch f.Kind {
	case spec.Struct:
		walkFields(f.Fields, "")
	case spec.Array:
		walkArray(f, "[]")
	}
	seen := map[string]bool{}
	leaves := out[:0]
	for _, l := range out {
		if !seen[l.Path] {
			seen[l.Path] = true
			leaves = append(leaves, l)
		}
	}
	sort.Slice(leaves, func(i, j int) bool { return leaves[i].Path < leaves[j].Path })
	return leaves
}

// leafKind maps a scalar, map or any kind to its truth leaf kind.
func leafKind(k spec.Kind) string {
	switch k {
	case spec.String:
		return truthscore.KindString
	case spec.Int32, spec.Int64:
		return truthscore.KindInt
	case spec.Float64:
		return truthscore.KindFloat
	case spec.Bool:
		return truthscore.KindBool
	case spec.Map, spec.Any:
		return truthscore.KindMap
	case spec.Struct:
		return truthscore.KindStruct
	case spec.Array:
		return truthscore.KindArray
	}
	return string(k)
}
