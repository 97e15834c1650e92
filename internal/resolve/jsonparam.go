package resolve

import (
	"strings"
	"unicode"

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

// jsonParam is a main-table parameter whose example is a JSON value.
type jsonParam struct {
	row   *spec.Row
	array bool            // the example is a list (of objects)
	keys  map[string]bool // the member names the example shows (first level)
}

// jsonSubTables returns the request rows that stay parameters and, per
// owning parameter name, the sub-table rows that describe its JSON value.
// A sub-table no parameter owns and without a required column (no row says
// 是 or 否) documents values or structures, not parameters (arms
// SaveTraceAppConfig: the keys a Settings.N.Key may take): its rows are
// left out with a warning.
func (r *resolver) jsonSubTables(rows []spec.Row) ([]spec.Row, map[string][]spec.Row) {
	var params []*jsonParam
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
		if parseType(row.Type).kind != spec.String {
			continue
		}
		if jp := jsonExample(row); jp != nil {
			params = append(params, jp)
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
	for _, t := range order {
		idx := groups[t]
		if owner := owningParam(rows, idx, params, upper, mainRows); owner != nil {
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
	members := map[string][]spec.Row{}
	warned := map[int]bool{}
	for i, row := range rows {
		jp := owned[i]
		switch {
		case jp != nil:
			if !warned[row.Table] {
				warned[row.Table] = true
				r.warn(row.Pos, "the table here describes the JSON value of request parameter %s (its example %s); its rows are that value's members, not parameters", jp.row.Name, shortExample(jp.row.Example))
			}
			members[jp.row.Name] = append(members[jp.row.Name], row)
		case dropped[i]:
			if !warned[row.Table] {
				warned[row.Table] = true
				r.warn(row.Pos, "the table here has no required column and follows the parameter table: it documents values or structures, not parameters; its rows are not sent")
			}
		default:
			keep = append(keep, row)
		}
	}
	return keep, members
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
// structs, sent as one JSON value, with the sub-table rows as members.
func (r *resolver) jsonMembers(leaf *spec.Field, array bool, rows []spec.Row) {
	s := &spec.Field{Name: leaf.Name, Kind: spec.Struct, Pos: leaf.Pos}
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row.Name] || !WireName(row.Name) || strings.ContainsAny(row.Name, " \t") {
			continue // the same key in the tables of several variants
		}
		seen[row.Name] = true
		ti := parseType(row.Type)
		k := ti.kind
		switch {
		case k.IsScalar():
		case k == spec.Array && ti.elem.IsScalar():
		case k == spec.Array, k == spec.Struct, k == spec.Map:
			k = spec.Any
		default:
			k = spec.String
		}
		m := &spec.Field{Name: row.Name, Kind: k, TypeText: row.Type, Example: row.Example, Description: row.Description, Required: isRequired(row.Required), Pos: row.Pos}
		if k == spec.Array {
			m.Elem = &spec.Field{Name: row.Name, Kind: ti.elem, Pos: row.Pos}
		}
		s.Fields = append(s.Fields, m)
	}
	if len(s.Fields) == 0 {
		return
	}
	if array {
		leaf.Kind, leaf.Elem, leaf.Fields = spec.Array, s, nil
	} else {
		leaf.Kind, leaf.Fields, leaf.Elem = spec.Struct, s.Fields, nil
	}
	leaf.Flat = false
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
