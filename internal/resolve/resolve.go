// Package resolve turns a parsed page's flat rows and examples into the typed
// request and response trees of the spec: it rebuilds the response nesting
// from the JSON and XML examples, cross-checked with the table's order and
// markers, and reports every disagreement as a warning.
package resolve

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/cccgen/cccgen/internal/example"
	"github.com/cccgen/cccgen/spec"
)

type resolver struct {
	p     *spec.Page
	diags []spec.Diagnostic
	// wrapped names the field the JSON example shows the content of, if any.
	wrapped string
	members map[*spec.Field]map[string]*spec.Field // request fields by name, per parent
	// jsonArray marks the JSON-string parameters (jsonparam.go) whose
	// example is a list.
	jsonArray map[string]bool
	fields    map[*spec.Field]*fieldIndex // response fields by name, for fieldChild
	// leftOut holds where example fields left out on the page's word are,
	// already warned about.
	leftOut map[spec.Pos]bool
	// deferred is a note of a page without a response table saying the
	// response is documented on another page.
	deferred *spec.Note
	// jsonUnclosed records a JSON example closed at its end by the repair:
	// where it lost a bracket, and so which object later fields are in, is
	// a guess.
	jsonUnclosed bool
	hints        Hints
	// jsonRoot is the JSON example's skeleton while crossCheck runs.
	jsonRoot *node
}

