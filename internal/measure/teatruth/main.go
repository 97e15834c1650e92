// Command teatruth writes held-out truth for pages that ../shared/truth
// does not cover: the response structure Alibaba's official Tea SDK gives
// their APIs, read from the SDK's Go source (go/ast, nothing is built or
// imported), in the format of ../shared/truth ({"response": {name, type,
// fields|items}}, wire names from the json tags), and a pages.tsv, so that
// TestConformance -conformance.corpus/-conformance.truth scores them.
//
//	go run ./internal/measure/teatruth -out TRUTH \
//	    -sdk vpc/2016-04-28=github.com/alibabacloud-go/vpc-20160428/v6@v6.12.8 \
//	    CORPUS/docs/eip CORPUS/docs/nat
//
// A page is matched to an SDK by the product code and API version of its
// OpenAPI Explorer link, its API by <Action>ResponseBody. The module is
// found with go mod download (the Go module proxy); -sdk code/version=DIR
// names a directory of the SDK's client package instead. Request
// structure is not written (the request side is not scored).
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

// sdk is one SDK package's type declarations by name.
type sdk map[string]ast.Expr

func loadSDK(dir string) (sdk, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no Go files in %s", dir)
	}
	fset := token.NewFileSet()
	s := sdk{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range af.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, sp := range g.Specs {
					ts := sp.(*ast.TypeSpec)
					s[ts.Name.Name] = ts.Type
				}
			}
		}
	}
	return s, nil
}

// tree is the truth node of a field named name of type e.
func (s sdk) tree(name string, e ast.Expr, depth int) *node {
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
		if def, ok := s[t.Name]; ok {
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

// clientDir finds the SDK's client package: a directory, or a module
// downloaded with go mod download.
func clientDir(m string) (string, error) {
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
	return filepath.Join(info.Dir, "client"), nil
}

// run writes the truth files and pages.tsv for the pages of dirs.
func run(out string, sdks map[string]sdk, dirs []string) (written int, skipped []string, err error) {
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
			s := sdks[code+"/"+version]
			if s == nil {
				skipped = append(skipped, f+": no SDK given for "+code+"/"+version)
				continue
			}
			body, ok := s[action+"ResponseBody"]
			if !ok {
				skipped = append(skipped, f+": the SDK has no "+action+"ResponseBody")
				continue
			}
			rel := filepath.ToSlash(filepath.Join(code, version, action+".json"))
			doc := map[string]any{"product": code, "version": version, "action": action, "style": style,
				"primary_source": "teatruth", "response": s.tree(action+"Response", body, 0)}
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
	flag.Var(sdkMods, "sdk", "code/version=module@version (or =DIR of its client package); repeatable")
	flag.Parse()
	if *out == "" || len(sdkMods) == 0 || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: teatruth -out DIR -sdk code/version=module@version... PRODUCTDIR...")
		os.Exit(2)
	}
	sdks := map[string]sdk{}
	for k, m := range sdkMods {
		dir, err := clientDir(m)
		if err == nil {
			sdks[k], err = loadSDK(dir)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "teatruth:", err)
			os.Exit(1)
		}
	}
	n, skipped, err := run(*out, sdks, flag.Args())
	for _, s := range skipped {
		fmt.Fprintln(os.Stderr, "teatruth: skipped", s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "teatruth:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "teatruth: %d pages with truth in %s\n", n, *out)
}
