package gen

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestDeletingAnyFieldBreaksGeneratedTests removes each field of each struct
// of generated/ccc in turn and type-checks the package with its generated
// tests: every removal must break them (the round-trip test sets every field,
// the example tests name what they decode).
func TestDeletingAnyFieldBreaksGeneratedTests(t *testing.T) {
	if testing.Short() {
		t.Skip("loads generated/ccc with its dependencies; skipped with -short")
	}
	cfg := &packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedImports | packages.NeedDeps | packages.NeedTypesInfo,
		Tests: true,
		Dir:   "../..",
	}
	pkgs, err := packages.Load(cfg, "github.com/cccgen/cccgen/generated/ccc")
	if err != nil {
		t.Fatal(err)
	}
	var pkg *packages.Package
	for _, p := range pkgs {
		if strings.Contains(p.ID, ".test]") && len(p.Errors) == 0 {
			pkg = p
		}
	}
	if pkg == nil {
		t.Fatalf("no test variant of generated/ccc among %d packages", len(pkgs))
	}
	check := func() error {
		conf := types.Config{
			Importer: importerFunc(func(path string) (*types.Package, error) { return pkg.Imports[path].Types, nil }),
			Error:    func(error) {},
		}
		_, err := conf.Check(pkg.PkgPath, pkg.Fset, pkg.Syntax, nil)
		return err
	}
	if err := check(); err != nil {
		t.Fatalf("unmodified package does not type-check: %v", err)
	}
	fields := 0
	for _, file := range pkg.Syntax {
		if !strings.HasSuffix(pkg.Fset.File(file.Pos()).Name(), ".gen.go") {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			list := st.Fields.List
			for i := range list {
				fields++
				st.Fields.List = append(append([]*ast.Field(nil), list[:i]...), list[i+1:]...)
				if err := check(); err == nil {
					t.Errorf("removing %s.%s does not break the generated tests", ts.Name.Name, list[i].Names[0].Name)
				}
				st.Fields.List = list
			}
			return true
		})
	}
	if fields < 69 {
		t.Errorf("checked %d fields, want the seed's 69 (3 request, 6+5+24+15+16 response)", fields)
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
