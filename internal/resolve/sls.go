package resolve

import (
	"regexp"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/spec"
)

// Log Service (SLS) pages write their request as raw HTTP: the project in
// the Host header (ProjectName.Endpoint), path parameters as bare words
// (/logstores/logstoreName), fixed values in the query (?type=log) and the
// body as a JSON sketch. slsLayout reads where each parameter travels.

// slsLayout is where the parameters of an SLS page (or of a full-URL
// request syntax) travel, as the 请求语法 block shows it.
type slsLayout struct {
	query    map[string]bool   // names the syntax query carries as parameters
	fixed    map[string]string // fixed query values (type=log), by name
	bodyTop  map[string]bool   // top-level keys of the syntax body
	nested   map[string]string // keys only nested in the syntax body → their top-level key
	topOrder []string          // top-level keys of the syntax body, in order
	common   map[string]bool   // common parameters of a full-URL syntax: not request fields
	project  string            // the row carrying the project ("" when none)
	bare     []string          // path words read as parameters that no row describes
}

// reBareParam is a path word that names a parameter: lower camel case
// ending in Name or ID (configName, logstoreName, shardID).
var reBareParam = regexp.MustCompile(`^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*(?:Name|ID|Id)$`)

// commonParams are the common request parameters a full-URL 请求语法 may show.
var commonParams = map[string]bool{
	"AccessKeyId": true, "Signature": true, "SignatureMethod": true, "SignatureVersion": true,
	"SignatureNonce": true, "Timestamp": true, "Format": true, "Version": true,
	"SecurityToken": true, "Action": true,
}

// runtimeHeaders are the headers acsrt.Client.CallSLS sets itself.
var runtimeHeaders = map[string]bool{
	"authorization": true, "date": true, "host": true, "content-md5": true, "content-length": true, "content-type": true,
	"x-log-apiversion": true, "x-log-signaturemethod": true, "x-log-bodyrawsize": true, "x-log-date": true, "x-acs-security-token": true,
}

// fixedPhrases introduce a parameter's only value in its description.
var fixedPhrases = []string{"固定取值为", "固定值为", "固定为", "必须为", "此处为", "默认为"}

// fixedValue is the value a row's description says the parameter always has.
func fixedValue(desc string) string {
	d := strings.Join(strings.Fields(desc), "")
	for _, ph := range fixedPhrases {
		i := strings.Index(d, ph)
		if i < 0 {
			continue
		}
		rest := d[i+len(ph):]
		j := 0
		for j < len(rest) && (rest[j] == '_' || rest[j] == '-' || rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] >= '0' && rest[j] <= '9') {
			j++
		}
		if j > 0 {
			return rest[:j]
		}
	}
	return ""
}

// isProjectName tells the rows that name the SLS project.
func isProjectName(name string) bool {
	switch strings.ToLower(name) {
	case "projectname", "project":
		return true
	}
	return false
}

// hostNamesProject reports whether the syntax's Host puts a project in
// front of the endpoint (ProjectName.Endpoint, <Project Endpoint>).
func hostNamesProject(host string) bool {
	return strings.Contains(strings.ToLower(host), "project")
}

