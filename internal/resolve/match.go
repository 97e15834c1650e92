package resolve

import (
	"sort"
	"strings"
	"unicode"

	"github.com/cccgen/cccgen/internal/example"
	"github.com/cccgen/cccgen/spec"
)

// commonTop are fields that stand at the top of a response whatever the table
// order suggests; used only for rows no example places.
var commonTop = map[string]bool{
	"RequestId": true, "Code": true, "Message": true, "Success": true, "HttpStatusCode": true,
	"TotalCount": true, "PageNumber": true, "PageSize": true, "NextToken": true, "MaxResults": true,
	"TotalRecordCount": true, "PageRecordCount": true,
}

// match places every row on the skeleton. The context is the chain of
// containers the table is in; a row's name is looked up nearest to it first,
// which tells apart the same name at several depths (Inbound.MaxTalkTime,
// Outbound.MaxTalkTime).
func (r *resolver) match(root *node, rows []spec.Row) {
	hasMarkers := false
	for _, row := range r.p.ResponseRows {
		if row.Depth > 0 {
			hasMarkers = true
		}
	}
	byName := map[string][]*node{}
	byFold := map[string][]*node{}
	walkNodes(root, func(n *node) {
		if n == root || n.isElem {
			return
		}
		byName[n.name] = append(byName[n.name], n)
		byFold[strings.ToLower(n.name)] = append(byFold[strings.ToLower(n.name)], n)
	})
	// nextRow[i] is the offset from i of the first row at or after i whose
	// name the examples have (claims aside), so look-aheads stay linear.
	nextRow := make([]int, len(rows)+1)
	nextRow[len(rows)] = -1
	for i := len(rows) - 1; i >= 0; i-- {
		switch {
		case len(byName[rows[i].Name]) > 0:
			nextRow[i] = 0
		case nextRow[i+1] < 0:
			nextRow[i] = -1
		default:
			nextRow[i] = nextRow[i+1] + 1
		}
	}
	lastRow := make(map[string]int, len(rows))
	left := make(map[string]int, len(rows)) // rows of each name from the current one on
	for i := range rows {
		lastRow[rows[i].Name] = i
		left[rows[i].Name]++
	}
	stack := []*node{root}
	var prevNode *node             // the node of the previous row
	lastAtDepth := map[int]*node{} // the latest node of each marker depth
	var prevEmpty *node            // the previous row, when it opened a container that has no fields yet
	for i := range rows {
		row := &rows[i]
		prev, prevRow := prevEmpty, prevNode
		prevEmpty = nil
		cands := unclaimed(byName[row.Name])
		if len(cands) == 0 && len(byName[row.Name]) == 0 {
			// Only a name the examples have in no spelling at all may match
			// another spelling (a second Total is not total).
			cands = unclaimed(byFold[strings.ToLower(row.Name)])
		}
		best, bestLevel := (*node)(nil), -1
		for _, c := range cands {
			if hasMarkers && row.Depth == 0 && !directChild(root, c) || insideMap(c) {
				continue
			}
			lvl := -1
			for k := len(stack) - 1; k >= 0; k-- {
				if isAncestor(stack[k], c) {
					lvl = k
					break
				}
			}
			if lvl > bestLevel {
				best, bestLevel = c, lvl
			}
		}
		left[row.Name]--
		if best != nil && !hasMarkers {
			mc := matchCtx{root: root, stack: stack, prev: prev, lastRow: lastRow, left: left, i: i, row: row, cands: cands}
			for _, v := range matchVetoes {
				if v.applies(&mc, best) {
					// The table places the row elsewhere than the examples'
					// node of that name: it becomes a node of its own.
					best, cands = nil, nil
					break
				}
			}
		}
		if best == nil {
			for _, c := range cands {
				if !insideMap(c) {
					best = c
					break
				}
			}
		}
		if best != nil {
			if best.name != row.Name {
				if wireSpelling(row.Name, best.name) == row.Name {
					r.warn(spec.DiagNameMismatch, row.Pos, "field %s is spelled %s in the examples; using the table's spelling", row.Name, best.name)
					best.name = row.Name
					if best.parent != nil {
						best.parent.idx = nil
					}
				} else {
					r.warn(spec.DiagNameMismatch, row.Pos, "field %s is spelled %s in the examples; using the examples' spelling", row.Name, best.name)
				}
			}
			best.row = row
			if ti := parseType(row.Type); best.kind == "" && best.fromXML && best.exValue == "" && (ti.kind == "" && !ti.unknown || ti.kind == spec.Struct) {
				// An empty XML element (<Listeners></Listeners>) the table
				// gives no scalar type: an empty container, whose fields are
				// the rows after it; in the plural, an RPC list with no items.
				best.kind, best.exKind = spec.Struct, ""
				best.listItem = r.impliedListItem(row)
			}
			if best.kind == spec.Struct && parseType(row.Type).kind == spec.Map {
				// The table types it Map: its keys are the service's, not
				// fields; the rows after it describe its siblings.
				best.untyped = true
			}
			if best.kind == spec.Struct && len(best.children) == 0 || best.kind == spec.Array && best.elem == nil && !scalarList(row) {
				prevEmpty = best
			} else if w := emptyWrapped(best); w != nil && !scalarList(row) {
				// {"Items": {"Item": []}}: the rows after it are the
				// fields of Item's elements.
				prevEmpty = w
			}
			stack = chain(best)
			prevNode, lastAtDepth[row.Depth] = best, best
			continue
		}
		// Only in the table.
		if w := r.elementRow(prevRow, row, rows[i+1:]); w != nil {
			if w.kind == spec.Array && (w.elem == nil || len(w.elem.children) == 0) {
				prevEmpty = w
			}
			stack = chain(w)
			prevNode, lastAtDepth[row.Depth] = w, w
			continue
		}
		parent := stack[len(stack)-1]
		switch {
		case hasMarkers && row.Depth == 0:
			parent = root
		case hasMarkers && prev != nil && row.Depth >= rowDepth(prev):
			// A container row followed by a row with the same marker: the
			// marker does not tell depth reliably, an empty container does.
			parent = prev
		case hasMarkers && prevRow != nil && prevRow.row != nil:
			switch d := prevRow.row.Depth; {
			case row.Depth == d:
				parent = holder(prevRow, root)
			case row.Depth > d && (prevRow.kind == spec.Struct || prevRow.kind == spec.Array):
				parent = prevRow
			case row.Depth > d:
				parent = holder(prevRow, root)
			default:
				parent = root
				if n := lastAtDepth[row.Depth]; n != nil {
					parent = holder(n, root)
				}
			}
		case (commonTop[row.Name] || r.hints.Top[row.Name] && root.fromEx) && root.object().child(row.Name) == nil:
			if !commonTop[row.Name] && parent != root {
				r.warn(spec.DiagResponseNesting, row.Pos, "response field %s follows the fields of %s in the table, and no example places it; it stands at the top of at least half of this package's pages (their envelope), so it is placed at the top", row.Name, describeName(parent.object()))
			}
			parent = root
		case prev != nil:
			// The previous row opened a container the examples show empty.
			parent = prev
		case root.fromEx && prevRow != nil && (prevRow.kind == spec.Struct || prevRow.kind == spec.Array) && !closedList(prevRow):
			// A flat table, right after a container whose fields the rows do
			// not list: the row belongs where the rows after it continue.
			if next := nextPlaced(rows[i+1:], nextRow[i+1:], byName, stack); next != nil {
				for k := len(stack) - 1; k >= 0; k-- {
					if isAncestor(stack[k], next) {
						parent = stack[k]
						break
					}
				}
				if o := parent.object(); len(o.children) == 1 && o.fromEx && o.children[0].fromEx && o.children[0].kind == spec.Array && isAncestor(o.children[0], next) {
					// An RPC wrapper the examples show ({"FileSystems":
					// {"FileSystem": [...]}}): the rows continue its items.
					parent = o.children[0]
				}
			}
		}
		if !hasMarkers {
			parent = orderPop(parent, row, root)
			parent = parallelPop(parent, row, root)
		}

		ti := parseType(row.Type)
		n := &node{name: row.Name, row: row, pos: row.Pos}
		switch {
		case ti.kind == spec.Array:
			n.kind = spec.Array
		case ti.isContainer():
			n.kind = spec.Struct
		}
		if parent.kind == spec.Array && !parent.fromEx && parent.elem == nil && parent.row != nil && n.kind == spec.Struct && innerOf(parent, row) {
			// Outer (Array of Inner) then Inner: {"Outer": {"Inner": [...]}}.
			parent.kind = spec.Struct
			n.kind = spec.Array
		}
		if dup := parent.object().child(row.Name); dup != nil {
			r.warn(spec.DiagRowDropped, row.Pos, "response field %s appears twice at one level; the second row is dropped", row.Name)
			continue
		}
		if root.fromEx || root.kind == spec.Array {
			r.warn(spec.DiagMissingFromExample, row.Pos, "response field %s is in the table but not in the examples; generated as the table says, and the generated test does not check it", row.Name)
		}
		if w := wrappedCellList(row); w != nil {
			// RuleIds: List, its sample {"RuleId": [1, 2]}: the RPC wrapper
			// of a list of scalars, as the cell shows it.
			n = w
		} else if valueCell(row) {
			// No type, a plain sample value (DestinationCidrBlocks, 1.1.1.0/10):
			// a value, not a container; named in the plural on an RPC page,
			// the RPC wrapper of a list of such values.
			n.kind = spec.String
			if item := r.impliedListItem(row); item != "" || scalarList(row) {
				n.kind, n.elem = spec.Array, &node{kind: spec.String, isElem: true, pos: row.Pos}
				n.elem.parent = n
				if item != "" {
					wrapList(n, item)
				}
			}
		}
		parent.object().add(n)
		if closedList(n) {
			// A list of scalars (or its wrapper): the rows after it are its
			// siblings.
			stack = chain(parent)
			prevNode, lastAtDepth[row.Depth] = n, n
			continue
		}
		if n.kind == spec.Struct || n.kind == spec.Array {
			prevEmpty = n
		}
		stack = chain(n)
		if n.kind == spec.Struct {
			n.listItem = r.impliedListItem(row)
		}
		prevNode, lastAtDepth[row.Depth] = n, n
	}
}

