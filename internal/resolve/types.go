package resolve

import (
	"regexp"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// typeInfo is what a type cell says.
type typeInfo struct {
	kind    spec.Kind // scalar kind, Struct, Array, Map, Any; "" when blank or unknown
	elem    spec.Kind // Array: the element kind when the cell names it ("" unknown)
	elemRef string    // Array or Struct: the struct type the cell names (Array of X, [X](#), X[])
	typo    string    // the corrected word when the cell held a known typo
	unknown bool      // a word cccgen does not know
}

var (
	reArrayOf  = regexp.MustCompile(`(?i)^(?:array|list)\s*(?:of\s*|<\s*|\[\s*)([A-Za-z_][A-Za-z0-9_]*)\s*[>\]]?$`)
	reSuffixed = regexp.MustCompile(`(?i)^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[\]|array|的数组)$`)
	reWord     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	typos      = map[string]string{"integre": "integer", "interger": "integer", "struts": "struct", "sting": "string", "strng": "string", "boolen": "boolean"}
)

func scalarWord(w string) spec.Kind {
	switch strings.ToLower(w) {
	case "string", "字符串", "str", "datetime", "timestamp", "date", "time":
		return spec.String
	case "integer", "int", "int32", "整型", "short":
		return spec.Int32
	case "long", "int64":
		return spec.Int64
	case "float", "double", "number", "float64", "float32", "decimal":
		return spec.Float64
	case "boolean", "bool":
		return spec.Bool
	}
	return ""
}

// parseType reads a type cell, already stripped of Markdown links.
func parseType(cell string) typeInfo {
	t := strings.TrimSpace(strings.ReplaceAll(cell, `\`, ""))
	t = strings.TrimSuffix(t, "类型")
	low := strings.ToLower(t)
	if fixed, ok := typos[low]; ok {
		ti := parseType(fixed)
		ti.typo = fixed
		return ti
	}
	if k := scalarWord(low); k != "" {
		return typeInfo{kind: k}
	}
	switch low {
	case "":
		return typeInfo{}
	case "struct", "object", "json object", "key-value对":
		return typeInfo{kind: spec.Struct}
	case "map", "string to string map":
		return typeInfo{kind: spec.Map}
	case "json":
		return typeInfo{kind: spec.Any}
	case "list", "array", "repeatlist", "set", "数组", "json array", "jsonarray":
		return typeInfo{kind: spec.Array}
	}
	if m := reArrayOf.FindStringSubmatch(t); m != nil {
		return arrayOf(m[1])
	}
	if strings.HasPrefix(low, "list of ") || strings.HasPrefix(low, "array of ") {
		w := strings.TrimSpace(t[strings.Index(low, " of ")+4:])
		return arrayOf(strings.Trim(w, "`[]"))
	}
	if m := reSuffixed.FindStringSubmatch(t); m != nil {
		return arrayOf(m[1])
	}
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
		return typeInfo{kind: spec.Struct, elemRef: strings.Trim(t, "[]")}
	}
	if reWord.MatchString(t) {
		return typeInfo{kind: spec.Struct, elemRef: t, unknown: true}
	}
	if w := strings.TrimSuffix(t, "类型"); reWord.MatchString(w) {
		return typeInfo{kind: spec.Struct, elemRef: w}
	}
	return typeInfo{unknown: true}
}

func arrayOf(w string) typeInfo {
	if k := scalarWord(w); k != "" {
		return typeInfo{kind: spec.Array, elem: k}
	}
	if fixed, ok := typos[strings.ToLower(w)]; ok {
		if k := scalarWord(fixed); k != "" {
			return typeInfo{kind: spec.Array, elem: k, typo: fixed}
		}
	}
	if strings.EqualFold(w, "object") || strings.EqualFold(w, "struct") {
		return typeInfo{kind: spec.Array, elem: spec.Struct}
	}
	return typeInfo{kind: spec.Array, elem: spec.Struct, elemRef: w}
}

// isContainer reports a row that holds other rows.
func (t typeInfo) isContainer() bool {
	return t.kind == "" && !t.unknown || t.kind == spec.Struct || t.kind == spec.Array && (t.elem == "" || t.elem == spec.Struct) || t.kind == spec.Map
}
