package resolve

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/cccgen/cccgen/spec"
)

// toField turns a matched skeleton node into a spec field.
func (r *resolver) toField(n *node, name string) *spec.Field {
	f := &spec.Field{Name: name, Pos: n.pos}
	var ti typeInfo
	if n.row != nil {
		row := n.row
		f.TypeText, f.Example, f.Description, f.Pos = row.Type, row.Example, row.Description, row.Pos
		ti = parseType(row.Type)
		if ti.typo != "" {
			r.warn(spec.DiagTypeTypo, row.Pos, "type %q read as %s", row.Type, ti.typo)
		}
		if ti.unknown && (n.kind == "" && len(n.children) == 0) {
			r.warn(spec.DiagTypeMismatch, row.Pos, "unknown type word %q", row.Type)
		}
	} else if n.fromEx && n.parent != nil && !n.isElem && !n.untyped {
		if n.parent.parent == nil && (len(r.p.ResponseRows) > 0 || r.deferred != nil) && !rowBelow(n) && (n.kind == spec.Struct || n.kind == spec.Array && n.elem != nil && n.elem.kind == spec.Struct) {
			// A top-level object the table, which lists the response's
			// other fields, says nothing of: its members are one sample's.
			r.warn(spec.DiagFieldOnlyInExample, n.pos, "response field %s is in the examples but not in the table, which names none of its members; kept as an untyped map", n.name)
			n.untyped = true
			return r.toField(n, name)
		}
		r.warn(spec.DiagFieldOnlyInExample, n.pos, "response field %s is in the examples but not in the table; generated with the type of the example's value", n.name)
	}
	if n.row != nil && n.fromEx && ti.kind == spec.String && ti.typo == "" && jsonText(n) {
		r.warn(spec.DiagTypeMismatch, n.row.Pos, "field %s is typed %s in the table but the examples show a JSON %s; generating a string (the service sends it as JSON text)", n.name, n.row.Type, n.kind)
		f.Kind = spec.String
		return f
	}
	if n.untyped {
		if n.kind == spec.Array {
			f.Kind, f.Elem = spec.Array, &spec.Field{Name: n.name, Kind: spec.Map, Pos: n.pos}
			if n.elem != nil {
				f.Elem.Name, f.Elem.Pos = n.elem.name, n.elem.pos
			}
			if n.elem == nil || n.elem.kind != spec.Struct {
				f.Elem.Kind = spec.Any
			}
		} else {
			f.Kind = spec.Map
		}
		return f
	}
	if n.listedWrapper {
		r.warn(spec.DiagResponseNesting, n.pos, "the JSON example puts the list wrapper %s inside a list of one; reading it as the wrapper object", n.name)
	}
	r.shape(n, ti)
	switch n.kind {
	case spec.Struct:
		if ti.kind == spec.Map && len(n.children) > 0 && !anyRow(n) {
			f.Kind = spec.Map
			return f
		}
		if n.row != nil && keyedByData(n.row.Description) && !anyRow(n) {
			r.warn(spec.DiagListOrObject, n.pos, "the description of %s says its keys are data; read as a map", n.name)
			f.Kind = spec.Map
			return f
		}
		if k := dataKey(n); k != "" {
			r.warn(spec.DiagListOrObject, n.pos, "the keys of %s look like data (%s), not field names; read as a map", n.name, k)
			f.Kind = spec.Map
			return f
		}
		f.Kind = spec.Struct
		seen := map[string]bool{}
		for _, c := range tableOrder(n.children) {
			if seen[c.name] {
				continue
			}
			seen[c.name] = true
			if !WireName(c.name) {
				r.warn(spec.DiagRowDropped, c.pos, "field name %q cannot be a JSON or XML wire name in Go struct tags; left out", c.name)
				continue
			}
			f.Fields = append(f.Fields, r.toField(c, c.name))
		}
	case spec.Array:
		f.Kind = spec.Array
		elem := n.elem
		if n.row != nil && ti.kind == spec.Array && ti.elem == "" && ti.elemRef == "" && elem != nil && elem.kind == spec.Struct && !anyRow(elem) && len(elem.children) > 0 {
			// A bare List of objects none of whose fields the table names:
			// the SDKs type these elements as maps.
			f.Elem = &spec.Field{Name: elem.name, Kind: spec.Map, Pos: elem.pos}
			return f
		}
		if elem == nil {
			elem = &node{name: n.name, isElem: true, parent: n}
			switch {
			case ti.elem != "" && ti.elem != spec.Struct:
				elem.kind = ti.elem
			case ti.elem == spec.Struct:
				elem.kind = spec.Struct
			default:
				elem.exKind = spec.String
			}
		}
		f.Elem = r.toField(elem, elem.name)
		if f.Elem.Kind == "" {
			f.Elem.Kind = spec.String
		}
		f.Elem.Description, f.Elem.Example, f.Elem.TypeText = "", "", ""
	case spec.Map, spec.Any:
		f.Kind = n.kind
	default:
		f.Kind = r.scalarKind(n, ti)
	}
	return f
}

