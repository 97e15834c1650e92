package resolve

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cccgen/cccgen/internal/example"
	"github.com/cccgen/cccgen/spec"
)

// A request parameter of type String whose value is JSON (its example is a
// JSON object or array) often has a table of its own after the parameter
// table: the members of that one value (cdn AddCdnDomain's Sources: content,
// type, priority; cms CreateSiteMonitor's OptionsJson: one table per task
// type). Such a table is the value's shape, not more parameters: the
// parameter becomes a struct (or a list of structs) sent as one JSON string,
// the table's rows its members, their required flags the members' own.
//
// A sub-table belongs to a JSON parameter when its rows name a key of that
// parameter's example; failing that, when its label names the parameter;
// failing that, when the main table has one JSON parameter and the
// sub-table's names are lower-case while the parameters are upper camel case
// (the services' JSON keys, not their parameter names).

// jsonMember is a sub-table row of a JSON parameter's value; parent names
// the member whose own table it is in ("" for the value's first level).
type jsonMember struct {
	row    spec.Row
	parent string
}

// jsonParam is a main-table parameter whose example is a JSON value.
type jsonParam struct {
	row *spec.Row
	// object marks a parameter typed Object (Struct, Map): the table is
	// its members (or, for a map, its values'), sent as the value itself.
	object bool
	array  bool            // the example is a list (of objects)
	keys   map[string]bool // the member names the example shows (first level)
}

// jsonSubTables returns the request rows that stay parameters and, per
// owning parameter name, the sub-table rows that describe its JSON value.
// A sub-table no parameter owns and without a required column (no row says
// 是 or 否) documents values or structures, not parameters (arms
// SaveTraceAppConfig: the keys a Settings.N.Key may take): its rows are
// left out with a warning.
func (r *resolver) jsonSubTables(rows []spec.Row) ([]spec.Row, map[string][]jsonMember) {
	reqValues := r.requestExampleValues()
	var params []*jsonParam
	var objects []*jsonParam // Object parameters: owners by their label only
	upper, mainRows := 0, 0
	for i := range rows {
		row := &rows[i]
		if row.Table != 0 || row.Depth != 0 {
			continue
		}
		mainRows++
		if startsUpper(row.Name) {
			upper++
		}
		if k := parseType(row.Type).kind; k == spec.Struct || k == spec.Map || k == spec.Any {
			objects = append(objects, &jsonParam{row: row, object: true, keys: map[string]bool{}})
			continue
		}
		if parseType(row.Type).kind != spec.String {
			continue
		}
		if jp := jsonExample(row); jp != nil {
			params = append(params, jp)
		} else if v := reqValues[row.Name]; v != "" {
			// The row's example cell is empty; the request example's value is JSON.
			if jp := jsonExample(&spec.Row{Name: row.Name, Example: v}); jp != nil {
				jp.row = row
				params = append(params, jp)
			}
		}
	}
	groups := map[int][]int{} // sub-table → row indexes
	var order []int
	for i := range rows {
		if t := rows[i].Table; t > 0 {
			if groups[t] == nil {
				order = append(order, t)
			}
			groups[t] = append(groups[t], i)
		}
	}
	if len(order) == 0 {
		return rows, nil
	}
	owned := map[int]*jsonParam{}
	dropped := map[int]bool{}
	// The member names of owned sub-tables, in table order, and their owners.
	var memberNames []string
	memberOf := map[string]*jsonParam{}
	parentOf := map[int]string{} // row index → the member its sub-table describes
	for _, t := range order {
		idx := groups[t]
		// A table for a member of an owned one (ContainerConfig's table,
		// then "portMappings参数说明") is the same value's, one level down.
		var owner *jsonParam
		label := rows[idx[0]].TableLabel
		for _, name := range memberNames {
			if mentions(label, name) {
				owner = memberOf[name]
				for _, i := range idx {
					parentOf[i] = name
				}
				break
			}
		}
		if owner == nil {
			owner = owningParam(rows, idx, params, upper, mainRows)
		}
		if owner == nil {
			owner = labelledObject(label, objects)
		}
		if owner != nil {
			for _, i := range idx {
				if memberOf[rows[i].Name] == nil {
					memberNames = append(memberNames, rows[i].Name)
					memberOf[rows[i].Name] = owner
				}
			}
			for _, i := range idx {
				owned[i] = owner
			}
			continue
		}
		if valueTable(rows, idx) {
			for _, i := range idx {
				dropped[i] = true
			}
		}
	}
	if len(owned) == 0 && len(dropped) == 0 {
		return rows, nil
	}
	var keep []spec.Row
	members := map[string][]jsonMember{}
	warned := map[int]bool{}
	for i, row := range rows {
		jp := owned[i]
		switch {
		case jp != nil:
			if !warned[row.Table] {
				warned[row.Table] = true
				if jp.object {
					r.warn(spec.DiagSubTable, row.Pos, "the table here (%s) describes request parameter %s (%s); its rows are that object's members, not parameters", shortExample(row.TableLabel), jp.row.Name, jp.row.Type)
				} else {
					r.warn(spec.DiagSubTable, row.Pos, "the table here describes the JSON value of request parameter %s (its example %s); its rows are that value's members, not parameters", jp.row.Name, shortExample(jp.row.Example))
				}
			}
			members[jp.row.Name] = append(members[jp.row.Name], jsonMember{row, parentOf[i]})
			if r.jsonArray == nil {
				r.jsonArray = map[string]bool{}
			}
			r.jsonArray[jp.row.Name] = jp.array
		case dropped[i]:
			if !warned[row.Table] {
				warned[row.Table] = true
				r.warn(spec.DiagSubTable, row.Pos, "the table here has no required column and follows the parameter table: it documents values or structures, not parameters; its rows are not sent")
			}
		default:
			keep = append(keep, row)
		}
	}
	return keep, members
}

