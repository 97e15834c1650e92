package gen_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/spec"
)

// testPages reads the n pages of a testdata folder as sources named by
// their base names.
func testPages(t *testing.T, dir string, n int) []gen.Source {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) != n {
		t.Fatalf("pages in %s: %v %v, want %d", dir, files, err, n)
	}
	var srcs []gen.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, gen.Source{Name: filepath.Base(f), Data: b})
	}
	return srcs
}

// The pages of testdata/idempotent document a ClientToken (RPC; ROA in the
// body, spelt clientToken; ROA in the query) or not (DeleteThing, whose
// ClientTokens is another parameter): the generated methods mark the
// request with IdempotencyKey, naming the wire parameter, only for the
// first three, with IdempotencyKeyInBody for the body one, and the package
// type-checks against acsrt.
func TestIdempotencyKeyEmitted(t *testing.T) {
	srcs := testPages(t, "testdata/idempotent", 4)
	res := gen.Package(srcs, gen.Options{Package: fuzzPkg})
	if spec.HasErrors(res.Diagnostics) {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	var all strings.Builder
	for _, b := range res.Files {
		all.Write(b)
	}
	src := all.String()
	method := func(action string) string {
		start := strings.Index(src, "func (c *Client) "+action+"(")
		if start < 0 {
			t.Fatalf("no method %s", action)
		}
		end := strings.Index(src[start:], "\n}\n")
		return src[start : start+end]
	}
	key := regexp.MustCompile(`IdempotencyKey:\s+"([^"]*)"`)
	inBody := regexp.MustCompile(`IdempotencyKeyInBody:\s+true`)
	for action, want := range map[string]struct {
		key    string
		inBody bool
	}{
		"CreateThing":  {key: "ClientToken"},
		"CreateGadget": {key: "clientToken", inBody: true},
		"StartGadget":  {key: "ClientToken"},
		"DeleteThing":  {},
	} {
		m := method(action)
		got := ""
		if k := key.FindStringSubmatch(m); k != nil {
			got = k[1]
		}
		if got != want.key || inBody.MatchString(m) != want.inBody {
			t.Errorf("%s: IdempotencyKey %q (in body: %v), want %q (%v):\n%s", action, got, inBody.MatchString(m), want.key, want.inBody, m)
		}
	}
	if err := checkFiles(loadUniverse(t), res.Files); err != nil {
		t.Errorf("the generated package does not type-check: %v", err)
	}
}