func anyRow(n *node) bool {
	for _, c := range n.children {
		if c.row != nil {
			return true
		}
	}
	return false
}

// shape settles the node's kind where the examples and the table differ: the
// examples show the wire, except that a one-element XML list looks like a
// struct, and an empty array's element comes from the table.
func (r *resolver) shape(n *node, ti typeInfo) {
	if n.kind == "" && !n.fromEx {
		switch {
		case ti.kind == spec.Array:
			n.kind = spec.Array
		case ti.kind == spec.Map || ti.kind == spec.Any:
			if len(n.children) > 0 {
				n.kind = spec.Struct
			} else {
				n.kind = ti.kind
			}
		case ti.isContainer() && len(n.children) > 0:
			n.kind = spec.Struct
		case ti.kind == spec.Struct && !ti.unknown:
			n.kind = spec.Struct
		}
		return
	}
	if ti.kind == spec.Array && n.kind != spec.Array && n.row != nil && n.fromEx {
		// The table says list; the examples show one item (a one-element XML
		// list always looks like this).
		if n.kind == spec.Struct && len(n.children) == 1 && (n.children[0].kind == spec.Struct || n.children[0].scalar() && scalarItem(n, ti)) {
			// <Users><User>…</User></Users>: the wrapper holds a list; so
			// does {"EventIdSet": {"EventId": "e-1"}} when the table types
			// EventIdSet a List of EventId (a list of scalars, one shown),
			// and {"AvailableRegions": {"AvailableRegion": "cn-hangzhou"}}
			// when it types AvailableRegions a bare List.
			c := n.children[0]
			arr := &node{name: c.name, kind: spec.Array, elem: c, parent: n, fromEx: true, fromXML: c.fromXML, pos: c.pos}
			c.parent, c.isElem = arr, true
			n.children[0], n.idx = arr, nil
			if !n.fromXML {
				r.warn(spec.DiagListOrObject, n.row.Pos, "field %s is typed %s in the table; the examples show one %s, read as a list of them", n.name, n.row.Type, c.name)
			}
			return
		}
		switch {
		case n.kind == spec.Struct && !hasList(n) && !holdsList(n, ti):
			// (An object that itself holds a list is a page of results, not an item.)
			elem := &node{name: n.name, kind: spec.Struct, isElem: true, parent: n, children: n.children, fromEx: true, fromXML: n.fromXML, pos: n.pos}
			for _, c := range elem.children {
				c.parent = elem
			}
			n.kind, n.children, n.elem = spec.Array, nil, elem
			if !n.fromXML {
				r.warn(spec.DiagListOrObject, n.row.Pos, "field %s is typed %s in the table but the examples show one object; generating a list", n.name, n.row.Type)
			}
		case n.kind == "" && ti.elem != spec.Struct:
			elem := &node{name: n.name, isElem: true, exKind: n.exKind, exValue: n.exValue, fromEx: true, fromXML: n.fromXML, parent: n}
			n.kind, n.elem = spec.Array, elem
			if !n.fromXML {
				r.warn(spec.DiagListOrObject, n.row.Pos, "field %s is typed %s in the table but the examples show one value; generating a list", n.name, n.row.Type)
			}
		}
	}
	if n.row != nil && n.fromEx && r.p.Style == spec.RPC && strings.TrimSpace(n.row.Type) == "" && n.kind == spec.Struct && len(n.children) == 1 {
		// An RPC row with no type, named in the plural, that the examples
		// show holding one object named in its singular and nothing else
		// ({"DnsProducts": {"DnsProduct": {…}}}): the wrapper of a list of
		// one item, as a one-element XML list always looks.
		c := n.children[0]
		if item := singular(n.name); item != "" && c.name == item && c.kind == spec.Struct && len(c.children) > 0 && c.row == nil {
			arr := &node{name: c.name, kind: spec.Array, elem: c, parent: n, fromEx: true, fromXML: c.fromXML, pos: c.pos}
			c.parent, c.isElem = arr, true
			n.children[0], n.idx = arr, nil
			r.warn(spec.DiagListOrObject, n.row.Pos, "field %s has no type in the table and the examples show it holding one %s: an RPC list wrapper, read as a list of them", n.name, c.name)
		}
	}
	if n.kind == spec.Array && n.elem != nil && n.elem.kind == "" && n.elem.exKind == "" {
		if ti.elem != "" && ti.elem != spec.Struct {
			n.elem.exKind = ti.elem
		}
	}
	if n.row != nil && n.fromEx && ti.kind != "" && ti.kind.IsScalar() && (n.kind == spec.Struct || n.kind == spec.Array) {
		r.warn(spec.DiagTypeMismatch, n.row.Pos, "field %s is typed %s in the table but holds a %s in the examples; following the examples", n.name, n.row.Type, n.kind)
	}
}

