package resolve

import (
	"regexp"
	"strings"

	"github.com/cccgen/cccgen/internal/example"

	"github.com/cccgen/cccgen/spec"
)

var (
	reRepeatMid = regexp.MustCompile(`^(.+?)\.(?:N|n|\d+)\.(.+)$`)
	reRepeatEnd = regexp.MustCompile(`^(.+?)\.(?:N|n|\d+)$`)
	rePathParam = regexp.MustCompile(`[\[{<]([A-Za-z_][A-Za-z0-9_]*)[\]}>]`)
)

// skipParams are request rows that are not parameters of the API itself.
var skipParams = map[string]bool{"Action": true}

func isRequired(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "是", "必选", "必填", "必须", "必需", "true", "yes", "y", "required":
		return true
	}
	return false
}

// request builds the request tree: `.N` names become lists (Tag.N.Key is a
// list of structs with a Key), dotted names become structs, └ rows nest
// under the row above them, and positions come from the 位置 column or the
// ROA path.
func (r *resolver) request() {
	p := r.p
	sls := r.slsPrepare()
	r.barePathParams()
	pathParams := map[string]bool{}
	for _, m := range rePathParam.FindAllStringSubmatch(p.Path, -1) {
		pathParams[m[1]] = true
	}
	var rows []spec.Row
	rows = append(rows, p.RequestRows...)
	for _, b := range p.BodyRows {
		if b.Position == "" {
			b.Position = "Body"
		}
		rows = append(rows, b)
	}
	rows, jsonValues := r.jsonSubTables(rows)
	reqValues := r.requestExampleValues()
	rows = r.listBodyFromExample(rows)
	rows, rawBody := r.unnamedBody(rows)
	root := &spec.Field{Kind: spec.Struct}
	type open struct {
		f     *spec.Field
		depth int
	}
	var stack []open
	seen := map[string]spec.Pos{}
	for _, row := range rows {
		if skipParams[row.Name] || sls.skip(r, row) {
			continue
		}
		if strings.ContainsAny(row.Name, " \t") || !WireName(row.Name) {
			r.warn(spec.DiagRowDropped, row.Pos, "request parameter name %q is not a wire name; skipped", row.Name)
			continue
		}
		key := row.Name
		if row.Depth > 0 {
			key = strings.Repeat("└", row.Depth) + key
		}
		if prev, dup := seen[key]; dup && row.Depth == 0 {
			r.warn(spec.DiagRowDropped, row.Pos, "request parameter %s is listed twice (first at %s); the second row is dropped", row.Name, prev)
			continue
		}
		seen[key] = row.Pos
		ti := parseType(row.Type)
		if ti.typo != "" {
			r.warn(spec.DiagTypeTypo, row.Pos, "type %q read as %s", row.Type, ti.typo)
		}
		if ti.unknown {
			r.warn(spec.DiagTypeMismatch, row.Pos, "unknown type word %q; the parameter is sent as a string", row.Type)
		}
		parent := root
		for len(stack) > 0 && stack[len(stack)-1].depth >= row.Depth {
			stack = stack[:len(stack)-1]
		}
		if row.Depth > 0 && len(stack) > 0 {
			parent = stack[len(stack)-1].f
			if parent.Kind == spec.Array {
				if parent.Elem.Kind != spec.Struct {
					parent.Elem = &spec.Field{Name: parent.Name, Kind: spec.Struct, Pos: parent.Pos}
				}
				parent = parent.Elem
			} else if parent.Kind != spec.Struct {
				parent.Kind = spec.Struct
			}
		}
		leaf := r.placeParam(parent, row.Name, row.Depth == 0)
		leaf.TypeText, leaf.Example, leaf.Description, leaf.Pos = row.Type, row.Example, row.Description, row.Pos
		leaf.Required = isRequired(row.Required)
		switch {
		case ti.kind == spec.Array || leaf.Kind == spec.Array:
			leaf.Kind = spec.Array
			if leaf.Elem == nil {
				ek := ti.elem
				if ti.kind.IsScalar() {
					ek = ti.kind
				}
				if ek == "" || ek == spec.Struct && ti.elemRef == "" {
					ek = spec.String
				}
				if ek == spec.Struct {
					ek = spec.Any
				}
				leaf.Elem = &spec.Field{Name: leaf.Name, Kind: ek, Pos: row.Pos}
			}
		case ti.kind.IsScalar():
			leaf.Kind = ti.kind
		case ti.kind == spec.Struct || ti.kind == spec.Map || ti.kind == spec.Any:
			if ti.unknown {
				leaf.Kind = spec.String
			} else {
				leaf.Kind = spec.Any
			}
		default:
			leaf.Kind = spec.String
		}
		if leaf.Kind == spec.Array && !p.REST() {
			leaf.Flat = true
			if sign := jsonListSign(row, reqValues[row.Name]); row.Depth == 0 && !strings.Contains(row.Name, ".") && sign != "" {
				// InstanceIds, Array, "格式为JSON数组", ?InstanceIds=["i-1"]: the
				// page documents one JSON value, not InstanceIds.N.
				leaf.Flat = false
				r.warn(spec.DiagRequestParams, row.Pos, "request parameter %s is a list the page writes as a JSON array (%s); it is sent as one JSON string, not flattened as %s.N", row.Name, sign, row.Name)
			}
		}
		if row.Depth == 0 {
			if p.Style == spec.SLS {
				leaf.Position = sls.position(p, row, pathParams)
			} else {
				leaf.Position = position(p, row, pathParams)
			}
		}
		stack = append(stack, open{f: leaf, depth: row.Depth})
	}
	if rawBody != nil {
		root.Fields = append(root.Fields, rawBody)
	}
	for _, f := range root.Fields {
		ms := jsonValues[f.Name]
		switch {
		case len(ms) == 0:
		case f.Kind == spec.String:
			r.jsonMembers(f, r.jsonArray[f.Name], ms)
		case f.Kind == spec.Any && p.REST() && !mapLike(f.TypeText, f.Description):
			// An Object parameter (String ones are the JSON ones) in a JSON
			// body: its members, nested.
			r.jsonMembers(f, false, ms)
		}
	}
	// A struct or list that received members is no longer an opaque value.
	fix(root)
	for _, f := range root.Fields {
		f.Position = topPosition(f)
		// A path without its segment is another resource (or a 404): a
		// parameter the path template names is required whatever the table says.
		if f.Position == spec.InPath && !f.Required && (pathParams[f.Name] || pathParams[strings.ToLower(f.Name)]) {
			f.Required = true
			r.warn(spec.DiagRequestParams, f.Pos, "path parameter %s is marked optional; it is required, since the path %s cannot be sent without it", f.Name, p.Path)
		}
	}
	r.slsFinish(sls, root)
	root.Name = p.Action + "Request"
	p.Request = root
}

