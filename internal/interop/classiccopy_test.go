package interop

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// copyClassicRequest writes into dir (package pkg) the typed request of
// one classic SDK API, taken from its service package's source: the
// request struct, its element types and Create<Action>Request, without
// the response types and client methods. Building a whole service package
// (ecs has over 1,000 files) for a few requests costs minutes.
func copyClassicRequest(src, action, dir, pkg string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, src, nil, parser.ParseComments)
	if err != nil {
		return err
	}
	var decls []ast.Decl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "Create"+action+"Request" {
				decls = append(decls, d)
			}
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			if d.Tok == token.TYPE {
				var specs []ast.Spec
				for _, s := range d.Specs {
					name := s.(*ast.TypeSpec).Name.Name
					if name != action+"Response" && !strings.HasSuffix(name, "Response") {
						specs = append(specs, s)
					}
				}
				if len(specs) == 0 {
					continue
				}
				d.Specs = specs
			}
			decls = append(decls, d)
		}
	}
	var body bytes.Buffer
	for _, d := range decls {
		if err := format.Node(&body, fset, d); err != nil {
			return err
		}
		body.WriteString("\n\n")
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "// Copied from the classic SDK's %s (request part only).\n\npackage %s\n\n", filepath.Base(src), pkg)
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := filepath.Base(path)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if strings.Contains(body.String(), name+".") {
			fmt.Fprintf(&out, "import %s %s\n", name, imp.Path.Value)
		}
	}
	out.WriteString("\n")
	out.Write(body.Bytes())
	formatted, err := format.Source(out.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %v", src, err)
	}
	return os.WriteFile(filepath.Join(dir, filepath.Base(src)), formatted, 0o644)
}
