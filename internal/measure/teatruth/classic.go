package main

import (
	"go/ast"
	"reflect"
	"strconv"
	"strings"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
)

// The classic SDK (github.com/aliyun/alibaba-cloud-sdk-go, one package per
// product under services/<code>) declares each API's request as
// <Action>Request, an embedded *requests.RpcRequest or *requests.RoaRequest
// and one field per parameter tagged position:"Query|Body|Path|Header"
// name:"…" (type:"Repeated|Struct|Json|Map" for the flattened ones), its
// response as <Action>Response (an embedded *responses.BaseResponse and
// json-tagged fields), and in Create<Action>Request the product, version
// and, for ROA, the path pattern and method.
//
// Its request is what teatruth takes; its response only with
// -classic-responses, for precision alone (see run). The classic SDK
// declares one struct per name in a product's package, shared by every API
// whose response has a member of that name, with the union of their fields
// (ccc's Data holds AbandonedRate and AdminList for CreateSkillGroup): its
// responses are no one API's structure. Scored against them on the
// development corpus, response recall fell from 97.8% (../shared/truth) to
// 88.9%, while the request keys agreed (99.3% recall, 99.6% precision
// against 99.1% and 98.5%).

// param is one top-level request parameter as ../shared/truth writes it.
// The classic SDK gives no required flags.
type param struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Position string `json:"position"`
	// Required is the Tea SDK's flag, when it has the API: its doc
	// comment on the request field says "This parameter is required.".
	Required       *bool  `json:"required,omitempty"`
	RequiredSource string `json:"required_source,omitempty"`
}

// classicAPI is what the classic SDK says of one API.
type classicAPI struct {
	Version  string
	Style    string            // RPC or ROA
	Method   string            // ROA only
	Pathname string            // ROA only, placeholders {Name}
	Params   []param           // top-level parameters
	WireKeys map[string]string // flattened keys (indexes written N) → type
}

// classic reads action from a classic service package; ok is false when
// the package has no such API.
func (s *sdk) classic(action string) (api classicAPI, ok bool) {
	req, ok1 := s.types[action+"Request"].(*ast.StructType)
	create, ok2 := s.creates["Create"+action+"Request"]
	if !ok1 || !ok2 {
		return api, false
	}
	api.Style = "RPC"
	for _, f := range req.Fields.List {
		if len(f.Names) == 0 && exprString(f.Type) == "*requests.RoaRequest" {
			api.Style = "ROA"
		}
	}
	ast.Inspect(create.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "InitWithApiInfo" {
				args := stringArgs(n.Args)
				if len(args) > 1 {
					api.Version = args[1]
				}
				if api.Style == "ROA" && len(args) > 3 {
					api.Pathname = strings.NewReplacer("[", "{", "]", "}").Replace(args[3])
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 && exprString(n.Lhs[0]) == "request.Method" {
				if sel, ok := n.Rhs[0].(*ast.SelectorExpr); ok {
					api.Method = sel.Sel.Name
				}
			}
		}
		return true
	})
	if api.Style != "ROA" {
		api.Method = "" // an RPC gateway takes GET and POST alike
	}
	api.WireKeys = map[string]string{}
	seen := map[string]bool{}
	s.requestKeys(req, "", "", api.WireKeys, func(name, typ, pos string) {
		if !seen[name] {
			seen[name] = true
			api.Params = append(api.Params, param{Name: name, Type: typ, Position: pos})
		}
	}, 0)
	if api.Style == "RPC" && !seen["RegionId"] {
		// The classic client's RPC signer adds RegionId (the client's
		// region) to every call that does not set it
		// (sdk/auth/rpc_signature_composer.go).
		api.Params = append(api.Params, param{Name: "RegionId", Type: "string", Position: "Query"})
		api.WireKeys["RegionId"] = "string"
	}
	return api, true
}