// slsPrepare reads the layout of an SLS page, or of a page whose syntax is
// a full URL (for its common parameters), and rewrites an SLS path: bare
// words naming a parameter become placeholders, and the fixed query
// stays on the path (/logstores/{logstoreName}?type=log).
func (r *resolver) slsPrepare() *slsLayout {
	p := r.p
	if p.Style != spec.SLS && p.Host == "" {
		return nil
	}
	l := &slsLayout{query: map[string]bool{}, fixed: map[string]string{}, bodyTop: map[string]bool{}, nested: map[string]string{}, common: map[string]bool{}}
	rows := map[string]spec.Row{} // top-level rows by lower-case name
	for _, row := range p.RequestRows {
		if row.Depth == 0 {
			if _, dup := rows[strings.ToLower(row.Name)]; !dup {
				rows[strings.ToLower(row.Name)] = row
			}
		}
	}
	var fixedOrder []string
	for _, pair := range strings.Split(p.SyntaxQuery, "&") {
		k, v, _ := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" {
			continue
		}
		if commonParams[k] {
			l.common[k] = true
			continue
		}
		if p.Style != spec.SLS {
			continue
		}
		row, isRow := rows[strings.ToLower(k)]
		_, vIsRow := rows[strings.ToLower(strings.Trim(v, "<>{}[]"))]
		placeholder := v == "" || strings.EqualFold(v, k) || strings.ContainsAny(v, "<>{}[] ") || vIsRow
		switch {
		case placeholder, isRow && fixedValue(row.Description) == "":
			l.query[row.Name] = true
			if !isRow {
				l.query[k] = true
			}
		default:
			if _, seen := l.fixed[k]; !seen {
				fixedOrder = append(fixedOrder, k)
			}
			l.fixed[k] = v
		}
	}
	if p.Style != spec.SLS {
		return l
	}
	for _, k := range jsonSketchKeys(p.SyntaxBody, l.nested) {
		l.bodyTop[k] = true
		l.topOrder = append(l.topOrder, k)
	}
	for k := range l.bodyTop {
		delete(l.nested, k)
	}
	// A row whose description gives its only value is a fixed query too
	// (PullLogs: type, "固定取值为logs") unless the syntax places it.
	for _, row := range p.RequestRows {
		if row.Depth != 0 || l.query[row.Name] || l.bodyTop[row.Name] || isProjectName(row.Name) {
			continue
		}
		if _, ok := l.fixed[row.Name]; ok {
			continue
		}
		if v := fixedValue(row.Description); v != "" && strings.EqualFold(row.Example, v) && !strings.Contains(p.Path, row.Name) {
			fixedOrder = append(fixedOrder, row.Name)
			l.fixed[row.Name] = v
		}
	}
	for _, row := range p.RequestRows {
		if row.Depth == 0 && isProjectName(row.Name) && l.project == "" {
			l.project = row.Name
		}
	}
	// Path words that name a parameter become placeholders; a placeholder
	// takes the row's spelling.
	segs := strings.Split(p.Path, "/")
	for i, s := range segs {
		if i < 2 || s == "" {
			continue // the first segment names a collection
		}
		name := strings.Trim(s, "{}")
		row, ok := rows[strings.ToLower(name)]
		switch {
		case ok && !isProjectName(row.Name):
			segs[i] = "{" + row.Name + "}"
		case !ok && reBareParam.MatchString(name):
			// No row, but the word reads as a parameter name
			// (configName, shardID): a path parameter of its own.
			segs[i] = "{" + name + "}"
			l.bare = append(l.bare, name)
		}
	}
	path := strings.Join(segs, "/")
	if len(fixedOrder) > 0 {
		var q []string
		for _, k := range fixedOrder {
			q = append(q, k+"="+l.fixed[k])
		}
		path += "?" + strings.Join(q, "&")
	}
	p.Path = path
	return l
}

// skip reports whether a top-level row is not a field of its own: a fixed
// query value, a common parameter of a full-URL syntax, or a key nested
// in an object of the syntax body.
func (l *slsLayout) skip(r *resolver, row spec.Row) bool {
	if l == nil || row.Depth != 0 {
		return false
	}
	if l.common[row.Name] {
		return true
	}
	if r.p.Style == spec.SLS && runtimeHeaders[strings.ToLower(row.Name)] {
		r.warn(spec.DiagRequestParams, row.Pos, "request parameter %s is a header the run-time client sets; not a field", row.Name)
		return true
	}
	if v, ok := l.fixed[row.Name]; ok {
		r.warn(spec.DiagRequestParams, row.Pos, "request parameter %s is the fixed query %s=%s of the path; not a field", row.Name, row.Name, v)
		return true
	}
	if parent, ok := l.nested[row.Name]; ok && !l.query[row.Name] && !strings.Contains(r.p.Path, "{"+row.Name+"}") {
		r.warn(spec.DiagRequestParams, row.Pos, "request parameter %s is a member of %s in the request body; set it in %s", row.Name, parent, parent)
		return true
	}
	return false
}