// wrapImpliedLists makes each struct whose row names an implied list (see
// impliedListItem) the RPC wrapper of a list of its members: {"Rules":
// {"Rule": [{…}]}}. It runs after every row is placed, so the rows are placed
// as for any other container.
func (r *resolver) wrapImpliedLists(root *node) {
	walkNodes(root, func(n *node) {
		if n.listItem == "" || n.kind != spec.Struct || n.row == nil {
			return
		}
		r.warn(spec.DiagResponseNesting, n.row.Pos, "response field %s has no type, a plural name and fields of its own, and no example shows it: a list, as RPC tables without types write one; generating the RPC wrapper {\"%s\": {\"%s\": [...]}}", n.name, n.name, n.listItem)
		elem := &node{name: n.listItem, kind: spec.Struct, isElem: true, children: n.children}
		arr := &node{name: n.listItem, kind: spec.Array, elem: elem, pos: n.pos}
		elem.parent = arr
		for _, c := range elem.children {
			c.parent = elem
		}
		n.children, n.idx, n.listItem = nil, nil, ""
		n.add(arr)
	})
}

// wrapScalarLists makes each list of scalars only the table shows
// (ListenerPorts: List, SecurityGroupIds: Array of String), named in the
// plural, the RPC wrapper of a list of its singular, in a package whose RPC
// responses wrap their lists (Hints.Wrapped): {"SecurityGroupIds":
// {"SecurityGroupId": [...]}}. Packages whose examples show their lists
// bare (JSON-native services) send these bare too. It runs after every row
// is placed: a list the rows after it give fields to is a list of objects.
func (r *resolver) wrapScalarLists(root *node) {
	if !r.hints.Wrapped || r.p.Style != spec.RPC {
		return
	}
	walkNodes(root, func(n *node) {
		if n.row == nil || n.fromEx || n.isElem || n.kind != spec.Array || n.elem != nil && !n.elem.scalar() {
			return
		}
		ti := parseType(n.row.Type)
		item := singular(n.name)
		if ti.kind != spec.Array || ti.elemRef != "" || ti.elem == spec.Struct || item == "" {
			return
		}
		r.warn(spec.DiagResponseNesting, n.row.Pos, "response field %s is a list (%s) no example shows, and this package's RPC responses wrap their lists; generating the RPC wrapper {%q: {%q: [...]}}", n.name, strings.TrimSpace(n.row.Type), n.name, item)
		if n.elem == nil {
			n.elem = &node{kind: ti.elem, isElem: true, pos: n.pos}
			if n.elem.kind == "" {
				n.elem.kind = spec.String
			}
		}
		wrapList(n, item)
	})
}