// requestExampleValues are the parameter values of the page's request
// example (k=v pairs, unescaped), first value of each key.
func (r *resolver) requestExampleValues() map[string]string {
	out := map[string]string{}
	for _, e := range r.p.Examples {
		if e.Kind != spec.RequestExample {
			continue
		}
		text := e.Text
		if i := strings.Index(text, "?"); i >= 0 {
			text = text[i+1:]
		}
		for _, line := range strings.Split(text, "\n") {
			for _, part := range strings.Split(strings.TrimSpace(line), "&") {
				k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
				if !ok || k == "" {
					continue
				}
				if uv, err := url.QueryUnescape(v); err == nil {
					v = uv
				}
				if _, dup := out[k]; !dup {
					out[k] = v
				}
			}
		}
	}
	return out
}

// owningParam is the JSON parameter a sub-table describes, or nil.
func owningParam(rows []spec.Row, idx []int, params []*jsonParam, upper, mainRows int) *jsonParam {
	for _, jp := range params {
		for _, i := range idx {
			if jp.keys[rows[i].Name] {
				return jp
			}
		}
	}
	label := rows[idx[0]].TableLabel
	for _, jp := range params {
		if mentions(label, jp.row.Name) {
			return jp
		}
	}
	if len(params) == 1 && 2*upper > mainRows {
		for _, i := range idx {
			if startsUpper(rows[i].Name) {
				return nil
			}
		}
		return params[0]
	}
	return nil
}

// labelledObject is the Object parameter a sub-table's label names, by its
// name or by the first words of its description (label
// "全文索引配置包含如下信息：", parameter line: "全文索引配置。"), or nil;
// a label two parameters match names neither.
func labelledObject(label string, objects []*jsonParam) *jsonParam {
	if label == "" {
		return nil
	}
	var found *jsonParam
	for _, o := range objects {
		lead := descriptionLead(o.row.Description)
		if mentions(label, o.row.Name) || utf8.RuneCountInString(lead) >= 4 && strings.Contains(label, lead) {
			if found != nil {
				return nil
			}
			found = o
		}
	}
	return found
}

// descriptionLead is a description up to its first clause mark.
func descriptionLead(d string) string {
	d = strings.TrimSpace(d)
	if i := strings.IndexAny(d, "。，,.；;：:（("); i >= 0 {
		d = d[:i]
	}
	return strings.TrimSpace(d)
}