// fix turns Any containers that got members into structs.
func fix(f *spec.Field) {
	for _, c := range f.Fields {
		fix(c)
	}
	if f.Elem != nil {
		fix(f.Elem)
	}
	if f.Kind == spec.Any && len(f.Fields) > 0 {
		f.Kind = spec.Struct
	}
}

// barePathParams writes {Name} for a ROA path segment that is a request
// parameter's name without braces (POST /things/ProductKey/DeviceName/services
// with ProductKey and DeviceName rows that give no other position): the
// page means the parameter's value there, with a warning.
func (r *resolver) barePathParams() {
	p := r.p
	if p.Style != spec.ROA || p.Path == "" {
		return
	}
	rows := map[string]bool{}
	for _, row := range p.RequestRows {
		switch strings.ToLower(strings.TrimSpace(row.Position)) {
		case "", "path":
			if row.Depth == 0 && row.Name != "" && !strings.ContainsAny(row.Name, ".{}[]<> ") {
				rows[row.Name] = true
			}
		}
	}
	segs := strings.Split(p.Path, "/")
	var named []string
	for i, seg := range segs {
		if i > 1 && rows[seg] {
			segs[i] = "{" + seg + "}"
			named = append(named, seg)
		}
	}
	if len(named) > 0 {
		path := strings.Join(segs, "/")
		r.warn(spec.DiagRequestParams, p.PathPos, "the request syntax's path %s has request parameter names as segments (%s); taking them as placeholders: %s (write {Name} for a parameter's value)",
			p.Path, strings.Join(named, ", "), path)
		p.Path = path
	}
}