// wrapList makes the list n the RPC wrapper of a list named item that holds
// n's elements, {"n": {"item": [...]}}, and returns the inner list.
func wrapList(n *node, item string) *node {
	inner := &node{name: item, kind: spec.Array, elem: n.elem, fromEx: n.fromEx, fromXML: n.fromXML, pos: n.pos}
	if n.elem != nil {
		n.elem.name, n.elem.parent = item, inner
	}
	n.kind, n.elem, n.children, n.idx = spec.Struct, nil, nil, nil
	n.add(inner)
	return inner
}

// impliedListItem is the item name of a list the table gives without a
// type: an RPC response row with a blank type, named in the plural (Rules,
// DomainExtensions, Policies, Sources), that no example shows; its fields
// are the rows after it. The RPC wire wraps such a list as {"Rules":
// {"Rule": [...]}}. "" otherwise. (Asking the description for 列表 or 数组
// as well left 14 of the corpus's leaves at the wrong path and placed none
// better.)
func (r *resolver) impliedListItem(row *spec.Row) string {
	if r.p.Style != spec.RPC || strings.TrimSpace(row.Type) != "" {
		return ""
	}
	return singular(row.Name)
}

// singular is the English singular of a plural camel-case name (Rules →
// Rule, Policies → Policy, Boxes → Box), or "" for a name that is not plural.
func singular(name string) string {
	switch {
	case len(name) < 3 || !unicode.IsUpper(rune(name[0])):
		return ""
	case strings.HasSuffix(name, "ies"):
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "sses"), strings.HasSuffix(name, "xes"), strings.HasSuffix(name, "ches"), strings.HasSuffix(name, "shes"):
		return name[:len(name)-2]
	case strings.HasSuffix(name, "ss"), strings.HasSuffix(name, "us"):
		return ""
	case strings.HasSuffix(name, "s"):
		return name[:len(name)-1]
	}
	return ""
}