// warn records a warning of a kind (see spec.DiagKind).
func (r *resolver) warn(kind spec.DiagKind, pos spec.Pos, format string, args ...any) {
	r.diags = append(r.diags, spec.Diagnostic{Pos: pos, Severity: spec.Warning, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

// Page fills p.Request, p.Response and p.XMLRooted, gives a ROA or SLS
// page that names no method or path the ones its client sends (GET, /),
// and appends diagnostics. Consumers rely on these and fill no defaults.
func Page(p *spec.Page) { PageWith(p, Hints{}) }

// PageWith is Page with what the other pages of the package tell (see
// Envelope).
func PageWith(p *spec.Page, h Hints) {
	r := &resolver{p: p, hints: h}
	top := spec.Pos{File: p.File, Line: 1, Col: 1}
	if len(p.RequestRows)+len(p.BodyRows) == 0 {
		r.warn(spec.DiagNoTable, top, "no request parameter table (请求参数) with rows: the request type has no fields")
	}
	if len(p.ResponseRows) == 0 && exampleOf(p, spec.JSONExample) == nil && exampleOf(p, spec.XMLExample) == nil {
		r.warn(spec.DiagNoTable, top, "no response table (返回数据) with rows and no response example: the response type has no fields")
	}
	r.request()
	r.response()
	if p.REST() {
		if p.Method == "" {
			p.Method = "GET"
		}
		if p.Path == "" {
			p.Path = "/"
		}
	}
	p.Diagnostics = append(p.Diagnostics, r.diags...)
}

func exampleOf(p *spec.Page, k spec.ExampleKind) *spec.Example {
	for i := range p.Examples {
		if p.Examples[i].Kind == k {
			return &p.Examples[i]
		}
	}
	return nil
}

func at(base spec.Pos, line, col int) spec.Pos {
	if line <= 1 {
		return spec.Pos{File: base.File, Line: base.Line, Col: base.Col + col - 1}
	}
	return spec.Pos{File: base.File, Line: base.Line + line - 1, Col: col}
}

// readExample parses the page's example of kind k with parse, reporting its
// repairs; an unreadable example is dropped with a warning.
func (r *resolver) readExample(k spec.ExampleKind, what string, parse func(string) (*example.Node, []example.Warning, error)) (*spec.Example, *example.Node) {
	ex := exampleOf(r.p, k)
	if ex == nil {
		return nil, nil
	}
	v, ws, err := parse(ex.Text)
	for _, w := range ws {
		r.warn(spec.DiagExampleRepaired, at(ex.Pos, w.Line, w.Col), "%s example repaired: %s", what, w.Msg)
		if k == spec.JSONExample && strings.HasSuffix(w.Msg, "added at end of input") {
			r.jsonUnclosed = true
		}
	}
	if err != nil {
		pos := ex.Pos
		if e, ok := err.(*example.Error); ok {
			pos = at(ex.Pos, e.Line, e.Col)
		}
		r.warn(spec.DiagExampleUnusable, pos, "%s example cannot be read (%v); using the other example and the table", what, err)
		r.dropExample(k)
		return nil, nil
	}
	return ex, v
}

// jsonExample reads the page's JSON example, leaving out header blocks and
// error responses shown as the normal one, and unwrapping {"XxxResponse": …}.
func (r *resolver) jsonExample(rowNames map[string]bool) *example.Node {
	ex, v := r.readExample(spec.JSONExample, "JSON", example.ParseJSON)
	if v == nil {
		return nil
	}
	if headersOnly(v) {
		r.warn(spec.DiagExampleUnusable, ex.Pos, "JSON example holds HTTP headers, not a response body; ignoring it")
		r.dropExample(spec.JSONExample)
		return nil
	}
	if errorShaped(v) {
		r.warn(spec.DiagExampleUnusable, ex.Pos, "the normal JSON example is an error response (RequestId, HostId, Code, Message); ignoring it")
		r.dropExample(spec.JSONExample)
		return nil
	}
	if v.Kind == example.Object && len(v.Children) == 1 && (strings.HasSuffix(v.Children[0].Key, "Response") || v.Children[0].Key == r.p.Action) && v.Children[0].Kind == example.Object {
		if other := r.otherAPI(v.Children[0].Key); other != "" && foreignBody(v.Children[0], rowNames) {
			r.warn(spec.DiagExampleUnusable, ex.Pos, "the JSON example is the response of %s, another API of this product ({\"%s\": …}, none of its fields but the common ones in the table), not of %s; ignoring it", other, v.Children[0].Key, r.p.Action)
			r.dropExample(spec.JSONExample)
			return nil
		}
		v = v.Children[0]
	}
	return v
}

// foreignBody reports whether an example body rooted in another API's
// response is that API's body too: it has fields other than the common
// ones (commonTop), and the table names none of them. (Pages that copied
// only the root element, <CreateDiskResponse> around DescribeImagePipelines'
// own fields, keep their example.)
func foreignBody(body *example.Node, rowNames map[string]bool) bool {
	own := 0
	for _, c := range body.Children {
		if commonTop[c.Key] {
			continue
		}
		if rowNames[c.Key] {
			return false
		}
		own++
	}
	return own > 0
}

// otherAPI is X when root, an example's root name, is XResponse for X
// another Action of the package (Hints.Actions), else "".
func (r *resolver) otherAPI(root string) string {
	x, ok := strings.CutSuffix(root, "Response")
	if !ok || x == "" || strings.EqualFold(x, r.p.Action) || !r.hints.Actions[x] {
		return ""
	}
	return x
}

var (
	reXMLRoot  = regexp.MustCompile(`^\s*(?:<\?xml[^>]*>\s*)?<([A-Za-z][A-Za-z0-9]*)Response\s*>`)
	reJSONRoot = regexp.MustCompile(`^\s*\{\s*"([A-Za-z][A-Za-z0-9]*)Response"\s*:`)
)

// OtherAPIExample reports whether a JSON or XML example of p is rooted in
// the response of another of actions ({"XResponse": …}, <XResponse>), so
// that p resolves otherwise knowing them (Hints.Actions).
func OtherAPIExample(p *spec.Page, actions map[string]bool) bool {
	for _, e := range p.Examples {
		var m []string
		switch e.Kind {
		case spec.JSONExample:
			m = reJSONRoot.FindStringSubmatch(e.Text)
		case spec.XMLExample:
			m = reXMLRoot.FindStringSubmatch(e.Text)
		}
		if m != nil && !strings.EqualFold(m[1], p.Action) && actions[m[1]] {
			return true
		}
	}
	return false
}

func (r *resolver) dropExample(k spec.ExampleKind) {
	var keep []spec.Example
	for _, e := range r.p.Examples {
		if e.Kind != k {
			keep = append(keep, e)
		}
	}
	r.p.Examples = keep
}

// xmlExample reads the page's XML example and decides whether it has a
// root element around the response fields.
func (r *resolver) xmlExample(rowNames map[string]bool) *example.Node {
	ex, v := r.readExample(spec.XMLExample, "XML", example.ParseXML)
	if v == nil {
		return nil
	}
	if len(v.Children) == 1 && errorShaped(v.Children[0]) || errorShaped(v) {
		r.warn(spec.DiagExampleUnusable, ex.Pos, "the normal XML example is an error response (RequestId, HostId, Code, Message); ignoring it")
		r.dropExample(spec.XMLExample)
		return nil
	}
	if len(v.Children) == 1 {
		top := v.Children[0]
		if other := r.otherAPI(top.Key); other != "" && top.Kind == example.Object && foreignBody(top, rowNames) {
			r.warn(spec.DiagExampleUnusable, ex.Pos, "the XML example is the response of %s, another API of this product (<%s>, none of its fields but the common ones in the table), not of %s; ignoring it", other, top.Key, r.p.Action)
			r.dropExample(spec.XMLExample)
			return nil
		}
		if top.Kind == example.Object && (strings.HasSuffix(top.Key, "Response") || top.Key == r.p.Action || !rowNames[top.Key]) {
			r.p.XMLRooted = true
			return top
		}
	}
	return v
}

// response rebuilds the response tree.
func (r *resolver) response() {
	p := r.p
	rows := r.dropJSONTextTables(expandRows(p.ResponseRows))
	rowNames := map[string]bool{}
	for _, row := range rows {
		rowNames[row.Name] = true
	}
	jv := r.jsonExample(rowNames)
	if jv != nil {
		jv = r.unenvelope(jv, rows, spec.JSONExample)
	}
	xv := r.xmlExample(rowNames)
	if xv != nil {
		xv = r.unenvelope(xv, rows, spec.XMLExample)
	}
	base := spec.Pos{File: p.File}
	var root *node
	if jv != nil && xv != nil && r.jsonUnclosed {
		r.warn(spec.DiagResponseNesting, exampleOf(p, spec.JSONExample).Pos, "the JSON example is missing closing brackets; taking the nesting from the XML example")
	}
	switch {
	case jv != nil && !(xv != nil && r.jsonUnclosed):
		if ex := exampleOf(p, spec.JSONExample); ex != nil {
			base = ex.Pos
		}
		root = fromJSON(jv, "", base)
	case xv != nil:
		if ex := exampleOf(p, spec.XMLExample); ex != nil {
			base = ex.Pos
		}
		root = fromXML(xv, "", base)
		root.fromEx = true
		markXML(root)
	default:
		root = &node{kind: spec.Struct}
	}
	if root.kind == spec.Struct && root.fromEx {
		r.rewrap(root, rows)
		r.renameContainers(root, rows)
		r.wrapBareItems(root, rows)
	}
	if root.kind != spec.Struct && root.kind != spec.Array {
		r.warn(spec.DiagExampleUnusable, base, "JSON example is a bare %s, not an object; ignoring it", root.exKind)
		root = &node{kind: spec.Struct}
	}
	if jv != nil && xv != nil && !r.jsonUnclosed {
		x := fromXML(xv, "", exampleOf(p, spec.XMLExample).Pos)
		r.jsonCase(root, x, rowNames) // (reads x; crossCheck consumes it)
		r.applyListMarks(root, xv)
		// The rows of each name the JSON example has no scalar for: an XML
		// scalar the JSON has elsewhere as often as the table names it is
		// placed by the JSON.
		spare := rowCounts(rows)
		for name, n := range scalarCounts(root, false) {
			spare[name] -= n
		}
		r.jsonRoot = root
		r.crossCheck(root, x, rowNames, spare)
		r.jsonRoot = nil
	}
	if len(rows) == 0 {
		r.deferred = deferredResponse(p.Notes)
	}
	r.match(root, rows)
	if jv != nil && xv != nil && !r.jsonUnclosed && len(rows) > 0 {
		r.dropJSONOnly(root, fromXML(xv, "", exampleOf(p, spec.XMLExample).Pos))
	}
	if root.fromEx && len(rows) > 0 {
		r.dropStrayCopies(root, rows)
	}
	r.wrapImpliedLists(root)
	r.wrapScalarLists(root)
	r.dropHeaders(root)
	if note := referenceOnly(p.Notes); note != nil && len(rows) > 0 {
		r.pruneUnlisted(root, note)
	}
	if root.fromEx && len(rows) > 0 {
		r.dropUnlistedMembers(root, rowNames)
		r.hoistUnnamed(root, rowNames)
	}
	name := p.Action + "Response"
	p.Response = r.toField(root, name)
	p.Response.Name = name
	if xv != nil && jv == nil && !p.XMLRooted {
		xv.Key = name
	}
	r.canonicalExamples(jv, xv)
}

func markXML(n *node) {
	walkNodes(n, func(m *node) { m.fromXML = true })
}

func walkNodes(n *node, fn func(*node)) {
	fn(n)
	for _, c := range n.children {
		walkNodes(c, fn)
	}
	if n.elem != nil {
		walkNodes(n.elem, fn)
	}
}

// applyListMarks gives the JSON skeleton j the list nesting the XML example x marks
// with list="true": such an element is a wrapper whose child elements are the list's
// items, as the wire has it ({"Jobs":{"Job":[…]}}). Where the JSON example shows the
// items straight in a list ("Jobs":[{…}]), a list of one wrapper ("Jobs":[{"Job":{…}}])
// or one item as an object ("Jobs":{"Job":{…}}), the JSON member is rebuilt as the
// wrapper, keeping the fields the JSON shows.
func (r *resolver) applyListMarks(j *node, x *example.Node) {
	jo := structOf(j)
	if jo == nil || x.Kind != example.Object {
		return
	}
	for _, xc := range x.Children {
		if xc.Kind != example.Object {
			continue
		}
		jc := jo.child(xc.Key)
		if jc == nil {
			continue
		}
		item := listItem(xc)
		if item == "" {
			r.applyListMarks(jc, xc)
			continue
		}
		elem := listElem(jc, item)
		if elem == nil {
			continue
		}
		if !(jc.kind == spec.Struct && len(jc.children) == 1 && jc.children[0] == elem.parent && elem.parent.kind == spec.Array) {
			r.warn(spec.DiagResponseNesting, jc.pos, "the XML example marks %s as a list of %s; the JSON example shows it otherwise; taking the XML's nesting", xc.Key, item)
			arr := &node{name: item, kind: spec.Array, fromEx: true, pos: elem.pos}
			elem.name, elem.isElem, elem.parent = item, true, arr
			arr.elem = elem
			jc.kind, jc.elem, jc.children, jc.idx, jc.listedWrapper = spec.Struct, nil, nil, nil, false
			jc.add(arr)
		}
		for _, xi := range xc.Children {
			if xi.Key == item {
				r.applyListMarks(elem, xi)
			}
		}
	}
}

// listItem returns the item name of an XML element marked list="true" whose
// children all share one name, or "".
func listItem(x *example.Node) string {
	if !x.List || len(x.Children) == 0 {
		return ""
	}
	name := x.Children[0].Key
	for _, c := range x.Children[1:] {
		if c.Key != name {
			return ""
		}
	}
	return name
}

// listElem finds, in the JSON skeleton of a list wrapper, the node that holds one
// item: the element of {"Item":[…]}, of [{"Item":{…}}], of [{…}], or the object of
// {"Item":{…}}. It returns nil when the JSON shows none of these.
func listElem(jc *node, item string) *node {
	switch jc.kind {
	case spec.Struct:
		c := jc.child(item)
		if len(jc.children) != 1 || c == nil {
			return nil
		}
		if c.kind == spec.Array {
			return c.elem
		}
		if c.kind == spec.Struct {
			return c
		}
	case spec.Array:
		e := jc.elem
		if e == nil || e.kind != spec.Struct {
			return nil
		}
		if c := e.child(item); len(e.children) == 1 && c != nil && c.kind == spec.Struct {
			return c
		}
		return e
	}
	return nil
}

// crossCheck warns about fields the XML example has and the JSON example lacks.
func (r *resolver) crossCheck(j, x *node, rowNames map[string]bool, spare map[string]int) {
	r.xmlWrapper(j, x)
	jo, xo := structOf(j), structOf(x)
	if jo == nil || xo == nil {
		return
	}
	for _, xc := range xo.children {
		jc := jo.child(xc.name)
		if jc == nil {
			if !rowNames[xc.name] && (documented(jo, rowNames) || len(jo.children) == 1 && len(xo.children) == 1) {
				// (A wrapper holding one list in each example, named
				// differently: one list, misspelt in one of them.)
				r.warn(spec.DiagFieldOnlyInExample, xc.pos, "field %s is in the XML example but not in the JSON example", xc.name)
				continue
			}
			if !rowNames[xc.name] {
				// The table describes nothing of this object: both examples
				// are all the page says of it.
				r.warn(spec.DiagFieldOnlyInExample, xc.pos, "field %s is in the XML example but not in the JSON example, and the table does not describe %s; taking it from the XML", xc.name, describeName(jo))
				markXML(xc)
				jo.add(xc)
				continue
			}
			if w := r.inWrapper(xc, jo, spare); w != nil {
				// The JSON example has the field in an RPC list wrapper,
				// {"TagSets": {"TagSet": [...], "PageSize": 50}}; the XML
				// beside it, in an object that is no wrapper itself. A
				// wrapper holds only its list: follow the XML.
				r.warn(spec.DiagResponseNesting, xc.pos, "field %s is inside the list wrapper %s in the JSON example and beside it in the XML example; an RPC list wrapper holds only its list, so following the XML", xc.name, w.name)
				kept := w.children[:0]
				for _, c := range w.children {
					if c.name != xc.name {
						kept = append(kept, c)
					}
				}
				w.children, w.idx = kept, nil
				markXML(xc)
				jo.add(xc)
				continue
			}
			if spare[xc.name] <= 0 && xc.scalar() {
				// The JSON example has the field elsewhere, as often as the
				// table names it: the examples disagree on its place.
				r.warn(spec.DiagResponseNesting, xc.pos, "field %s is inside %s in the XML example; the JSON example has it elsewhere, and the table lists it no more often; following the JSON", xc.name, describeName(jo))
				continue
			}
			// The table and the XML example agree on a field the JSON lacks.
			r.warn(spec.DiagMissingFromExample, xc.pos, "field %s is in the XML example and the table but not in the JSON example; taking its shape from the XML", xc.name)
			markXML(xc)
			jo.add(xc)
			continue
		}
		r.crossCheck(jc, xc, rowNames, spare)
	}
}

// jsonCase gives the JSON example's fields the spelling the XML example
// and the table share when the JSON was written with other case throughout
// ({"uisNodeList": [{"createTime": ...}]} beside <UisNodeList><UisNode>
// <CreateTime> and rows UisNodeList, CreateTime): at least half of its
// names that the XML lacks are such names up to case. (Where the XML is the
// one miscased, <systemdisk>, the table sides with the JSON.) Each renamed
// name is one warning.
func (r *resolver) jsonCase(j, x *node, rowNames map[string]bool) {
	xml := map[string]string{} // folded → spelling, "" when two
	exact := map[string]bool{}
	walkNodes(x, func(n *node) {
		if n == x || n.isElem {
			return
		}
		exact[n.name] = true
		f := strings.ToLower(n.name)
		if s, ok := xml[f]; ok && s != n.name {
			xml[f] = ""
		} else {
			xml[f] = n.name
		}
	})
	var miscased []*node
	other := 0
	walkNodes(j, func(n *node) {
		if n == j || n.isElem || exact[n.name] {
			return
		}
		if s := xml[strings.ToLower(n.name)]; s != "" && rowNames[s] && !rowNames[n.name] {
			miscased = append(miscased, n)
		} else {
			other++
		}
	})
	if len(miscased) == 0 || len(miscased) < other {
		return
	}
	renamed := map[string]bool{}
	for _, n := range miscased {
		to := xml[strings.ToLower(n.name)]
		if !renamed[n.name] {
			renamed[n.name] = true
			r.warn(spec.DiagNameMismatch, n.pos, "field %s is spelled %s in the JSON example; using the XML example's spelling", to, n.name)
		}
		n.name = to
		if n.elem != nil {
			n.elem.name = to
		}
		if n.parent != nil {
			n.parent.idx = nil
		}
	}
}

// inWrapper returns, for a scalar xc of the XML example that the JSON
// example has elsewhere as often as the table lists it (spare), the RPC
// list wrapper of the JSON example holding it ({"TagSets": {"TagSet":
// [...], "PageSize": 50}} for PageSize) when xc's XML place jo is no
// wrapper itself; nil otherwise.
func (r *resolver) inWrapper(xc, jo *node, spare map[string]int) *node {
	if r.p.Style != spec.RPC || r.jsonRoot == nil || spare[xc.name] > 0 || !xc.scalar() || singular(jo.name) != "" {
		return nil
	}
	name := xc.name
	var found []*node
	walkNodes(r.jsonRoot, func(c *node) {
		if c.name == name && !c.isElem && c.scalar() {
			found = append(found, c)
		}
	})
	if len(found) != 1 || found[0].parent == nil {
		return nil
	}
	w := found[0].parent
	if item := singular(w.name); w.kind != spec.Struct || item == "" || w.child(item) == nil || w.child(item).kind != spec.Array {
		return nil
	}
	return w
}

// xmlWrapper rebuilds a list of objects the JSON example shows bare
// ("VServerGroups": [{…}]) as the RPC wrapper the XML example shows
// (<VServerGroups><VServerGroup>…</VServerGroup></VServerGroups>), in a
// package whose RPC responses wrap their lists (Hints.Wrapped): the JSON
// example was written by hand, the wire wraps. In a package of bare lists
// the XML's item elements only repeat what a JSON list cannot name.
func (r *resolver) xmlWrapper(j, x *node) {
	if !r.hints.Wrapped || r.p.Style != spec.RPC || j.kind != spec.Array || j.elem == nil || j.elem.kind != spec.Struct ||
		x.kind != spec.Struct || len(x.children) != 1 {
		return
	}
	xi := x.children[0]
	xe := structOf(xi)
	if xi.name == j.name || xe == nil || !sharesName(xe, j.elem) {
		return
	}
	r.warn(spec.DiagResponseNesting, j.pos, "the JSON example shows %s as a bare list, the XML example as the wrapper of %s items, and this package's RPC responses wrap their lists; generating the wrapper {%q: {%q: [...]}}", j.name, xi.name, j.name, xi.name)
	wrapList(j, xi.name)
}

// sharesName reports whether two objects have a member name in common.
func sharesName(a, b *node) bool {
	for _, c := range a.children {
		if b.child(c.name) != nil {
			return true
		}
	}
	return false
}

// dropJSONOnly leaves out a field only the JSON example shows: no row names
// it or anything below it, and the XML example shows the object it is in
// without it, while the table documents that object (names one of its
// members). Two of the page's three sources lack it, as crossCheck takes an
// XML-only field that the table names. j is the JSON skeleton after
// matching, x the XML's.
func (r *resolver) dropJSONOnly(j, x *node) {
	jo, xo := structOf(j), structOf(x)
	if jo == nil || xo == nil || len(xo.children) == 0 {
		return
	}
	documentedHere := false
	for _, c := range jo.children {
		documentedHere = documentedHere || c.row != nil
	}
	kept := jo.children[:0]
	for _, c := range jo.children {
		xc := xo.child(c.name)
		if xc == nil && c.row == nil && !rowBelow(c) && documentedHere {
			r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s is only in the JSON example: the table does not list it, and the XML example shows %s without it; left out", c.name, describeName(jo))
			r.markLeftOut(c.pos)
			continue
		}
		if xc != nil {
			r.dropJSONOnly(c, xc)
		}
		kept = append(kept, c)
	}
	jo.children, jo.idx = kept, nil
}

// documented reports whether the table names any member of an object.
func documented(o *node, rowNames map[string]bool) bool {
	for _, c := range o.children {
		if rowNames[c.name] {
			return true
		}
	}
	return false
}

// describeName names an object for a message: its name, or its list's.
func describeName(o *node) string {
	if o.name == "" && o.parent == nil {
		return "the response"
	}
	if o.isElem && o.parent != nil {
		return o.parent.name + "'s elements"
	}
	return o.name
}

// structOf is the struct holding a node's fields, without changing the node.
func structOf(n *node) *node {
	if n.kind == spec.Array && n.elem != nil {
		n = n.elem
	}
	if n.kind == spec.Struct {
		return n
	}
	return nil
}

// expandRows splices sub-tables ("数据类型 X" tables, "## X" sections) in after
// the row whose type names them, and splits dotted names into nested rows.
func expandRows(rows []spec.Row) []spec.Row {
	defs := map[string][]spec.Row{}
	var main []spec.Row
	for _, row := range rows {
		if row.Table > 0 || row.TableLabel != "" {
			if name := labelName(row.TableLabel); name != "" {
				defs[strings.ToLower(name)] = append(defs[strings.ToLower(name)], row)
				continue
			}
		}
		main = append(main, row)
	}
	used := map[string]bool{}
	var out []spec.Row
	var emit func(rs []spec.Row, depth int)
	emit = func(rs []spec.Row, extra int) {
		for _, row := range splitDotted(rs) {
			row.Depth += extra
			out = append(out, row)
			if ref := subTableFor(row, defs, used); ref != "" {
				used[ref] = true
				emit(defs[ref], row.Depth+1)
			}
		}
	}
	emit(main, 0)
	return out
}

// subTableFor returns the key in defs of the sub-table that describes a row's
// members, or "": the table labelled with the type the row names (`Array of
// Tag`, "Tag"), else, as the ECS pages name them, that type or the row's own
// name with "Type" appended, a plural's "s" dropped (`Array of AvailableZones`
// described by "AvailableZoneType"). A sub-table is used once.
func subTableFor(row spec.Row, defs map[string][]spec.Row, used map[string]bool) string {
	ref := strings.ToLower(parseType(row.Type).elemRef)
	if ref == "" {
		return ""
	}
	name := strings.ToLower(row.Name)
	for _, k := range []string{ref, ref + "type", strings.TrimSuffix(ref, "s") + "type", name + "type", strings.TrimSuffix(name, "s") + "type"} {
		if _, ok := defs[k]; ok && !used[k] {
			return k
		}
	}
	return ""
}

// reJSONText matches a description saying a string field holds JSON text:
// "以JSON字符串表示", "JSON格式的字符串", "JSON串".
var reJSONText = regexp.MustCompile(`(?i)JSON\s*(格式的)?(字符串|串|string)`)

// dropJSONTextTables leaves out the sub-tables (tables after the response
// table that no row's type or label names) of a page whose response table
// has a String field holding JSON text, by its description or by its
// example's keys (jsonTextOwner), or a Map field (mapOwner): they document
// that value (mts QuerySmarttagJob: Result.Data, "以JSON字符串表示", then one
// table per Type), not the response's structure. The field stays a string
// or an untyped map.
func (r *resolver) dropJSONTextTables(rows []spec.Row) []spec.Row {
	owner, why := "", "a string its description says is JSON"
	for _, row := range rows {
		if row.Table == 0 && parseType(row.Type).kind == spec.String && reJSONText.MatchString(row.Description) {
			owner = row.Name
			break
		}
	}
	if owner == "" {
		owner = jsonTextOwner(rows)
		why = "a string whose example is JSON text with these keys"
	}
	if owner == "" {
		owner = mapOwner(rows)
		why = "a map whose keys the service chooses"
	}
	if owner == "" {
		return rows
	}
	var keep []spec.Row
	warned := map[int]bool{}
	for _, row := range rows {
		if unlabelledSub(row) {
			if !warned[row.Table] {
				warned[row.Table] = true
				r.warn(spec.DiagSubTable, row.Pos, "the table here documents the value of response field %s (%s), not the response's structure; left out", owner, why)
			}
			continue
		}
		keep = append(keep, row)
	}
	return keep
}

// jsonTextOwner returns the String field of the response table whose
// example is JSON text (an object, its quotes escaped or not) with a key
// that a row of an unlabelled sub-table names (iotedge GetEdgeDriverVersion:
// ContainerConfig {"privileged":1,"portMappings":[],…}, then a table of
// privileged, portMappings, …), or "".
func jsonTextOwner(rows []spec.Row) string {
	sub := map[string]bool{}
	for _, row := range rows {
		if unlabelledSub(row) {
			sub[row.Name] = true
		}
	}
	if len(sub) == 0 {
		return ""
	}
	for i := range rows {
		row := &rows[i]
		if row.Table != 0 || parseType(row.Type).kind != spec.String {
			continue
		}
		jp := jsonExample(row)
		if jp == nil && strings.Contains(row.Example, `\"`) {
			jp = jsonExample(&spec.Row{Example: strings.ReplaceAll(row.Example, `\"`, `"`)})
		}
		if jp == nil {
			continue
		}
		for k := range jp.keys {
			if sub[k] {
				return row.Name
			}
		}
	}
	return ""
}

// mapOwner returns the Map field of the response table when there is one
// and an unlabelled sub-table follows the table (ros GetTemplateEstimateCost:
// Resources, Map, then a table of one resource's Order): the sub-table
// documents the map's values, which stay untyped, not the response.
func mapOwner(rows []spec.Row) string {
	owner, sub := "", false
	for _, row := range rows {
		switch {
		case row.Table == 0 && owner == "" && parseType(row.Type).kind == spec.Map:
			owner = row.Name
		case unlabelledSub(row):
			sub = true
		}
	}
	if !sub {
		return ""
	}
	return owner
}

// unlabelledSub reports a row of a table after the response table that no
// label ties to a type.
func unlabelledSub(row spec.Row) bool { return row.Table > 0 && labelName(row.TableLabel) == "" }

var reLabelName = regexp.MustCompile(`([A-Za-z][A-Za-z0-9_]*)\s*$`)

func labelName(label string) string {
	label = strings.TrimSpace(strings.TrimRight(label, ":："))
	if m := reLabelName.FindStringSubmatch(label); m != nil {
		return m[1]
	}
	return ""
}

// splitDotted turns "EventType.Code", "EventType.Name" into a container row
// EventType with children Code and Name.
func splitDotted(rows []spec.Row) []spec.Row {
	var out []spec.Row
	open := map[string]bool{}
	for _, row := range rows {
		parts := strings.Split(row.Name, ".")
		if len(parts) == 1 || strings.Contains(row.Name, " ") {
			out = append(out, row)
			continue
		}
		// A list index (DataDisk.n.Size, Tag.N.Key) is no field: the part
		// before it is a list of objects.
		var names []string
		list := map[int]bool{}
		for _, part := range parts {
			if (part == "n" || part == "N") && len(names) > 0 {
				list[len(names)-1] = true
				continue
			}
			names = append(names, part)
		}
		prefix := ""
		for i, part := range names[:len(names)-1] {
			if prefix != "" {
				prefix += "."
			}
			prefix += part
			if !open[prefix] {
				open[prefix] = true
				typ := "Struct"
				if list[i] {
					typ = "Array"
				}
				out = append(out, spec.Row{Name: part, Type: typ, Depth: row.Depth + i, Pos: row.Pos, Table: row.Table})
			}
		}
		row.Name = names[len(names)-1]
		row.Depth += len(names) - 1
		out = append(out, row)
	}
	return out
}

// headersOnly reports an object whose keys are all HTTP header names.
func headersOnly(v *example.Node) bool {
	if v.Kind != example.Object || len(v.Children) == 0 {
		return false
	}
	for _, c := range v.Children {
		k := strings.ToLower(strings.TrimSpace(c.Key))
		switch {
		case k == "date", k == "connection", k == "server", k == "content-length", k == "content-type", k == "access-control-allow-origin", k == "content-md5",
			strings.HasPrefix(k, "x-log-"), strings.HasPrefix(k, "x-acs-"), strings.HasPrefix(k, "x-oss-"):
		default:
			return false
		}
	}
	return true
}

// errorShaped reports an object shaped like the services' error responses:
// HostId and Code with at most RequestId, Message and Recommend beside them.
func errorShaped(v *example.Node) bool {
	if v.Kind != example.Object {
		return false
	}
	has := map[string]bool{}
	for _, c := range v.Children {
		switch c.Key {
		case "RequestId", "HostId", "Code", "Message", "Recommend":
			has[c.Key] = true
		default:
			return false
		}
	}
	return has["HostId"] && has["Code"]
}

// exampleName is how a warning names an example.
var exampleName = map[spec.ExampleKind]string{spec.JSONExample: "JSON", spec.XMLExample: "XML"}

// envelopeKeys are the members a gateway envelope puts around a response
// ({"code":200,"data":{…},"requestId":…,"success":true}), lower-cased.
var envelopeKeys = map[string]bool{
	"code": true, "success": true, "requestid": true, "message": true, "msg": true,
	"httpstatuscode": true, "errorcode": true, "errormessage": true, "errcode": true,
	"errmsg": true, "status": true, "statuscode": true,
}

// unenvelope handles an example (JSON or XML, kind) that wraps the response
// in a gateway envelope while the table is flat: the example holds an
// object data (in any case) the table does not list, at least half of whose
// members are table rows, and its other members are rows, envelope keys or
// other scalars. Data's members then stand at the top, beside the
// envelope's members the table lists and data lacks; the others are
// dropped.
func (r *resolver) unenvelope(v *example.Node, rows []spec.Row, kind spec.ExampleKind) *example.Node {
	if v.Kind != example.Object {
		return v
	}
	rowNames := map[string]bool{}
	for _, row := range rows {
		rowNames[strings.ToLower(row.Name)] = true
	}
	if rowNames["data"] {
		return v
	}
	var data *example.Node
	for _, c := range v.Children {
		switch {
		case strings.EqualFold(c.Key, "data") && c.Kind == example.Object && data == nil:
			data = c
		case rowNames[strings.ToLower(c.Key)] || envelopeKeys[strings.ToLower(c.Key)]:
		case c.Kind != example.Object && c.Kind != example.Array:
			// Another scalar of the gateway's ("successResponse": true).
		default:
			return v
		}
	}
	if data == nil || len(data.Children) == 0 {
		return v
	}
	n := 0
	for _, c := range data.Children {
		if rowNames[strings.ToLower(c.Key)] {
			n++
		}
	}
	if 2*n < len(data.Children) {
		return v
	}
	out := &example.Node{Kind: example.Object, Key: v.Key, Line: v.Line, Col: v.Col}
	inData := map[string]bool{}
	for _, c := range data.Children {
		inData[strings.ToLower(c.Key)] = true
	}
	var dropped []string
	for _, c := range v.Children {
		switch {
		case c == data:
			out.Children = append(out.Children, data.Children...)
		case rowNames[strings.ToLower(c.Key)] && !inData[strings.ToLower(c.Key)]:
			// (The gateway's requestId beside data's RequestId: data's
			// is the API's.)
			out.Children = append(out.Children, c)
		default:
			dropped = append(dropped, c.Key)
		}
	}
	pos := exampleOf(r.p, kind).Pos
	r.warn(spec.DiagResponseNesting, at(pos, data.Line, data.Col), "the %s example wraps the response in a gateway envelope (%s); reading the members of %s as the response, as the table lists them", exampleName[kind], strings.Join(append(dropped, data.Key), ", "), data.Key)
	return out
}

// rewrap handles an example that shows only the content of one struct field:
// it has no RequestId (every response has one) while the table lists
// RequestId and a struct row X, none of the example's keys is a row listed
// above X, and most of them are rows listed after it. The example then
// becomes X's value.
func (r *resolver) rewrap(root *node, rows []spec.Row) {
	if root.child("RequestId") != nil || len(root.children) < 2 {
		return
	}
	hasRequestID := false
	for _, row := range rows {
		if row.Name == "RequestId" && row.Depth == 0 {
			hasRequestID = true
		}
	}
	if !hasRequestID {
		return
	}
	for i, row := range rows {
		ti := parseType(row.Type)
		if row.Depth != 0 || ti.kind != spec.Struct || ti.unknown || root.child(row.Name) != nil {
			continue
		}
		after, before := map[string]bool{}, false
		for _, a := range rows[i+1:] {
			after[a.Name] = true
		}
		for _, b := range rows[:i] {
			if root.child(b.Name) != nil {
				before = true // the example shows rows listed above X: not X's content
			}
		}
		if before {
			continue
		}
		n := 0
		for _, c := range root.children {
			if after[c.name] {
				n++
			}
		}
		if n*10 < len(root.children)*6 {
			continue
		}
		w := &node{name: row.Name, kind: spec.Struct, fromEx: true, parent: root, children: root.children, pos: root.pos}
		for _, c := range w.children {
			c.parent = w
		}
		root.children = []*node{w}
		r.warn(spec.DiagResponseNesting, row.Pos, "the JSON example shows only the content of %s; reading it as that field", row.Name)
		r.wrapped = row.Name
		return
	}
}

// referenceOnly returns the page's note saying that the examples show more
// than the table guarantees ("本文只保证包含返回数据列表中的参数，而未提到的参数
// 仅供参考，程序中不能强制依赖获取这些参数") or that the rest of the response is
// documented on another page, or nil.
func referenceOnly(notes []spec.Note) *spec.Note {
	for i := range notes {
		t := strings.ReplaceAll(notes[i].Text, " ", "")
		if strings.Contains(t, "只保证") && strings.Contains(t, "参数") ||
			strings.Contains(t, "未提到的") && strings.Contains(t, "仅供参考") ||
			strings.Contains(t, "不能强制依赖获取") ||
			// "返回数据中还包括Result参数，详情请参见ListInstance": the rest is
			// documented on another page.
			(strings.Contains(t, "还包含") || strings.Contains(t, "还包括") || strings.Contains(t, "更多参数")) && strings.Contains(t, "参见") {
			return &notes[i]
		}
	}
	return nil
}

// pruneUnlisted leaves out the response fields only the examples show, when
// the page says the examples' other fields are for reference only. A field
// stays when a row names it or anything below it, and so does the inner list
// of a wrapper the table names ({"Ips":{"Ip":[...]}} for a row Ips).
func (r *resolver) pruneUnlisted(n *node, note *spec.Note) {
	if n.kind == spec.Array && n.elem != nil {
		r.pruneUnlisted(n.elem, note)
		return
	}
	if n.kind != spec.Struct {
		return
	}
	kept := n.children[:0]
	for _, c := range n.children {
		switch {
		case c.row != nil || rowBelow(c) || n.row != nil && len(n.children) == 1 && c.kind == spec.Array:
			kept = append(kept, c)
			r.pruneUnlisted(c, note)
		case n.parent == nil && (c.kind == spec.Struct || c.kind == spec.Array) && mentions(note.Text, c.name):
			// The note names the field and defers its members to another page.
			c.untyped = true
			kept = append(kept, c)
			r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s is only in the examples; the note at %s names it but documents it elsewhere; kept as an untyped map", c.name, noteAt(note, c.pos))
		default:
			r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s is only in the examples, which the note at %s says show fields the table does not guarantee; left out", c.name, noteAt(note, c.pos))
			r.markLeftOut(c.pos)
		}
	}
	n.children, n.idx = kept, nil
}

// dropUnlistedMembers leaves out the scalar fields only the examples show
// inside an object the table documents: the object has a row, and rows name
// some of its fields but not these, nor any field anywhere by their names.
// The table lists that object's members; a sample's extra member is no part
// of them (ros ListStacks' examples show a stack's UpdatedTime, which the
// table, listing the stack's other fields, does not). At the top of the
// response, and in objects the table names no member of, the examples stay
// the page's word. Dotted example keys (SystemDisk.Size) are the table's
// dotted rows written flat, and an item's member named after the item
// (LockReason in LockReason) the row of its list; both stay.
func (r *resolver) dropUnlistedMembers(root *node, rowNames map[string]bool) {
	walkNodes(root, func(n *node) {
		if n == root || n.kind != spec.Struct || n.untyped || !anyRow(n) {
			return
		}
		owner := n
		if n.isElem && n.parent != nil {
			owner = n.parent
		}
		if owner.row == nil {
			return
		}
		kept := n.children[:0]
		for _, c := range n.children {
			if c.row == nil && c.fromEx && c.scalar() && !rowNames[c.name] && !strings.Contains(c.name, ".") && c.name != n.name && c.name != owner.name {
				r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s is only in the examples; the table lists the fields of %s without it; left out", c.name, describeName(n))
				r.markLeftOut(c.pos)
				continue
			}
			kept = append(kept, c)
		}
		n.children, n.idx = kept, nil
	})
}

// hoistUnnamed removes an object the examples put between a container the
// table documents and its fields, when the table never names it: Result's
// row, then rows of AsyncTaskStatus and Progress, while the example shows
// {"Result": {"DomainConfig": {"AsyncTaskStatus": 2, "Progress": 100}}}.
// The table says the fields are Result's; the example adds a level, as a
// gateway envelope adds one around a flat body. Only an object that is the
// container's one member and holds nothing but fields rows name is hoisted.
func (r *resolver) hoistUnnamed(root *node, rowNames map[string]bool) {
	walkNodes(root, func(p *node) {
		if p == root || p.kind != spec.Struct || p.row == nil || len(p.children) != 1 {
			return
		}
		y := p.children[0]
		if y.row != nil || rowNames[y.name] || !y.fromEx || y.fromXML || y.kind != spec.Struct || len(y.children) == 0 ||
			parseType(p.row.Type).kind == spec.Array || y.name == singular(p.name) {
			return // (an XML list of one item looks like this)
		}
		for _, c := range y.children {
			if c.row == nil {
				return
			}
		}
		r.warn(spec.DiagResponseNesting, y.pos, "the examples put the fields of %s in an object %s the table does not name; following the table, which lists them as %s's", p.name, y.name, p.name)
		p.children, p.idx = nil, nil
		for _, c := range y.children {
			p.add(c)
		}
	})
}

// dropStrayCopies leaves out the example's scalar fields that no row
// matched and whose name rows matched elsewhere as often as the table lists
// it (ccc ListOutboundNumbersOfUser's examples show TotalCount at the top
// and in Data; the table lists it once, in Data): the table documents the
// field at its place, the example repeats it.
func (r *resolver) dropStrayCopies(root *node, rows []spec.Row) {
	for _, row := range rows {
		if row.Table > 0 {
			return // sub-tables: a row may stand for more than one place
		}
	}
	listed, claimed := rowCounts(rows), scalarCounts(root, true)
	var prune func(n *node)
	prune = func(n *node) {
		o := structOf(n)
		if o == nil {
			return
		}
		kept := o.children[:0]
		for _, c := range o.children {
			if c.row == nil && c.scalar() && listed[c.name] > 0 && claimed[c.name] >= listed[c.name] {
				r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s is in %s in the examples, but the table lists it only elsewhere, as often as the examples show it there; left out of %s", c.name, describeName(o), describeName(o))
				r.markLeftOut(c.pos)
				continue
			}
			prune(c)
			kept = append(kept, c)
		}
		o.children, o.idx = kept, nil
	}
	prune(root)
}

// rowCounts is the number of rows of each name.
func rowCounts(rows []spec.Row) map[string]int {
	n := map[string]int{}
	for _, row := range rows {
		n[row.Name]++
	}
	return n
}

// scalarCounts is the number of scalar fields of each name in the tree
// (with matched, only those a row matched).
func scalarCounts(root *node, matched bool) map[string]int {
	n := map[string]int{}
	walkNodes(root, func(c *node) {
		if c != root && !c.isElem && c.scalar() && (!matched || c.row != nil) {
			n[c.name]++
		}
	})
	return n
}

// rowBelow reports whether a table row names n or anything below it.
func rowBelow(n *node) bool {
	if n == nil {
		return false
	}
	if n.row != nil {
		return true
	}
	for _, c := range n.children {
		if rowBelow(c) {
			return true
		}
	}
	return rowBelow(n.elem)
}

// mentions reports whether text holds name as a whole word.
func mentions(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		if (j == 0 || !identByte(text[j-1])) && (end == len(text) || !identByte(text[end])) {
			return true
		}
		i = j + 1
	}
}

func identByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// noteAt is where a note is: its line, or its file and line when it is in
// another file than from.
func noteAt(note *spec.Note, from spec.Pos) string {
	if note.Pos.File == from.File {
		return fmt.Sprintf("line %d", note.Pos.Line)
	}
	return note.Pos.String()
}

// deferredResponse returns a note that refers the response's parameters to
// another page ("响应内容中包含的参数信息……请参见[Logtail配置]"), or nil.
func deferredResponse(notes []spec.Note) *spec.Note {
	for i := range notes {
		t := notes[i].Text
		if notes[i].Section == "response" && strings.Contains(t, "参见") && strings.Contains(t, "参数") {
			return &notes[i]
		}
	}
	return nil
}

// reHeadersNote matches a note saying a field stands for the HTTP headers:
// "返回数据中还包含Headers参数，表示返回头信息".
var reHeadersNote = regexp.MustCompile(`还包[含括]\s*([A-Za-z][\w-]*)\s*参数[，,]\s*表示[^。]*头信息`)

// dropHeaders leaves out a top-level field that a note says stands for the
// HTTP response headers, which are not part of the body.
func (r *resolver) dropHeaders(root *node) {
	o := root.object()
	for _, n := range r.p.Notes {
		m := reHeadersNote.FindStringSubmatch(n.Text)
		if m == nil {
			continue
		}
		kept := o.children[:0]
		for _, c := range o.children {
			if c.name == m[1] && c.row == nil {
				r.warn(spec.DiagFieldOnlyInExample, c.pos, "response field %s stands for the HTTP headers (the note at %s); left out of the body", c.name, noteAt(&n, c.pos))
				r.markLeftOut(c.pos)
				continue
			}
			kept = append(kept, c)
		}
		o.children, o.idx = kept, nil
	}
}

// markLeftOut records an example field left out on the page's word, so that
// writing the canonical examples does not warn about it again.
func (r *resolver) markLeftOut(pos spec.Pos) {
	if r.leftOut == nil {
		r.leftOut = map[spec.Pos]bool{}
	}
	r.leftOut[pos] = true
}

// renameContainers handles a container the examples name otherwise than the
// table: a table row typed as a list or object (CertInfos: Array of CertInfo)
// that no example shows in any spelling, and an example container whose name
// is no row (content: [{…}]) but whose members are the rows that follow that
// row. The table's name is the SDKs'; the example's container takes it. Each
// side must have exactly one such partner.
func (r *resolver) renameContainers(root *node, rows []spec.Row) {
	rowNames := map[string]bool{}
	for _, row := range rows {
		rowNames[strings.ToLower(row.Name)] = true
	}
	exNames := map[string]bool{}
	var orphans []*node // example containers no row names
	walkNodes(root, func(n *node) {
		if n == root || n.isElem {
			return
		}
		exNames[strings.ToLower(n.name)] = true
		if p := n.parent; p != nil && p.kind == spec.Struct && len(p.children) == 1 && len(orphans) > 0 && orphans[len(orphans)-1] == p {
			return // the list of an orphan wrapper: the wrapper is the container
		}
		if !rowNames[strings.ToLower(n.name)] && (n.kind == spec.Struct || n.kind == spec.Array) {
			orphans = append(orphans, n)
		}
	})
	if len(orphans) == 0 {
		return
	}
	type pair struct {
		row  *spec.Row
		node *node
	}
	var pairs []pair
	rowsOf := map[*node]int{}
	for i := range rows {
		row := &rows[i]
		ti := parseType(row.Type)
		// Old tables leave a container's type blank; such a row pairs only
		// with an orphan whose name shares two words at its start or end
		// (SrcBpsDataPerInterval for OriginBpsDataPerInterval).
		untyped := strings.TrimSpace(row.Type) == ""
		if ti.kind != spec.Array && ti.kind != spec.Struct && !untyped || exNames[strings.ToLower(row.Name)] || row.Description == "" {
			// (A row without a description is the table's own: a part of a
			// dotted name, Tag.n.Key.)
			continue
		}
		// The orphan whose fields (80% of them) are among the next rows,
		// as far as a table listing them and their own members reaches.
		var found *node
		for _, o := range orphans {
			keys := memberNames(o)
			if len(keys) < 2 || untyped && sharedWords(row.Name, o.name) < 2 {
				continue
			}
			hit, span := 0, 0
			for _, a := range rows[i+1:] {
				if span == 4*len(keys)+4 {
					break
				}
				span++
				if keys[a.Name] {
					hit++
				}
			}
			if hit*10 >= len(keys)*8 {
				if found != nil {
					found = nil // two candidates: leave it
					break
				}
				found = o
			}
		}
		if found != nil {
			pairs = append(pairs, pair{row, found})
			rowsOf[found]++
		}
	}
	for _, p := range pairs {
		if rowsOf[p.node] != 1 {
			continue
		}
		r.warn(spec.DiagNameMismatch, p.row.Pos, "the examples name %s %s; using the table's name", p.row.Name, p.node.name)
		old, item := p.node.name, wrappedItem(p.node)
		p.node.name = p.row.Name
		if p.node.elem != nil {
			p.node.elem.name = p.row.Name
		}
		if item != nil && !item.isElem && item.name == singular(old) && singular(p.row.Name) != "" {
			// The one object of a wrapper, named in the singular of the
			// examples' name, takes the singular of the table's
			// (HealthChecks/HealthCheck for VbrHealthChecks: VbrHealthCheck);
			// a list's elements are named by the table's element row, if any.
			r.warn(spec.DiagNameMismatch, p.row.Pos, "the examples name the one item of %s %s; using %s", p.row.Name, item.name, singular(p.row.Name))
			item.name = singular(p.row.Name)
			p.node.idx = nil
		}
		if p.node.parent != nil {
			p.node.parent.idx = nil
		}
	}
}

// wrapBareItems gives the RPC wrapper back to the examples' items of a list
// the table names: no row names the example's object (or list of objects)
// X, one row names its plural Xs (BatchResultDetails, Uises for Uis) with
// no type or a list type, no example shows Xs, and rows after Xs name most
// of X's fields (dns DescribeBatchResultDetail's examples show
// "BatchResultDetail": {...}, uis DescribeUises' "Uis": [...]). The wire
// has {"Xs": {"X": [...]}}.
func (r *resolver) wrapBareItems(root *node, rows []spec.Row) {
	if r.p.Style != spec.RPC {
		return
	}
	var exNames map[string]bool
	listRows := map[string]int{} // row name → its index, -1 when two rows have it
	for i, row := range rows {
		ti := parseType(row.Type)
		if singular(row.Name) == "" && !strings.HasSuffix(row.Name, "es") || !(strings.TrimSpace(row.Type) == "" || ti.kind == spec.Array && ti.elemRef == "") {
			continue
		}
		if exNames == nil {
			exNames = map[string]bool{}
			walkNodes(root, func(n *node) { exNames[strings.ToLower(n.name)] = true })
		}
		if exNames[strings.ToLower(row.Name)] {
			continue
		}
		if _, dup := listRows[row.Name]; dup {
			listRows[row.Name] = -1
		} else {
			listRows[row.Name] = i
		}
	}
	if len(listRows) == 0 {
		return
	}
	rowNames := map[string]bool{}
	for _, row := range rows {
		rowNames[strings.ToLower(row.Name)] = true
	}
	pluralRow := func(item string) int {
		if len(item) < 2 || !unicode.IsUpper(rune(item[0])) {
			return -1
		}
		at := -1
		for name, i := range listRows {
			if i >= 0 && (singular(name) == item || name == item+"es") {
				if at >= 0 {
					return -1
				}
				at = i
			}
		}
		return at
	}
	type bare struct {
		n   *node
		row int
	}
	var found []bare
	walkNodes(root, func(n *node) {
		if n == root || n.isElem || rowNames[strings.ToLower(n.name)] {
			return
		}
		o := n
		if n.kind == spec.Array && n.elem != nil {
			o = n.elem
		}
		if o.kind != spec.Struct || len(o.children) == 0 {
			return
		}
		i := pluralRow(n.name)
		if i < 0 {
			return
		}
		after := rowCounts(rows[i+1:])
		hit := 0
		for _, c := range o.children {
			if after[c.name] > 0 {
				hit++
			}
		}
		if hit*2 > len(o.children) {
			found = append(found, bare{n, i})
		}
	})
	for _, b := range found {
		n, row := b.n, &rows[b.row]
		w := &node{name: row.Name, kind: spec.Struct, fromEx: true, fromXML: n.fromXML, parent: n.parent, pos: n.pos}
		for i, c := range n.parent.children {
			if c == n {
				n.parent.children[i] = w
			}
		}
		n.parent.idx = nil
		if n.kind == spec.Array {
			w.add(n)
		} else {
			arr := &node{name: n.name, kind: spec.Array, elem: n, fromEx: true, fromXML: n.fromXML, pos: n.pos}
			n.parent, n.isElem = arr, true
			w.add(arr)
		}
		r.warn(spec.DiagResponseNesting, n.pos, "the examples show %s where the table lists %s; generating the RPC wrapper {%q: {%q: [...]}}", n.name, row.Name, row.Name, n.name)
	}
}

// sharedWords is the number of camel-case words two names share at their
// start or at their end, whichever is more (case aside).
func sharedWords(a, b string) int {
	wa, wb := camelWords(a), camelWords(b)
	pre, suf := 0, 0
	for pre < len(wa) && pre < len(wb) && strings.EqualFold(wa[pre], wb[pre]) {
		pre++
	}
	for suf < len(wa) && suf < len(wb) && strings.EqualFold(wa[len(wa)-1-suf], wb[len(wb)-1-suf]) {
		suf++
	}
	return max(pre, suf)
}

// wrappedItem is the item of an RPC list wrapper: the element of the one
// list it holds ({"Items": {"Item": [...]}}), or the one object it holds
// named in its singular, as examples show a list of one item ({"Items":
// {"Item": {...}}}); nil for any other node.
func wrappedItem(o *node) *node {
	if len(o.children) != 1 {
		return nil
	}
	c := o.children[0]
	switch {
	case c.kind == spec.Array && c.elem != nil:
		return c.elem
	case c.kind == spec.Struct && c.name != "" && c.name == singular(o.name):
		return c
	}
	return nil
}

// memberNames are the names of the fields of a container node (a list's
// element's fields, a wrapper's list's).
func memberNames(n *node) map[string]bool {
	o := n
	if o.kind == spec.Array {
		o = o.elem
	}
	out := map[string]bool{}
	if o == nil {
		return out
	}
	if item := wrappedItem(o); item != nil {
		// A wrapper, {"Items": {"Item": [...]}}: its list's fields.
		o = item
	}
	for _, c := range o.children {
		out[c.name] = true
	}
	return out
}