// position is where an SLS row travels: the project in the host, path
// words, the syntax query, the syntax body; else Query for GET and DELETE
// and for a body whose sketch lacks the name, Body for a JSON body.
func (l *slsLayout) position(p *spec.Page, row spec.Row, pathParams map[string]bool) spec.Position {
	switch strings.ToLower(strings.TrimSpace(row.Position)) {
	case "path":
		return "Path"
	case "query":
		return "Query"
	case "header":
		return "Header"
	case "body":
		return "Body"
	}
	switch lower := strings.ToLower(row.Name); {
	case row.Name == l.project:
		return "Host"
	case strings.HasPrefix(lower, "x-log-"), strings.HasPrefix(lower, "x-acs-"):
		return "Header"
	case pathParams[row.Name]:
		return "Path"
	case l.query[row.Name]:
		return "Query"
	case l.bodyTop[row.Name]:
		return "Body"
	}
	switch strings.ToUpper(string(p.Method)) {
	case "", "GET", "DELETE", "HEAD":
		return "Query"
	}
	if len(l.bodyTop) == 0 && strings.Contains(strings.ToLower(p.ContentType), "json") {
		return "Body"
	}
	return "Query"
}

// slsFinish adds the fields the syntax implies and no row names: the
// project (when the Host names one), the objects of the body whose
// members only the rows list, and the whole body (a JSON sketch no row
// describes, or a protobuf body) as one raw field.
func (r *resolver) slsFinish(l *slsLayout, root *spec.Field) {
	p := r.p
	if l == nil || p.Style != spec.SLS {
		return
	}
	has := map[string]bool{}
	for _, f := range root.Fields {
		has[f.Name] = true
		// A path parameter the body sketch also shows is sent in both.
		if f.Position == spec.InPath && l.bodyTop[f.Name] {
			f.AlsoBody = true
		}
	}
	if l.project == "" && hostNamesProject(p.Host) {
		f := &spec.Field{Name: "projectName", Kind: spec.String, Required: true, Position: "Host",
			Description: "The project: sent in the host name (ProjectName.Endpoint).", Pos: p.PathPos}
		root.Fields = append([]*spec.Field{f}, root.Fields...)
		has[f.Name] = true
	}
	for _, name := range l.bare {
		if !has[name] {
			root.Fields = append(root.Fields, &spec.Field{Name: name, Kind: spec.String, Required: true, Position: "Path",
				Description: "A path parameter the request syntax shows (" + p.Path + ").", Pos: p.PathPos})
			has[name] = true
		}
	}
	bodyFields := 0
	for _, f := range root.Fields {
		if f.Position == spec.InBody {
			bodyFields++
		}
	}
	parents := map[string]bool{}
	for _, parent := range l.nested {
		parents[parent] = true
	}
	if bodyFields > 0 {
		var names []string
		for k := range parents {
			if !has[k] {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		for _, k := range names {
			root.Fields = append(root.Fields, &spec.Field{Name: k, Kind: spec.Any, Position: "Body",
				Description: "A member of the request body, as the request syntax shows it.", Pos: p.PathPos})
		}
		return
	}
	m := strings.ToUpper(string(p.Method))
	if m != "POST" && m != "PUT" {
		return
	}
	switch ct := strings.ToLower(p.ContentType); {
	case strings.TrimSpace(p.SyntaxBody) != "":
		root.Fields = append(root.Fields, &spec.Field{Name: "body", Kind: spec.Any, Required: true, Position: "Body", Raw: true,
			Description: "The request body: a JSON value, as the request syntax shows it.", Example: p.SyntaxBody, Pos: p.PathPos})
	case strings.Contains(ct, "protobuf"), strings.Contains(ct, "octet-stream"):
		root.Fields = append(root.Fields, &spec.Field{Name: "body", Kind: spec.String, Required: true, Position: "Body", Raw: true,
			Description: "The request body, sent as it is (" + p.ContentType + ").", Pos: p.PathPos})
	}
}

// jsonSketchKeys reads the keys of a JSON-like sketch ({"a": <x>, "b":
// {"c": 1}}, values need not be JSON): the top-level keys in order, and
// every nested key with its top-level ancestor into nested.
func jsonSketchKeys(s string, nested map[string]string) []string {
	var top []string
	seen := map[string]bool{}
	depth := 0
	current := ""
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return top
			}
			key := s[i+1 : j]
			i = j
			k := j + 1
			for k < len(s) && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r') {
				k++
			}
			if k >= len(s) || s[k] != ':' || !WireName(key) {
				continue
			}
			if depth == 1 {
				current = key
				if !seen[key] {
					seen[key] = true
					top = append(top, key)
				}
			} else if depth > 1 && current != "" {
				if _, ok := nested[key]; !ok {
					nested[key] = current
				}
			}
		}
	}
	return top
}