// matchCtx is what a veto sees of the row being matched, in a flat table
// (no depth markers): the chain of containers the table is in, the row
// before it when that opened an empty container, and where each name
// occurs in the rows.
type matchCtx struct {
	root    *node
	stack   []*node
	prev    *node          // the previous row, when it opened a container that has no fields yet
	lastRow map[string]int // the last row of each name
	left    map[string]int // rows of each name after the current one
	i       int            // the row's index
	row     *spec.Row
	cands   []*node // the examples' unclaimed nodes of the row's name
}

// matchVetoes are the rules by which a flat table's order overrides the
// examples' node of a row's name (README, "How the response structure is
// decided": a row stays in the container a flat table is listing even where
// the examples show its name in a sibling container). They are tried
// in order; the first that applies makes the row a node of its own where
// the table puts it.
var matchVetoes = []struct {
	name    string
	applies func(c *matchCtx, best *node) bool
}{
	{"the first field of an empty container", vetoFirstOfEmpty},
	{"a field of the container the table is listing", vetoListedContainer},
	{"named again later, further out", vetoNamedAgainOutside},
}

// vetoFirstOfEmpty: the row right after a container the examples show
// empty (or only the table has) is that container's first field, not a
// same-named field of a container a later row names.
func vetoFirstOfEmpty(c *matchCtx, best *node) bool {
	return c.prev != nil && !isAncestor(c.prev, best) && laterRow(c.lastRow, c.i, holder(best, c.root))
}

// vetoListedContainer: the table puts the row in the container it is
// listing; the examples show the name in another container a row names.
func vetoListedContainer(c *matchCtx, best *node) bool {
	if len(c.stack) <= 1 {
		return false
	}
	top, h := c.stack[len(c.stack)-1], holder(best, c.root)
	return top.row != nil && h != top && h != c.root && !isAncestor(h, top) && !isAncestor(top, h) &&
		(h.row != nil || laterRow(c.lastRow, c.i, h)) && !sortsBefore(top, c.row)
}

// vetoNamedAgainOutside: the examples show the name in a container further
// out, and the table names it again later, as often as the examples have
// it: this first row is a field of the container it is listing, the later
// ones the outer's.
func vetoNamedAgainOutside(c *matchCtx, best *node) bool {
	if len(c.stack) <= 1 || c.left[c.row.Name] < len(c.cands) {
		return false
	}
	top, h := c.stack[len(c.stack)-1], holder(best, c.root)
	return top.row != nil && h != top && isAncestor(h, top) && !best.isElem && !sortsBefore(top, c.row) && !containsName(top, c.row.Name)
}

// innerOf reports whether row names the element of the list row outer
// holds: the type says so (Array of Inner), or the name is the list's
// singular (Tags/Tag, InstanceSet/Instance).
func innerOf(outer *node, row *spec.Row) bool {
	ti := parseType(outer.row.Type)
	if ti.elemRef != "" {
		return strings.EqualFold(ti.elemRef, row.Name)
	}
	o, in := strings.ToLower(outer.name), strings.ToLower(row.Name)
	if parseType(row.Type).kind != "" && parseType(row.Type).kind != spec.Struct {
		return false
	}
	for _, suf := range []string{"s", "es", "set", "sets", "list"} {
		if o == in+suf {
			return true
		}
	}
	return false
}

