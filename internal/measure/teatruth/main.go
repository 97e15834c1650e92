// Command teatruth writes held-out truth for pages that ../shared/truth
// does not cover, read from the official SDKs' Go source (go/ast, nothing
// is built or imported), in the format of ../shared/truth, and a
// pages.tsv, so that TestConformance -conformance.corpus/-conformance.truth
// scores them:
//   - the response structure the Tea SDK of the page's product and version
//     gives ({"response": {name, type, fields|items}}, wire names from the
//     json tags; -sdk);
//   - the request the classic SDK (github.com/aliyun/alibaba-cloud-sdk-go,
//     which has every product) sends: top-level parameters and positions,
//     request_wire_keys as its flattening writes them, and for ROA the
//     method and path (-classic; see classic.go);
//   - the required flags of those parameters, from the Tea SDK's request
//     doc comments ("This parameter is required."; on ECS they agree with
//     ../shared/truth's on all 1,758 parameters both flag). Without a Tea
//     SDK there are none, and required flags are not scored.
//
// Usage:
//
//	go run ./internal/measure/teatruth -out TRUTH \
//	    -sdk vpc/2016-04-28=github.com/alibabacloud-go/vpc-20160428/v6@v6.12.8 \
//	    -classic github.com/aliyun/alibaba-cloud-sdk-go@v1.63.107 \
//	    CORPUS/docs/eip CORPUS/docs/nat
//
// A page is matched to an SDK by the product code and API version of its
// OpenAPI Explorer link, its API by <Action>ResponseBody (Tea) or
// <Action>Request (classic). Modules are found with go mod download (the
// Go module proxy); -sdk code/version=DIR names a directory of the Tea
// SDK's client package instead, -classic DIR one holding services/.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// node is a response tree node as ../shared/truth writes it.
type node struct {
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Fields []*node `json:"fields,omitempty"`
	Items  *node   `json:"items,omitempty"`
}

// sdk is one SDK package's type declarations by name, and (the classic
// SDK) its Create<Action>Request functions.
type sdk struct {
	types   map[string]ast.Expr
	creates map[string]*ast.FuncDecl
}

func loadSDK(dir string) (*sdk, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	fset := token.NewFileSet()
	s := &sdk{types: map[string]ast.Expr{}, creates: map[string]*ast.FuncDecl{}}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.TYPE {
					for _, sp := range d.Specs {
						ts := sp.(*ast.TypeSpec)
						s.types[ts.Name.Name] = ts.Type
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil && strings.HasPrefix(d.Name.Name, "Create") && strings.HasSuffix(d.Name.Name, "Request") {
					s.creates[d.Name.Name] = d
				}
			}
		}
	}
	return s, nil
}

