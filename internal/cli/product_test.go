package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -product and -version supply what a page does not name; -lint says which
// was used, as file:line:col: warning: ...
func TestProductAndVersionFlags(t *testing.T) {
	page, _ := filepath.Abs("../gen/testdata/pages/GetWidget.md")
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := Run([]string{"-lint", page}, &out, &errb); code != ExitOK {
		t.Fatalf("-lint: exit %d: %s", code, errb.String())
	}
	all := out.String() + errb.String()
	if !strings.Contains(all, "GetWidget.md:8:2: warning: the page names no product code and no other page of this run does: give cccgen -product") {
		t.Errorf("-lint without -product:\n%s", all)
	}
	out.Reset()
	errb.Reset()
	if code := Run([]string{"-lint", "-product", "Cms", "-version", "2019-01-01", page}, &out, &errb); code != ExitOK {
		t.Fatalf("-lint -product: exit %d: %s", code, errb.String())
	}
	all = out.String() + errb.String()
	if !strings.Contains(all, "GetWidget.md:8:2: warning: the page names no product code; using Cms from -product") ||
		!strings.Contains(all, "GetWidget.md:8:2: warning: the page names no API version; using 2019-01-01 from -version") {
		t.Errorf("-lint with -product/-version:\n%s", all)
	}
	if code := Run([]string{"-gogenerate", "-product", "Cms", "-version", "2019-01-01", "-o", dir, "-pkg", "cms", page}, &out, &errb); code != ExitOK {
		t.Fatalf("generate: exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "get_widget.gen.go"))
	if err != nil || !bytes.Contains(b, []byte(`Product: "Cms"`)) || !bytes.Contains(b, []byte(`Version: "2019-01-01"`)) {
		t.Errorf("generated GetWidget: %v\n%s", err, b)
	}
	doc, _ := os.ReadFile(filepath.Join(dir, "doc.gen.go"))
	if !bytes.Contains(doc, []byte("-product Cms -version 2019-01-01 ")) {
		t.Errorf("the go:generate line does not repeat the flags:\n%s", doc)
	}
	for _, args := range [][]string{{"-product", "Cms"}, {"-product", "a b", page}, {"-version", "x;y", page}} {
		if code := Run(args, &out, &errb); code != ExitUsage {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