// holder is the container a node sits in (an array for an element's field).
func holder(n, root *node) *node {
	p := n.parent
	if p == nil {
		return root
	}
	if p.isElem && p.parent != nil {
		return p.parent
	}
	return p
}

// nextPlaced is the example node of the next row the examples place,
// preferring the candidate nearest the current context; next[k] is the
// offset of the first row from k on whose name the examples have.
func nextPlaced(rows []spec.Row, next []int, byName map[string][]*node, stack []*node) *node {
	for k := 0; k < len(rows); {
		if next[k] < 0 {
			return nil
		}
		k += next[k]
		cands := unclaimed(byName[rows[k].Name])
		if len(cands) == 0 {
			k++
			continue
		}
		for j := len(stack) - 1; j >= 0; j-- {
			for _, c := range cands {
				if isAncestor(stack[j], c) {
					return c
				}
			}
		}
		return cands[0]
	}
	return nil
}

func unclaimed(ns []*node) []*node {
	var out []*node
	for _, n := range ns {
		if n.row == nil {
			out = append(out, n)
		}
	}
	return out
}

func isAncestor(a, n *node) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p == a {
			return true
		}
	}
	return false
}

func directChild(root, c *node) bool {
	return c.parent == root || c.parent != nil && c.parent.isElem && c.parent.parent == root
}

// chain is the containers from the root down to n: n itself when it holds
// fields, else its parent. Array elements are represented by their array.
func chain(n *node) []*node {
	var out []*node
	cur := n
	if cur.kind != spec.Struct && cur.kind != spec.Array {
		cur = cur.parent
	}
	for p := cur; p != nil; p = p.parent {
		if p.isElem {
			continue
		}
		out = append([]*node{p}, out...)
	}
	return out
}

// wireSpelling chooses between a table's and an example's spelling of one
// name that differ only in case: the common RequestId as the services spell
// it; an upper-case initial (RPC names are upper camel case); otherwise the
// table, which the SDKs follow more often than the examples.
func wireSpelling(table, ex string) string {
	tu := table != "" && table[0] >= 'A' && table[0] <= 'Z'
	eu := ex != "" && ex[0] >= 'A' && ex[0] <= 'Z'
	switch {
	case table == "RequestId" || ex == "RequestId":
		return "RequestId" // the common response parameter
	case eu && !tu:
		return ex
	}
	return table
}

// orderPop climbs out of containers when the rows are sorted by name:
// after a container's fields in ascending order, a row that sorts before
// the last of them but after the container itself continues the
// container's own level (Rules, Domain, RuleId, Url, then SecurityStatus
// is Rules' sibling). Where the examples gave the container fields, two
// rows in order may be chance: it takes three, or two at a level whose rows
// are in order up to the container (sortedLevel). It never ends in the RPC
// wrapper of the list it climbed out of (a wrapper holds only its list).
func orderPop(parent *node, row *spec.Row, root *node) *node {
	name := strings.ToLower(row.Name)
	from := parent
	for parent != root && parent.row != nil && sortsBefore(parent, row) && (tableShaped(parent) || len(rowFields(parent)) >= 3 || sortedLevel(holder(parent, root), parent)) {
		pname := strings.ToLower(parent.name)
		if name <= pname {
			break
		}
		h := holder(parent, root)
		// The row before the container's at its level, in the table's
		// order (an example's may differ): a table sorted there has it
		// sort before the container.
		var before *node
		for _, c := range h.object().children {
			if c.row != nil && c.row.Pos.Line < parent.row.Pos.Line && (before == nil || c.row.Pos.Line > before.row.Pos.Line) {
				before = c
			}
		}
		if before != nil && strings.ToLower(before.name) >= pname {
			break
		}
		parent = h
	}
	if parent != from && parent.kind == spec.Struct && len(parent.children) == 1 {
		if l := parent.children[0]; l.kind == spec.Array && (l == from || isAncestor(l, from)) {
			return l
		}
	}
	return parent
}

