package resolve

import (
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// The whole type vocabulary of the pages (SURVEY.md §3), cells as the parser
// leaves them (links reduced to their text, escapes undone).
func TestParseType(t *testing.T) {
	cases := []struct {
		cell    string
		kind    spec.Kind
		elem    spec.Kind
		ref     string
		typo    string
		unknown bool
	}{
		{cell: "String", kind: spec.String}, {cell: "string", kind: spec.String}, {cell: "字符串", kind: spec.String},
		{cell: "Integer", kind: spec.Int32}, {cell: "Int", kind: spec.Int32}, {cell: "int", kind: spec.Int32}, {cell: "integer", kind: spec.Int32}, {cell: "整型", kind: spec.Int32},
		{cell: "Long", kind: spec.Int64}, {cell: "long", kind: spec.Int64},
		{cell: "Float", kind: spec.Float64}, {cell: "Double", kind: spec.Float64},
		{cell: "Boolean", kind: spec.Bool}, {cell: "bool", kind: spec.Bool},
		{cell: "DateTime", kind: spec.String}, {cell: "Timestamp", kind: spec.String}, {cell: "Date", kind: spec.String},
		{cell: "Struct", kind: spec.Struct}, {cell: "Object", kind: spec.Struct}, {cell: "Json Object", kind: spec.Struct},
		{cell: "Map", kind: spec.Map}, {cell: "String to string map", kind: spec.Map},
		{cell: "Json", kind: spec.Any}, {cell: "JSON", kind: spec.Any},
		{cell: "List", kind: spec.Array}, {cell: "RepeatList", kind: spec.Array}, {cell: "Array", kind: spec.Array}, {cell: "Json Array", kind: spec.Array}, {cell: "数组", kind: spec.Array}, {cell: "Set", kind: spec.Array},
		{cell: "Array of Result", kind: spec.Array, elem: spec.Struct, ref: "Result"},
		{cell: "Array of String", kind: spec.Array, elem: spec.String},
		{cell: "Array of InstanceSystemEventType", kind: spec.Array, elem: spec.Struct, ref: "InstanceSystemEventType"},
		{cell: "UsageData[]", kind: spec.Array, elem: spec.Struct, ref: "UsageData"},
		{cell: "List<String>", kind: spec.Array, elem: spec.String},
		{cell: "List< String >", kind: spec.Array, elem: spec.String},
		{cell: "List[Dimension]", kind: spec.Array, elem: spec.Struct, ref: "Dimension"},
		{cell: "List of EventId", kind: spec.Array, elem: spec.Struct, ref: "EventId"},
		{cell: "NodeStatus Array", kind: spec.Array, elem: spec.Struct, ref: "NodeStatus"},
		{cell: "KeyVersion的数组", kind: spec.Array, elem: spec.Struct, ref: "KeyVersion"},
		{cell: "[ResourcePackageInfo]", kind: spec.Struct, ref: "ResourcePackageInfo"},
		{cell: "KeyMetadata", kind: spec.Struct, ref: "KeyMetadata", unknown: true},
		{cell: "CertificateListModel类型", kind: spec.Struct, ref: "CertificateListModel", unknown: true},
		{cell: "", kind: ""},
		{cell: "Integre", kind: spec.Int32, typo: "integer"}, {cell: "Struts", kind: spec.Struct, typo: "struct"}, {cell: "Sting", kind: spec.String, typo: "string"},
		{cell: "Key-Value对", kind: spec.Struct},
		{cell: "a b c", unknown: true},
	}
	for _, c := range cases {
		got := parseType(c.cell)
		if got.kind != c.kind || got.elem != c.elem || got.elemRef != c.ref || got.typo != c.typo || got.unknown != c.unknown {
			t.Errorf("parseType(%q) = %+v, want kind %q elem %q ref %q typo %q unknown %v", c.cell, got, c.kind, c.elem, c.ref, c.typo, c.unknown)
		}
	}
}