func topPosition(f *spec.Field) spec.Position {
	if f.Position != "" {
		return f.Position
	}
	for _, c := range f.Fields {
		if c.Position != "" {
			return c.Position
		}
	}
	if f.Elem != nil {
		return topPosition(f.Elem)
	}
	return "Query"
}

func position(p *spec.Page, row spec.Row, pathParams map[string]bool) spec.Position {
	base := row.Name
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	switch strings.ToLower(strings.TrimSpace(row.Position)) {
	case "path":
		return "Path"
	case "query":
		return "Query"
	case "header":
		return "Header"
	case "body", "formdata", "form":
		return "Body"
	}
	if pathParams[base] || pathParams[strings.ToLower(base)] {
		return "Path"
	}
	for _, h := range p.SyntaxHeaders {
		if strings.EqualFold(h, row.Name) {
			// "Cookie: Cookie" in the request syntax, and a Cookie row.
			return "Header"
		}
	}
	if p.Style == spec.ROA && strings.TrimSpace(row.Position) == "" {
		switch p.Method {
		case "POST", "PUT", "PATCH":
			// A ROA page whose table gives no position (no 位置 column):
			// what a POST, PUT or PATCH sends that is not in its path is its
			// body, as the classic SDK sends it (webplus CreateAppEnv's
			// EnvName).
			return "Body"
		}
	}
	return "Query"
}

// placeParam finds or makes the field a flattened name denotes under parent,
// and returns the leaf.
func (r *resolver) placeParam(parent *spec.Field, name string, flat bool) *spec.Field {
	if flat {
		if m := reRepeatMid.FindStringSubmatch(name); m != nil {
			list := r.member(parent, m[1])
			list.Kind, list.Flat = spec.Array, true
			if list.Elem == nil || list.Elem.Kind != spec.Struct {
				list.Elem = &spec.Field{Name: m[1], Kind: spec.Struct, Pos: list.Pos}
			}
			return r.placeParam(list.Elem, m[2], true)
		}
		if m := reRepeatEnd.FindStringSubmatch(name); m != nil {
			list := r.member(parent, m[1])
			list.Kind, list.Flat = spec.Array, true
			return list
		}
		if i := strings.IndexByte(name, '.'); i > 0 && i < len(name)-1 {
			s := r.member(parent, name[:i])
			if s.Kind != spec.Struct {
				s.Kind = spec.Struct
			}
			s.Flat = true
			return r.placeParam(s, name[i+1:], true)
		}
	}
	return r.member(parent, name)
}

// member finds or adds the field name of parent, with an index per parent.
func (r *resolver) member(parent *spec.Field, name string) *spec.Field {
	if r.members == nil {
		r.members = map[*spec.Field]map[string]*spec.Field{}
	}
	idx := r.members[parent]
	if idx == nil {
		idx = map[string]*spec.Field{}
		for _, c := range parent.Fields {
			if _, dup := idx[c.Name]; !dup {
				idx[c.Name] = c
			}
		}
		r.members[parent] = idx
	}
	if c := idx[name]; c != nil {
		return c
	}
	c := &spec.Field{Name: name}
	parent.Fields = append(parent.Fields, c)
	idx[name] = c
	return c
}