// scalarList reports a row the table says is a list of scalars (Array of
// String, or an example cell that is a JSON list of strings or numbers):
// the rows after it are not its members.
func scalarList(row *spec.Row) bool {
	if ti := parseType(row.Type); ti.kind == spec.Array && ti.elem.IsScalar() {
		return true
	}
	ex := strings.TrimSpace(row.Example)
	if ti := parseType(row.Type); ti.kind == spec.Array && ti.elem == "" && ti.elemRef == "" && ex != "" && !strings.ContainsAny(ex[:1], "[{") {
		// A bare List with one plain sample value (DpiGroupIds: List, 20):
		// a list of such values.
		return true
	}
	if wrappedCellList(row) != nil {
		return true
	}
	if !strings.HasPrefix(ex, "[") {
		return false
	}
	rest := strings.TrimLeft(ex[1:], " \t\n")
	return rest != "" && (rest[0] == '"' || rest[0] == '-' || rest[0] >= '0' && rest[0] <= '9')
}

// closedList reports a list of scalars (scalarList), the wrapper of one
// its sample cell shows (wrappedCellList), or a value with no type
// (valueCell), that the table alone gives: no row after it is its member.
func closedList(n *node) bool {
	return n.row != nil && !n.fromEx && (valueCell(n.row) || n.kind == spec.Array && scalarList(n.row) || n.kind == spec.Struct && wrappedCellList(n.row) != nil)
}

// valueCell reports a row with no type whose sample cell is a plain value,
// or a JSON list of plain values: what the table gives is a value (or a
// list of them), not a container, and the rows after it are its siblings.
func valueCell(row *spec.Row) bool {
	ex := strings.TrimSpace(row.Example)
	return strings.TrimSpace(row.Type) == "" && ex != "" && (!strings.ContainsAny(ex[:1], "[{") || scalarList(row))
}

// wrappedCellList is the node of a row the table types a bare list whose
// sample cell shows an RPC wrapper of a list of scalars ({"RuleId": [1,
// 2]}), or nil.
func wrappedCellList(row *spec.Row) *node {
	ti := parseType(row.Type)
	ex := strings.TrimSpace(row.Example)
	if ti.kind != spec.Array || ti.elem != "" || ti.elemRef != "" || !strings.HasPrefix(ex, "{") {
		return nil
	}
	v, _, err := example.ParseJSON(ex)
	if err != nil || v.Kind != example.Object || len(v.Children) != 1 {
		return nil
	}
	list := v.Children[0]
	if list.Kind != example.Array || len(list.Children) == 0 {
		return nil
	}
	for _, e := range list.Children {
		if e.Kind == example.Object || e.Kind == example.Array || e.Kind == example.Null {
			return nil
		}
	}
	n := fromJSON(v, row.Name, row.Pos)
	walkNodes(n, func(m *node) { m.fromEx, m.pos = false, row.Pos })
	n.row = row
	return n
}

// tableShaped reports a container whose members only the table gives: not
// in the examples, or shown there empty ("synonymsDicts": []).
func tableShaped(n *node) bool {
	if !n.fromEx {
		return true
	}
	switch n.kind {
	case spec.Array:
		return n.elem == nil || !n.elem.fromEx
	case spec.Struct:
		for _, c := range n.children {
			if c.fromEx {
				return false
			}
		}
		return true
	}
	return false
}

// parallelPop climbs out of the container a flat table is listing when a
// container row only the table has is named in parallel with it: the same
// last word after a different beginning (FailedFcParameters, then
// FailedMnsParameters; VideoStreamList, then AudioStreamList). Containers
// so named are the members of one struct, not one inside the other.
func parallelPop(parent *node, row *spec.Row, root *node) *node {
	if parent == root || parent.row == nil || !parseType(row.Type).isContainer() && parseType(row.Type).kind != spec.Array {
		return parent
	}
	o := parent
	if parent.kind == spec.Array {
		o = parent.elem // object() would make one
	}
	if o == nil || len(o.children) == 0 {
		return parent // its first member
	}
	if !parallelNames(parent.name, row.Name) {
		return parent
	}
	return holder(parent, root)
}

// parallelNames reports two names of at least two words each with the same
// last word (VideoStreamList, AudioStreamList; VSwitchIds, VpcIds). A last
// word that only says "a list" (List, Set) is not enough alone: VideoList
// holds a ThumbnailList, UnhealthyList an InstanceList; another word shared
// makes them parallel (MediaWorkflowList, NonExistMediaWorkflowIdList).
func parallelNames(a, b string) bool {
	wa, wb := camelWords(a), camelWords(b)
	if len(wa) < 2 || len(wb) < 2 || strings.EqualFold(a, b) {
		return false
	}
	last := wa[len(wa)-1]
	if !strings.EqualFold(last, wb[len(wb)-1]) {
		return false
	}
	if !strings.EqualFold(last, "List") && !strings.EqualFold(last, "Set") {
		return true
	}
	for _, x := range wa[:len(wa)-1] {
		for _, y := range wb[:len(wb)-1] {
			if strings.EqualFold(x, y) {
				return true
			}
		}
	}
	return false
}

