package gen

import (
	"path/filepath"
	"testing"

	"github.com/cccgen/cccgen/spec"
)

// Every warning has one of spec.DiagKinds, so that -lint can group it, say
// how to fix the page and tell whether it bears on the generated structure:
// checked on this package's test pages (the golden file pins which kind
// each of its warnings has).
func TestEveryWarningHasAKind(t *testing.T) {
	n := 0
	for _, dir := range []string{"pages", "foreign", "linked"} {
		res := Package(sources(t, filepath.Join("testdata", dir)), Options{Package: "demo"})
		for _, d := range res.Diagnostics {
			switch {
			case d.Severity == spec.Error && d.Kind != "":
				t.Errorf("%s: error with kind %q", d, d.Kind)
			case d.Severity == spec.Warning && !d.Kind.Known():
				t.Errorf("%s: warning of unknown kind %q", d, d.Kind)
			case d.Severity == spec.Warning:
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("the test pages gave no warnings; the check checked nothing")
	}
}