// unnamedBody handles a ROA body row without a name (| |Array|Body|…|, "the
// policies' details") followed by body rows: the body itself is that list,
// the rows after it its elements' members, not members of a body object.
// An unnamed Object row stands for the body object its members make anyway
// and is dropped. It returns the other rows and the raw body field.
func (r *resolver) unnamedBody(rows []spec.Row) ([]spec.Row, *spec.Field) {
	if !r.p.REST() {
		return rows, nil
	}
	at := -1
	for i, row := range rows {
		if strings.TrimSpace(row.Name) == "" && strings.EqualFold(strings.TrimSpace(row.Position), "Body") {
			if ti := parseType(row.Type); ti.kind == spec.Array || ti.isContainer() {
				at = i
			}
			break
		}
	}
	if at < 0 {
		return rows, nil
	}
	head := rows[at]
	if parseType(head.Type).kind != spec.Array {
		// An object: its members are the body's members, as without the row.
		return append(append([]spec.Row(nil), rows[:at]...), rows[at+1:]...), nil
	}
	elem := &spec.Field{Name: "body", Kind: spec.Struct, Pos: head.Pos}
	end := at + 1
	seen := map[string]bool{}
	for ; end < len(rows); end++ {
		row := rows[end]
		if !strings.EqualFold(strings.TrimSpace(row.Position), "Body") || strings.TrimSpace(row.Name) == "" {
			break
		}
		if seen[row.Name] || !WireName(row.Name) {
			continue
		}
		seen[row.Name] = true
		ti := parseType(row.Type)
		m := &spec.Field{Name: row.Name, TypeText: row.Type, Example: row.Example, Description: row.Description, Required: isRequired(row.Required), Pos: row.Pos}
		switch {
		case ti.kind.IsScalar():
			m.Kind = ti.kind
		case ti.kind == spec.Array && ti.elem.IsScalar():
			m.Kind, m.Elem = spec.Array, &spec.Field{Name: row.Name, Kind: ti.elem, Pos: row.Pos}
		case ti.kind == spec.Array || ti.isContainer():
			m.Kind = spec.Any
		default:
			m.Kind = spec.String
		}
		elem.Fields = append(elem.Fields, m)
	}
	if len(elem.Fields) == 0 {
		return rows, nil
	}
	body := &spec.Field{Name: "body", Kind: spec.Array, Elem: elem, Position: "Body", Raw: true,
		Required: isRequired(head.Required), TypeText: head.Type, Description: head.Description, Pos: head.Pos}
	r.warn(spec.DiagRequestParams, head.Pos, "a body row without a name: the request body is a list of objects with the %d members after it", len(elem.Fields))
	out := append(append([]spec.Row(nil), rows[:at]...), rows[end:]...)
	return out, body
}

// listBodyFromExample handles a ROA page whose body table lists members and
// whose body example ("示例如下" under RequestBody) is a JSON list of objects
// with those members (elasticsearch CreatePipelines): the body is that list.
// It puts an unnamed Array body row before the body rows, as pages that say
// so in the table write it (see unnamedBody).
func (r *resolver) listBodyFromExample(rows []spec.Row) []spec.Row {
	if !r.p.REST() {
		return rows
	}
	ex := exampleOf(r.p, spec.BodyExample)
	if ex == nil {
		return rows
	}
	v, _, err := example.ParseJSON(ex.Text)
	if err != nil || v == nil || v.Kind != example.Array || len(v.Children) == 0 || v.Children[0].Kind != example.Object {
		return rows
	}
	first := -1
	names := map[string]bool{}
	for i, row := range rows {
		if !strings.EqualFold(strings.TrimSpace(row.Position), "Body") {
			continue
		}
		if strings.TrimSpace(row.Name) == "" || row.Depth > 0 {
			return rows // already a body row of its own, or nested rows
		}
		if first < 0 {
			first = i
		} else if i != first+len(names) {
			return rows // not one run of body rows
		}
		names[row.Name] = true
	}
	if first < 0 {
		return rows
	}
	n := 0
	for _, c := range v.Children[0].Children {
		if names[c.Key] {
			n++
		}
	}
	if 2*n < len(v.Children[0].Children) || n == 0 {
		return rows
	}
	r.warn(spec.DiagRequestParams, ex.Pos, "the body example is a JSON list of objects with the body table's members; the body is that list")
	head := spec.Row{Type: "Array", Position: "Body", Pos: rows[first].Pos}
	out := append(append(append([]spec.Row(nil), rows[:first]...), head), rows[first:]...)
	return out
}

// reJSONArray matches a description saying a value is a JSON array.
var reJSONArray = regexp.MustCompile(`(?i)JSON\s*(数组|array|列表|格式)`)

// jsonListSign says what shows that the page writes a list parameter as one
// JSON array: its request example value or its example cell is a JSON array
// literal, or its description says JSON array; "" when nothing does.
func jsonListSign(row spec.Row, exampleValue string) string {
	v := strings.TrimSpace(exampleValue)
	switch {
	case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
		return "the request example gives " + shortExample(v)
	case strings.HasPrefix(strings.TrimSpace(row.Example), "["):
		return "its example is " + shortExample(strings.TrimSpace(row.Example))
	case reJSONArray.MatchString(row.Description):
		return "its description says " + reJSONArray.FindString(row.Description)
	}
	return ""
}