// camelWords splits an identifier at lower-to-upper changes and before the
// last capital of an upper-case run (VSwitchIds: V, Switch, Ids).
func camelWords(s string) []string {
	var out []string
	rs := []rune(s)
	start := 0
	for i := 1; i < len(rs); i++ {
		lowUp := unicode.IsLower(rs[i-1]) && unicode.IsUpper(rs[i])
		runEnd := unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i]) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
		if lowUp || runEnd || rs[i] == '_' {
			if w := strings.Trim(string(rs[start:i]), "_"); w != "" {
				out = append(out, w)
			}
			start = i
		}
	}
	if w := strings.Trim(string(rs[start:]), "_"); w != "" {
		out = append(out, w)
	}
	return out
}

// elementRow handles the row naming the element of the list row before it
// (List: Array of Detail, then Detail with no type; or two rows without a
// type, the second followed by a field of the list's elements) when the examples show
// the list bare: the table states the RPC wrapper, {"List": {"Detail":
// [...]}}, as the services send it. It returns the new inner list, or nil.
func (r *resolver) elementRow(prev *node, row *spec.Row, after []spec.Row) *node {
	if prev != nil && prev.row != nil && prev.kind == spec.Array && strings.TrimSpace(row.Type) == "" &&
		parseType(prev.row.Type).elemRef == row.Name && row.Name == prev.name && r.p.Style != spec.RPC {
		// dictList: Array of dictList names its elements after itself: the
		// row stands for the list's elements. (An RPC table states the
		// wrapper so, {"Panes": {"Panes": [...]}}, as below.)
		return prev
	}
	if prev != nil && prev.row != nil && prev.fromEx && prev.kind == spec.Struct && len(prev.children) == 1 && prev.children[0].kind == spec.Array &&
		prev.children[0].row == nil && strings.TrimSpace(row.Type) == "" && parseType(prev.row.Type).kind == spec.Array {
		if ref := parseType(prev.row.Type).elemRef; ref == "" || ref == row.Name {
			// The examples' wrapper names its list otherwise than the table's
			// element row; the table's spelling is the SDKs'.
			inner := prev.children[0]
			if inner.name != row.Name {
				r.warn(spec.DiagNameMismatch, row.Pos, "the table names the elements of %s %s, the examples %s; using the table's name", prev.name, row.Name, inner.name)
				inner.name = row.Name
				if inner.elem != nil {
					inner.elem.name = row.Name
				}
				prev.idx = nil
			}
			inner.row = row
			return inner
		}
	}
	if prev != nil && prev.row != nil && prev.fromEx && prev.kind == spec.Struct && strings.TrimSpace(row.Type) == "" &&
		parseType(prev.row.Type).kind == spec.Array && parseType(prev.row.Type).elemRef == row.Name &&
		prev.child(row.Name) == nil && len(prev.children) > 0 && (!hasList(prev) || row.Name == prev.name) {
		// Results: Array of Result, then Result with no type, and the
		// examples show one element as an object, without the wrapper: the
		// object is an element of the wrapped list {"Results": {"Result": [...]}}.
		// So too when the element is named after the list (EventPattern:
		// Array of EventPattern, then EventPattern): an object holding
		// lists of its own is then still one element, not the wrapper,
		// which would hold a list of that name.
		elem := &node{name: row.Name, kind: spec.Struct, isElem: true, children: prev.children, fromEx: true, fromXML: prev.fromXML, pos: prev.pos}
		inner := &node{name: row.Name, kind: spec.Array, elem: elem, parent: prev, fromEx: true, fromXML: prev.fromXML, pos: prev.pos, row: row}
		elem.parent = inner
		for _, c := range elem.children {
			c.parent = elem
		}
		prev.children, prev.idx = []*node{inner}, nil
		r.warn(spec.DiagResponseNesting, row.Pos, "the table names the element of %s (%s) but the examples show one %s object without it; generating the wrapper {%q: {%q: [...]}}", prev.name, row.Name, prev.name, prev.name, row.Name)
		return inner
	}
	if prev == nil || prev.row == nil || !prev.fromEx || prev.kind != spec.Array || prev.elem == nil || strings.TrimSpace(row.Type) != "" {
		return nil
	}
	ti := parseType(prev.row.Type)
	switch {
	case ti.elemRef != "":
		if ti.elemRef != row.Name {
			return nil
		}
	case strings.TrimSpace(prev.row.Type) == "":
		// Data (no type), then RecommendInstanceType (no type), then
		// fields of Data's elements.
		if prev.elem.kind != spec.Struct || !fieldSoon(prev.elem, after) {
			return nil
		}
	default:
		return nil
	}
	inner := wrapList(prev, row.Name)
	inner.row = row
	r.warn(spec.DiagResponseNesting, row.Pos, "the table names the element of %s (%s) but the examples show %s as a bare list; generating the wrapper {%q: {%q: [...]}}", prev.name, row.Name, prev.name, prev.name, row.Name)
	return inner
}

