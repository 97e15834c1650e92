package resolve

import (
	"strings"

	"github.com/cccgen/cccgen/internal/example"
	"github.com/cccgen/cccgen/spec"
)

// node is one field of the response being rebuilt: the skeleton comes from
// the examples, the table's rows are matched onto it, and rows the examples
// lack are added where the table's order puts them.
type node struct {
	name     string
	kind     spec.Kind // Struct, Array or a scalar; "" unknown scalar
	elem     *node     // Array
	children []*node   // Struct
	parent   *node
	row      *spec.Row
	fromEx   bool // seen in an example
	exKind   spec.Kind
	exValue  string
	pos      spec.Pos
	isElem   bool
	fromXML  bool // the skeleton came from the XML example only
	// listedWrapper marks a wrapper object the JSON example put in a list of one.
	listedWrapper bool
	// untyped marks an object whose members the page documents elsewhere:
	// generated as a map (a list of maps).
	untyped bool
	// listItem names the items of a list the table gives without a type
	// (impliedListItem): wrapped after matching.
	listItem string
	idx      map[string]*node // see child
	idxN     int
}

// scalar reports a node that is neither a struct nor a list.
func (n *node) scalar() bool { return n.kind != spec.Struct && n.kind != spec.Array }

// wrapperInList returns the object of a one-element list whose only member
// is itself a list.
func wrapperInList(v *example.Node) *example.Node {
	if len(v.Children) != 1 {
		return nil
	}
	o := v.Children[0]
	if o.Kind != example.Object || len(o.Children) != 1 || o.Children[0].Kind != example.Array {
		return nil
	}
	return o
}

func (n *node) child(name string) *node {
	if len(n.children) < 16 {
		for _, c := range n.children {
			if c.name == name {
				return c
			}
		}
		return nil
	}
	// Large objects: an index, extended when children were appended, and
	// dropped (idx = nil) wherever children are replaced or renamed.
	if n.idx == nil || n.idxN > len(n.children) {
		n.idx, n.idxN = make(map[string]*node, len(n.children)), 0
	}
	for _, c := range n.children[n.idxN:] { // children appended since
		if _, dup := n.idx[c.name]; !dup {
			n.idx[c.name] = c
		}
	}
	n.idxN = len(n.children)
	return n.idx[name]
}

func (n *node) add(c *node) *node {
	c.parent = n
	n.children = append(n.children, c)
	return c
}

// object returns the struct that holds n's fields: n itself, or its element
// when n is an array.
func (n *node) object() *node {
	if n.kind == spec.Array {
		if n.elem == nil {
			n.elem = &node{name: n.name, kind: spec.Struct, parent: n, isElem: true}
		}
		if n.elem.kind != spec.Struct {
			n.elem.kind = spec.Struct
		}
		return n.elem
	}
	return n
}

// fromJSON builds a skeleton from a JSON example value.
func fromJSON(v *example.Node, name string, base spec.Pos) *node {
	n := &node{name: name, fromEx: true, pos: spec.Pos{File: base.File, Line: base.Line + v.Line - 1, Col: v.Col}}
	switch v.Kind {
	case example.Object:
		n.kind = spec.Struct
		for _, m := range v.Children {
			key := strings.TrimSpace(m.Key)
			c := fromJSON(m, key, base)
			if old := n.child(key); old != nil {
				merge(old, c)
				continue
			}
			n.add(c)
		}
	case example.Array:
		if w := wrapperInList(v); w != nil {
			// [{"Task": [...]}]: an RPC list wrapper shown inside a list.
			c := fromJSON(w, name, base)
			c.listedWrapper = true
			return c
		}
		n.kind = spec.Array
		for _, e := range v.Children {
			c := fromJSON(e, name, base)
			c.isElem = true
			if n.elem == nil {
				n.elem = c
				c.parent = n
			} else {
				merge(n.elem, c)
			}
		}
	default:
		n.exKind, n.exValue = scalarKindOf(v), v.Value
	}
	return n
}

func scalarKindOf(v *example.Node) spec.Kind {
	switch v.Kind {
	case example.Number:
		if strings.ContainsAny(v.Value, ".eE") {
			return spec.Float64
		}
		return spec.Int64
	case example.Bool:
		return spec.Bool
	case example.Null:
		return ""
	}
	return spec.String
}

// merge folds b (another sample of the same field) into a.
func merge(a, b *node) {
	if a.kind == "" && b.kind != "" {
		a.kind, a.children, a.elem, a.idx = b.kind, b.children, b.elem, nil
		for _, c := range a.children {
			c.parent = a
		}
		if a.elem != nil {
			a.elem.parent = a
		}
		return
	}
	if a.kind != b.kind {
		return
	}
	switch a.kind {
	case spec.Struct:
		for _, c := range b.children {
			if old := a.child(c.name); old != nil {
				merge(old, c)
			} else {
				a.add(c)
			}
		}
	case spec.Array:
		if a.elem == nil && b.elem != nil {
			a.elem = b.elem
			a.elem.parent = a
		} else if a.elem != nil && b.elem != nil {
			merge(a.elem, b.elem)
		}
	default:
		if a.exKind == "" {
			a.exKind, a.exValue = b.exKind, b.exValue
		} else if a.exKind == spec.Int64 && b.exKind == spec.Float64 {
			a.exKind = spec.Float64
		}
	}
}

// fromXML builds a skeleton from XML elements: repeated siblings are arrays.
func fromXML(el *example.Node, name string, base spec.Pos) *node {
	n := &node{name: name, fromEx: true, pos: spec.Pos{File: base.File, Line: base.Line + el.Line - 1, Col: el.Col}}
	if el.Kind != example.Object {
		n.exKind, n.exValue = spec.String, el.Value
		if el.Value != "" {
			n.exKind = guessScalar(el.Value)
		}
		return n
	}
	n.kind = spec.Struct
	count := map[string]int{}
	for _, c := range el.Children {
		count[c.Key]++
	}
	for _, c := range el.Children {
		cn := fromXML(c, c.Key, base)
		old := n.child(c.Key)
		if count[c.Key] > 1 || el.List {
			// Repeated, or the items of an element marked list="true".
			if old == nil {
				old = n.add(&node{name: c.Key, kind: spec.Array, fromEx: true, pos: cn.pos})
			}
			cn.isElem = true
			if old.elem == nil {
				old.elem = cn
				cn.parent = old
			} else {
				merge(old.elem, cn)
			}
			continue
		}
		if old != nil {
			merge(old, cn)
			continue
		}
		n.add(cn)
	}
	return n
}

func guessScalar(v string) spec.Kind {
	if v == "true" || v == "false" {
		return spec.Bool
	}
	digits, dot := 0, false
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' && i == 0:
		case r == '.' && !dot:
			dot = true
		default:
			return spec.String
		}
	}
	if digits == 0 {
		return spec.String
	}
	if dot {
		return spec.Float64
	}
	return spec.Int64
}
