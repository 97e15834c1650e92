package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// findField returns the field at a dotted path below f, and its parent.
func findField(f *spec.Field, path string) (parent, field *spec.Field) {
	cur := f
	for _, name := range strings.Split(path, ".") {
		parent = cur
		field = nil
		for _, c := range cur.Fields {
			if c.Name == name {
				field = c
			}
		}
		if field == nil {
			return nil, nil
		}
		cur = field
	}
	return parent, field
}

func remove(parent, f *spec.Field) {
	var keep []*spec.Field
	for _, c := range parent.Fields {
		if c != f {
			keep = append(keep, c)
		}
	}
	parent.Fields = keep
}

func writePackage(t *testing.T, dir string, res *Result) {
	t.Helper()
	if spec.HasErrors(res.Diagnostics) {
		t.Fatalf("%s: %v", dir, res.Diagnostics)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range res.Files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGeneratedTestsBite builds a throwaway module holding the demo pages'
// package, the seed page's package, and two copies of the seed whose spec
// lost a field or had one moved after the examples were read. The first two
// must pass their generated tests; the broken ones must fail them.
func TestGeneratedTestsBite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs generated code; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	seedData, err := os.ReadFile(filepath.Join(root, "docs", "ccc", "GetInstanceSummaryReportSinceMidnight.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module bite\n\ngo 1.26\n\nrequire github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000\n\nreplace github.com/cccgen/cccgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	seed := func() *spec.Page {
		return Load(Source{Name: "GetInstanceSummaryReportSinceMidnight.md", Data: seedData})
	}

	writePackage(t, filepath.Join(dir, "demo"), Package(sources(t, "testdata/pages"), Options{Package: "demo"}))
	writePackage(t, filepath.Join(dir, "seedok"), Generate([]*spec.Page{seed()}, Options{Package: "seedok"}))

	removed := seed()
	parent, f := findField(removed.Response, "InstanceSummaryReport.Inbound.MaxTalkTime")
	if f == nil {
		t.Fatal("seed has no InstanceSummaryReport.Inbound.MaxTalkTime")
	}
	remove(parent, f)
	writePackage(t, filepath.Join(dir, "seedremoved"), Generate([]*spec.Page{removed}, Options{Package: "seedremoved"}))

	misplaced := seed()
	parent, f = findField(misplaced.Response, "InstanceSummaryReport.Timestamp")
	if f == nil {
		t.Fatal("seed has no InstanceSummaryReport.Timestamp")
	}
	remove(parent, f)
	misplaced.Response.Fields = append(misplaced.Response.Fields, f)
	writePackage(t, filepath.Join(dir, "seedmisplaced"), Generate([]*spec.Page{misplaced}, Options{Package: "seedmisplaced"}))

	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, _ := cmd.CombinedOutput()
	text := string(out)
	for _, want := range []string{
		`(?m)^ok\s+bite/demo\b`,
		`(?m)^ok\s+bite/seedok\b`,
		`(?m)^FAIL\s+bite/seedremoved\b`,
		`(?m)^FAIL\s+bite/seedmisplaced\b`,
		`--- FAIL: TestGetInstanceSummaryReportSinceMidnightJSONExample`,
		`--- FAIL: TestGetInstanceSummaryReportSinceMidnightXMLExample`,
		`unknown field "MaxTalkTime"`,
		`unknown field "Timestamp"`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("go test output lacks %s", want)
		}
	}
	if t.Failed() {
		t.Logf("go test output:\n%s", text)
	}
}