// mapLike reports a parameter whose value is a map: typed Map, or described
// as keyed by data ("key为字段名称").
func mapLike(typeText, desc string) bool {
	return parseType(typeText).kind == spec.Map || keyedByData(desc)
}

// valueTable reports a sub-table none of whose rows has a required cell.
func valueTable(rows []spec.Row, idx []int) bool {
	for _, i := range idx {
		if strings.TrimSpace(rows[i].Required) != "" {
			return false
		}
	}
	return true
}

// jsonExample reads a parameter's example as a JSON object or list of
// objects, or returns nil.
func jsonExample(row *spec.Row) *jsonParam {
	ex := strings.TrimSpace(row.Example)
	if !strings.HasPrefix(ex, "{") && !strings.HasPrefix(ex, "[") {
		return nil
	}
	v, _, err := example.ParseJSON(ex)
	if err != nil || v == nil {
		return nil
	}
	jp := &jsonParam{row: row, keys: map[string]bool{}}
	obj := v
	if v.Kind == example.Array {
		jp.array = true
		obj = nil
		for _, e := range v.Children {
			if e.Kind == example.Object {
				obj = e
				break
			}
		}
		if obj == nil {
			return nil // a list of scalars: no members to describe
		}
	}
	if obj.Kind != example.Object {
		return nil
	}
	for _, c := range obj.Children {
		jp.keys[c.Key] = true
	}
	return jp
}

// jsonMembers turns the owning parameter leaf into a struct, or a list of
// structs, sent as one JSON value, with the sub-table rows as members; a
// member's own table makes it a struct (a list of structs when its type is
// a list).
func (r *resolver) jsonMembers(leaf *spec.Field, array bool, ms []jsonMember) {
	top := r.jsonStruct(leaf.Name, leaf.Pos, ms, "", 0)
	if top == nil || len(top.Fields) == 0 {
		return
	}
	if array {
		leaf.Kind, leaf.Elem, leaf.Fields = spec.Array, top, nil
	} else {
		leaf.Kind, leaf.Fields, leaf.Elem = spec.Struct, top.Fields, nil
	}
	leaf.Flat = false
}

func (r *resolver) jsonStruct(name string, pos spec.Pos, ms []jsonMember, parent string, depth int) *spec.Field {
	s := &spec.Field{Name: name, Kind: spec.Struct, Pos: pos}
	if depth > 8 {
		return s
	}
	seen := map[string]bool{}
	for _, m := range ms {
		row := m.row
		if m.parent != parent || seen[row.Name] || !WireName(row.Name) || strings.ContainsAny(row.Name, " \t") {
			continue // the same key in the tables of several variants
		}
		seen[row.Name] = true
		ti := parseType(row.Type)
		f := &spec.Field{Name: row.Name, TypeText: row.Type, Example: row.Example, Description: row.Description, Required: isRequired(row.Required), Pos: row.Pos}
		var sub *spec.Field
		for _, o := range ms {
			if o.parent == row.Name {
				sub = r.jsonStruct(row.Name, row.Pos, ms, row.Name, depth+1)
				break
			}
		}
		switch {
		case sub != nil && len(sub.Fields) > 0 && (ti.kind == spec.Array || strings.EqualFold(strings.TrimSpace(row.Type), "list")):
			f.Kind, f.Elem = spec.Array, sub
		case sub != nil && len(sub.Fields) > 0:
			f.Kind, f.Fields = spec.Struct, sub.Fields
		case ti.kind.IsScalar():
			f.Kind = ti.kind
		case ti.kind == spec.Array && ti.elem.IsScalar():
			f.Kind, f.Elem = spec.Array, &spec.Field{Name: row.Name, Kind: ti.elem, Pos: row.Pos}
		case ti.kind == spec.Array, ti.kind == spec.Struct, ti.kind == spec.Map, strings.EqualFold(strings.TrimSpace(row.Type), "list"):
			f.Kind = spec.Any
		default:
			f.Kind = spec.String
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

func startsUpper(s string) bool {
	for _, c := range s {
		return unicode.IsUpper(c)
	}
	return false
}

func shortExample(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