// tree is the truth node of a field named name of type e.
func (s *sdk) tree(name string, e ast.Expr, depth int) *node {
	if depth > 40 { // a recursive type
		return &node{Name: name, Type: "map"}
	}
	switch t := e.(type) {
	case *ast.StarExpr:
		return s.tree(name, t.X, depth)
	case *ast.ArrayType:
		return &node{Name: name, Type: "array", Items: s.tree("", t.Elt, depth+1)}
	case *ast.MapType, *ast.InterfaceType:
		return &node{Name: name, Type: "map"}
	case *ast.Ident:
		if k, ok := scalar[t.Name]; ok {
			return &node{Name: name, Type: k}
		}
		if def, ok := s.types[t.Name]; ok {
			return s.tree(name, def, depth+1)
		}
	case *ast.StructType:
		n := &node{Name: name, Type: "struct"}
		for _, f := range t.Fields.List {
			if f.Tag == nil || len(f.Names) == 0 {
				continue
			}
			tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`"))
			if j, _, _ := strings.Cut(tag.Get("json"), ","); j != "" && j != "-" {
				n.Fields = append(n.Fields, s.tree(j, f.Type, depth+1))
			}
		}
		return n
	}
	return &node{Name: name, Type: "map"}
}

var scalar = map[string]string{
	"string": "string", "int": "integer", "int8": "integer", "int16": "integer", "int32": "integer",
	"int64": "long", "float32": "float", "float64": "double", "bool": "boolean",
}

var reLink = regexp.MustCompile(`product=([^&]+)&api=([^&]+)&type=([A-Z]+)&version=([0-9-]+)`)

type sdkFlag map[string]string

func (f sdkFlag) String() string { return fmt.Sprint(map[string]string(f)) }
func (f sdkFlag) Set(v string) error {
	k, m, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want code/version=module@version or code/version=DIR, got %q", v)
	}
	f[strings.ToLower(k)] = m
	return nil
}

// moduleDir finds a directory given as such, or a module's, downloaded
// with go mod download (the Go module proxy), joined with sub.
func moduleDir(m, sub string) (string, error) {
	if st, err := os.Stat(m); err == nil && st.IsDir() {
		return m, nil
	}
	out, err := exec.Command("go", "mod", "download", "-json", m).Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v", m, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %v%s", m, err, info.Error)
	}
	return filepath.Join(info.Dir, sub), nil
}

// run writes the truth files and pages.tsv for the pages of dirs: the
// response from the Tea SDK of the page's product code and version (teas,
// keyed code/version); the request (parameters and positions, wire keys,
// for ROA the method and path) from the classic SDK's package of the code
// (classic: a code's packages, tried in order; nil: none) when its API is
// of the page's version. A file without a response is scored on the wire
// only. A page neither gives anything for is skipped, with the reasons.
//
// With classicResponses, a page the Tea SDKs give no response for takes the
// classic SDK's <Action>Response, marked "response_source": "classic". The
// classic SDK merges the structs of one name across a product's APIs, so
// such a tree holds every field its element structs have in any API:
// precision against it bounds a generated response's from above (the dev
// corpus: 97.6% against the classic SDK, 97.1% against ../shared/truth),
// and its recall means nothing (88.9% against 97.8%).
func run(out string, teas map[string]*sdk, classic func(code string) []*sdk, classicResponses bool, dirs []string) (written int, skipped []string, err error) {
	var b bytes.Buffer
	b.WriteString("file\ttruth\tversion\n")
	for _, dir := range dirs {
		prod := filepath.Base(dir)
		files, err := filepath.Glob(filepath.Join(dir, "*.md"))
		if err != nil {
			return 0, nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return 0, nil, err
			}
			m := reLink.FindSubmatch(data)
			if m == nil {
				skipped = append(skipped, f+": no OpenAPI Explorer link")
				continue
			}
			code, action, style, version := strings.ToLower(string(m[1])), string(m[2]), string(m[3]), string(m[4])
			doc := map[string]any{"product": code, "version": version, "action": action, "style": style}
			var why []string
			var sources []string
			tea := teas[code+"/"+version]
			if tea == nil {
				why = append(why, "no Tea SDK given for "+code+"/"+version)
			} else if body, ok := tea.types[action+"ResponseBody"]; !ok {
				why = append(why, "the Tea SDK has no "+action+"ResponseBody")
			} else {
				doc["response"] = tea.tree(action+"Response", body, 0)
				sources = append(sources, "tea")
			}
			var cands []*sdk
			if classic != nil {
				cands = classic(code)
			}
			var api classicAPI
			found := false
			for _, c := range cands {
				if api, found = c.classic(action); found {
					break
				}
			}
			if len(cands) == 0 {
				why = append(why, "no classic SDK package for "+code)
			} else if !found {
				why = append(why, "the classic SDK has no "+action)
			} else if api.Version != version {
				why = append(why, "the classic SDK's "+action+" is of version "+api.Version+", not "+version)
			} else {
				if tea != nil {
					api.teaRequired(tea, action)
				}
				doc["style"] = api.Style
				doc["request"] = api.Params
				doc["request_wire_keys"] = api.WireKeys
				if api.Method != "" {
					doc["method"] = api.Method
				}
				if api.Pathname != "" {
					doc["pathname"] = api.Pathname
				}
				sources = append(sources, "classic")
				if classicResponses && doc["response"] == nil {
					for _, c := range cands {
						if r, ok := c.types[action+"Response"]; ok {
							doc["response"] = c.tree(action+"Response", r, 0)
							doc["response_source"] = "classic"
							break
						}
					}
				}
			}
			if len(sources) == 0 {
				skipped = append(skipped, f+": "+strings.Join(why, "; "))
				continue
			}
			doc["primary_source"] = "teatruth (" + strings.Join(sources, ", ") + ")"
			rel := filepath.ToSlash(filepath.Join(code, version, action+".json"))
			js, err := json.MarshalIndent(doc, "", " ")
			if err != nil {
				return 0, nil, err
			}
			if err := os.MkdirAll(filepath.Join(out, code, version), 0o755); err != nil {
				return 0, nil, err
			}
			if err := os.WriteFile(filepath.Join(out, rel), append(js, '\n'), 0o644); err != nil {
				return 0, nil, err
			}
			fmt.Fprintf(&b, "docs/%s/%s\t%s\t%s\n", prod, filepath.Base(f), rel, version)
			written++
		}
	}
	return written, skipped, os.WriteFile(filepath.Join(out, "pages.tsv"), b.Bytes(), 0o644)
}

func main() {
	out := flag.String("out", "", "truth directory to write")
	sdkMods := sdkFlag{}
	flag.Var(sdkMods, "sdk", "code/version=module@version (or =DIR of its client package) of a Tea SDK; repeatable")
	classicResp := flag.Bool("classic-responses", false, "with -classic: where no Tea SDK gives a page's response, write the classic SDK's (merged structs: score its precision only)")
	classicMod := flag.String("classic", "", "the classic SDK, module@version (github.com/aliyun/alibaba-cloud-sdk-go@v1.63.107) or the DIR holding its services/")
	flag.Parse()
	if *out == "" || len(sdkMods) == 0 && *classicMod == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: teatruth -out DIR [-sdk code/version=module@version]... [-classic module@version] PRODUCTDIR...")
		os.Exit(2)
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "teatruth:", err)
		os.Exit(1)
	}
	teas := map[string]*sdk{}
	for k, m := range sdkMods {
		dir, err := moduleDir(m, "client")
		if err == nil {
			teas[k], err = loadSDK(dir)
		}
		if err != nil {
			fail(err)
		}
	}
	var classic func(string) []*sdk
	if *classicMod != "" {
		root, err := moduleDir(*classicMod, "")
		if err != nil {
			fail(err)
		}
		pkgs := map[string]*sdk{}
		load := func(dir string) *sdk {
			if s, ok := pkgs[dir]; ok {
				return s
			}
			s, err := loadSDK(dir)
			if err != nil {
				s = nil // no such service
			}
			pkgs[dir] = s
			return s
		}
		classic = func(code string) []*sdk {
			// services/<code>, the code lower-cased, and the same with - written
			// _ (the SDK has both yundun-bastionhost and yundun_bastionhost).
			var out []*sdk
			c := strings.ToLower(code)
			for i, name := range []string{c, strings.ReplaceAll(c, "-", "_")} {
				if i == 0 || name != c {
					if s := load(filepath.Join(root, "services", name)); s != nil {
						out = append(out, s)
					}
				}
			}
			return out
		}
	}
	n, skipped, err := run(*out, teas, classic, *classicResp, flag.Args())
	for _, s := range skipped {
		fmt.Fprintln(os.Stderr, "teatruth: skipped", s)
	}
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "teatruth: %d pages with truth in %s\n", n, *out)
}