// fieldSoon reports whether one of the next few rows names a field of o.
func fieldSoon(o *node, rows []spec.Row) bool {
	for i, row := range rows {
		if i == 3 {
			return false
		}
		if o.child(row.Name) != nil {
			return true
		}
	}
	return false
}

// insideMap reports a node below an object the table types Map.
func insideMap(n *node) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p.untyped {
			return true
		}
	}
	return false
}

// laterRow reports whether a row after row i names the container c;
// lastRow holds each name's last row.
// containsName reports whether container c already has a field named name.
func containsName(c *node, name string) bool {
	return (c.kind == spec.Struct || c.kind == spec.Array && c.elem != nil) && c.object().child(name) != nil
}

func laterRow(lastRow map[string]int, i int, c *node) bool {
	return c != nil && c.parent != nil && lastRow[c.name] > i
}

// sortsBefore reports whether the fields the rows gave c so far are sorted
// by name and row sorts before the last of them: in a sorted table, c's
// fields have ended.
func sortsBefore(c *node, row *spec.Row) bool {
	if c.kind != spec.Struct && c.kind != spec.Array || c.kind == spec.Array && c.elem == nil {
		return false
	}
	kids := rowFields(c)
	if len(kids) < 2 {
		return false
	}
	// Tables are sorted by byte (SSLPub, Scope) or case aside (scope,
	// SSLPub): the row sorts before the last field in every order the
	// fields are sorted in, and there is one.
	sorted := false
	for _, key := range []func(string) string{strings.ToLower, func(s string) string { return s }} {
		if !inOrder(kids, key) {
			continue
		}
		if key(row.Name) >= key(kids[len(kids)-1].name) {
			return false
		}
		sorted = true
	}
	return sorted
}

// sortedLevel reports whether the fields the rows gave h, up to and
// including c, are three or more in ascending order (case aside).
func sortedLevel(h, c *node) bool {
	kids := rowFields(h)
	for len(kids) > 0 && kids[len(kids)-1].row.Pos.Line > c.row.Pos.Line {
		kids = kids[:len(kids)-1]
	}
	return len(kids) >= 3 && inOrder(kids, strings.ToLower)
}

// inOrder reports whether the nodes' names ascend strictly under key.
func inOrder(kids []*node, key func(string) string) bool {
	for i := 1; i < len(kids); i++ {
		if key(kids[i-1].name) >= key(kids[i].name) {
			return false
		}
	}
	return true
}

// rowFields are the fields the rows gave container c so far, in the
// table's order (an example's may differ): its own, or its items' when c
// is an RPC wrapper ({"Rules": {"Rule": [...]}}).
func rowFields(c *node) []*node {
	rowKids := func(o *node) []*node {
		var kids []*node
		for _, k := range o.children {
			if k.row != nil {
				kids = append(kids, k)
			}
		}
		return kids
	}
	kids := rowKids(c.object())
	if len(kids) == 1 && kids[0].kind == spec.Array && kids[0].elem != nil {
		kids = rowKids(kids[0].elem)
	}
	sort.SliceStable(kids, func(i, j int) bool { return kids[i].row.Pos.Line < kids[j].row.Pos.Line })
	return kids
}

// emptyWrapped returns the empty list of a wrapper the examples show as
// {"Items": {"Item": []}}, or nil.
func emptyWrapped(n *node) *node {
	if n.kind != spec.Struct || len(n.children) != 1 {
		return nil
	}
	c := n.children[0]
	if c.kind != spec.Array || c.row != nil || c.elem != nil && (c.elem.kind != spec.Struct || len(c.elem.children) > 0) {
		return nil
	}
	return c
}

// rowDepth is the marker depth of the row that placed n: its own, or its
// wrapper's (the empty list of {"Items": {"Item": []}} has no row).
func rowDepth(n *node) int {
	for ; n != nil; n = n.parent {
		if n.row != nil {
			return n.row.Depth
		}
	}
	return 0
}
