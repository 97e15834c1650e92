package spec

import (
	"regexp"
	"testing"
)

func TestDiagKinds(t *testing.T) {
	kinds := DiagKinds()
	if len(kinds) == 0 {
		t.Fatal("no kinds")
	}
	word := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[DiagKind]bool{}
	structuralDone := false
	for i, k := range kinds {
		if seen[k] {
			t.Errorf("%s listed twice", k)
		}
		seen[k] = true
		if !word.MatchString(string(k)) {
			t.Errorf("%q is not a lower-case hyphenated word", k)
		}
		if !k.Known() || k.Order() != i {
			t.Errorf("%s: Known %v, Order %d, want true, %d", k, k.Known(), k.Order(), i)
		}
		if k.Fix() == "" {
			t.Errorf("%s has no fix hint", k)
		}
		if !k.Structural() {
			structuralDone = true
		} else if structuralDone {
			t.Errorf("structural kind %s listed after a non-structural one", k)
		}
	}
	for _, k := range []DiagKind{DiagResponseNesting, DiagFieldOnlyInExample, DiagListOrObject, DiagTypeMismatch, DiagRequestParams, DiagSubTable, DiagRowDropped} {
		if !k.Structural() {
			t.Errorf("%s is not structural", k)
		}
	}
	for _, k := range []DiagKind{DiagExampleRepaired, DiagMissingFromExample, DiagNameMismatch, DiagProductVersion, DiagPageCopies} {
		if k.Structural() {
			t.Errorf("%s is structural", k)
		}
	}
	for _, k := range []DiagKind{"", "no-such-kind"} {
		if k.Known() || k.Structural() || k.Fix() != "" || k.Order() != len(kinds) {
			t.Errorf("unknown kind %q: Known %v, Structural %v, Fix %q, Order %d", k, k.Known(), k.Structural(), k.Fix(), k.Order())
		}
	}
}