// scalarItem reports whether the one scalar member of n, a row the table
// types a list, is the list's item: the element type the table names (List
// of EventId), or with none named, the singular of n's name
// (AvailableRegions → AvailableRegion).
func scalarItem(n *node, ti typeInfo) bool {
	c := n.children[0]
	if ti.elemRef != "" {
		return strings.EqualFold(c.name, ti.elemRef)
	}
	return ti.elem == "" && singular(n.name) != "" && c.name == singular(n.name)
}

func (r *resolver) scalarKind(n *node, ti typeInfo) spec.Kind {
	if ti.kind.IsScalar() {
		return ti.kind
	}
	if ti.kind == spec.Array && ti.elem.IsScalar() && n.isElem {
		return ti.elem
	}
	if n.row != nil && (ti.kind == spec.Struct || ti.kind == spec.Array) && !ti.unknown && n.fromEx {
		r.warn(spec.DiagTypeMismatch, n.row.Pos, "field %s is typed %s in the table but holds a scalar in the examples; following the examples", n.name, n.row.Type)
	}
	if n.exKind != "" {
		return n.exKind
	}
	return spec.String
}

// tableOrder puts fields in the table's order; a field only the examples
// show follows the field it follows in the examples.
func tableOrder(cs []*node) []*node {
	type keyed struct {
		n      *node
		anchor int
		seq    int
	}
	ks := make([]keyed, len(cs))
	anchor := -1
	for i, c := range cs {
		if c.row != nil {
			anchor = c.row.Pos.Line*100000 + c.row.Pos.Col
		}
		ks[i] = keyed{c, anchor, i}
		if c.row == nil {
			ks[i].anchor = anchor
		}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].anchor != ks[j].anchor {
			return ks[i].anchor < ks[j].anchor
		}
		hasI, hasJ := ks[i].n.row != nil, ks[j].n.row != nil
		if hasI != hasJ {
			return hasI
		}
		return ks[i].seq < ks[j].seq
	})
	out := make([]*node, len(cs))
	for i, k := range ks {
		out[i] = k.n
	}
	return out
}

// dataKey returns a key of n that cannot be a field name: it starts with a
// digit, or holds white space or non-ASCII letters (dates, HTTP codes, city
// names used as keys).
func dataKey(n *node) string {
	for _, c := range n.children {
		if c.row != nil {
			continue
		}
		for i, r := range c.name {
			if i == 0 && r >= '0' && r <= '9' || r > 127 || r == ' ' {
				return c.name
			}
		}
	}
	return ""
}

// jsonText reports a node the examples show as an object, or a list of
// objects, without any of its fields documented in the table.
func jsonText(n *node) bool {
	switch n.kind {
	case spec.Struct:
		// {"ConfigId": [...]} is an RPC list wrapper, not JSON text.
		return !anyRow(n) && !(len(n.children) == 1 && n.children[0].kind == spec.Array)
	case spec.Array:
		return n.elem != nil && n.elem.kind == spec.Struct && !anyRow(n.elem) && !namesakeMember(n.elem, n.name)
	}
	return false
}

// namesakeMember reports an item object with a scalar member of the list's
// own name ({"LockReason": [{"LockReason": "financial"}]}): an RPC list whose
// items hold one field, which a String row of that name describes.
func namesakeMember(item *node, name string) bool {
	for _, c := range item.children {
		if c.name == name && c.scalar() {
			return true
		}
	}
	return false
}

// holdsList reports a wrapper whose list the table names (Keys: Array of Key,
// and the example holds a list Key), even with stray siblings beside it.
func holdsList(n *node, ti typeInfo) bool {
	for _, c := range n.children {
		if c.kind == spec.Array && ti.elemRef != "" && strings.EqualFold(c.name, ti.elemRef) {
			return true
		}
	}
	return false
}

// WireName reports whether a wire name can be a json struct tag name that
// encoding/json honours (its isValidTag rule: letters, digits, and
// !#$%&()*+-./:;<=>?@[]^_{|}~ and space), so that the Go field decodes the
// wire key; anything else would need a custom codec.
func WireName(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for _, r := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}

// hasList reports an object holding a list, directly or in a wrapper.
func hasList(n *node) bool {
	for _, c := range n.children {
		if c.kind == spec.Array || c.kind == spec.Struct && len(c.children) == 1 && c.children[0].kind == spec.Array {
			return true
		}
	}
	return false
}

// reKeyedByData matches a description saying an object's keys are data:
// "key为字段名称，value为索引配置".
var reKeyedByData = regexp.MustCompile(`(?i)\bkey\s*(为|是|表示)`)

func keyedByData(desc string) bool { return reKeyedByData.MatchString(desc) }