// requestKeys adds the wire keys of a request struct's fields under prefix,
// as the classic SDK's flatRepeatedList writes them; top is called for each
// top-level parameter (prefix "").
func (s *sdk) requestKeys(st *ast.StructType, prefix, pos string, keys map[string]string, top func(name, typ, pos string), depth int) {
	if depth > 20 {
		return
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) == 0 {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
		name, ok := tag.Lookup("name")
		if !ok {
			continue
		}
		p := pos
		if p == "" {
			p = tag.Get("position")
		}
		key := prefix + name
		typ := ""
		switch tag.Get("type") {
		case "Repeated":
			typ = "repeatlist"
			elem := f.Type
			for {
				if st, ok := elem.(*ast.StarExpr); ok {
					elem = st.X
					continue
				}
				break
			}
			if at, ok := elem.(*ast.ArrayType); ok {
				elem = at.Elt
			}
			if sub := s.structOf(elem); sub != nil {
				s.requestKeys(sub, key+".N.", p, keys, nil, depth+1)
			} else {
				keys[truthscore.FlatKey(key+".N")] = scalarType(elem)
			}
		case "Struct":
			typ = "struct"
			if sub := s.structOf(f.Type); sub != nil {
				s.requestKeys(sub, key+".", p, keys, nil, depth+1)
			}
		case "Json":
			typ = "string" // sent as one JSON string
			keys[truthscore.FlatKey(key)] = typ
		case "Map":
			typ = "map"
			keys[truthscore.FlatKey(key)] = typ
		default:
			typ = scalarType(f.Type)
			keys[truthscore.FlatKey(key)] = typ
		}
		if top != nil {
			base, _, _ := strings.Cut(name, ".")
			if base != name {
				typ = "struct" // Filter.1.Key, LaunchConfiguration.SystemDisk
			}
			top(base, typ, p)
		}
	}
}

// structOf is the struct type e names in the package, or nil.
func (s *sdk) structOf(e ast.Expr) *ast.StructType {
	for {
		st, ok := e.(*ast.StarExpr)
		if !ok {
			break
		}
		e = st.X
	}
	switch t := e.(type) {
	case *ast.StructType:
		return t
	case *ast.Ident:
		if st, ok := s.types[t.Name].(*ast.StructType); ok {
			return st
		}
	}
	return nil
}

// scalarType is the truth type word of a classic request field type.
func scalarType(e ast.Expr) string {
	switch exprString(e) {
	case "requests.Integer":
		return "integer"
	case "requests.Boolean":
		return "boolean"
	case "requests.Float":
		return "float"
	}
	if id, ok := e.(*ast.Ident); ok {
		if k, ok := scalar[id.Name]; ok {
			return k
		}
	}
	if _, ok := e.(*ast.MapType); ok {
		return "map"
	}
	return "string"
}

func exprString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		return "*" + exprString(t.X)
	case *ast.SelectorExpr:
		return exprString(t.X) + "." + t.Sel.Name
	}
	return ""
}

func stringArgs(args []ast.Expr) []string {
	var out []string
	for _, a := range args {
		v := ""
		if bl, ok := a.(*ast.BasicLit); ok {
			v, _ = strconv.Unquote(bl.Value)
		}
		out = append(out, v)
	}
	return out
}

// teaRequired gives the parameters the required flags of the Tea SDK's
// <Action>Request (s): a field whose doc comment has the line "This
// parameter is required." is required, another of the struct is not
// (../shared/truth's tea-doc and tea-doc-absent). A parameter the Tea
// request lacks gets none.
func (api *classicAPI) teaRequired(s *sdk, action string) {
	st, ok := s.types[action+"Request"].(*ast.StructType)
	if !ok {
		return
	}
	req := map[string]bool{}
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) == 0 {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
		name, _, _ := strings.Cut(tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		r := false
		if f.Doc != nil {
			for _, c := range f.Doc.List {
				if strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) == "This parameter is required." {
					r = true
				}
			}
		}
		req[name] = r
	}
	for i := range api.Params {
		if r, ok := req[api.Params[i].Name]; ok {
			api.Params[i].Required = &r
			api.Params[i].RequiredSource = "tea-doc"
			if !r {
				api.Params[i].RequiredSource = "tea-doc-absent"
			}
		}
	}
}
