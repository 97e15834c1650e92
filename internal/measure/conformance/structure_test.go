package conformance

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// TestStructure scores the generated response structure of every dev page
// against truth without building anything (a few seconds, also in -short
// mode), fails below the regression floors, and logs the products and the
// most common extra and missing path tails, the quick loop for resolver work.
func TestStructure(t *testing.T) {
	for _, d := range []string{corpusDir, truthDir} {
		if _, err := os.Stat(d); err != nil {
			t.Skipf("no dev corpus: %s is absent (it lives in ../shared next to the project root)", d)
		}
	}
	rep, err := Run(corpusDir, truthDir, t.TempDir(), Options{StructureOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	tot := &rep.Total
	t.Logf("recall %.1f%% (%d/%d), precision %.1f%% (%d/%d), kinds %.1f%%",
		100*tot.Recall(), tot.Recalled, tot.TruthVisible, 100*tot.Precision(), tot.Precise, tot.GeneratedLeaves, 100*tot.KindAgreement())
	for _, c := range sortedCauses(tot.StructCauses) {
		t.Logf("  cause %5d  %s (e.g. %s)", tot.StructCauses[c], c, tot.CauseExample[c])
	}
	for _, s := range rep.Products {
		t.Logf("  %-14s recall %5.1f%% precision %5.1f%% (extra %d, missing %d)", s.Name, 100*s.Recall(), 100*s.Precision(), s.GeneratedLeaves-s.Precise, s.TruthVisible-s.Recalled)
	}
	if testing.Verbose() {
		type pd struct {
			file           string
			missing, extra int
		}
		var ps []pd
		for _, p := range rep.Pages {
			if n := len(p.Score.Missing) + len(p.Score.Extra); n > 0 {
				ps = append(ps, pd{p.File, len(p.Score.Missing), len(p.Score.Extra)})
			}
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].missing+ps[i].extra > ps[j].missing+ps[j].extra })
		var b strings.Builder
		for i, p := range ps {
			if i == 40 {
				break
			}
			fmt.Fprintf(&b, "\n  %-55s missing %3d extra %3d", p.file, p.missing, p.extra)
		}
		t.Logf("pages furthest from truth:%s", b.String())
	}
	if f := os.Getenv("CCCGEN_STRUCT_DUMP"); f != "" {
		// Every page's missing and extra leaves, one per line, for analysis.
		var b strings.Builder
		for _, p := range rep.Pages {
			for _, m := range p.Score.Missing {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", p.File, m, p.LeafCauses[m])
			}
			for _, x := range p.Score.Extra {
				fmt.Fprintf(&b, "%s\t%s\t%s\n", p.File, x, p.LeafCauses[x])
			}
		}
		if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tot.Recall() < FloorRecall || tot.Precision() < FloorPrecision {
		t.Errorf("below the regression floors: recall %.1f%% (floor %.1f%%), precision %.1f%% (floor %.1f%%)",
			100*tot.Recall(), 100*FloorRecall, 100*tot.Precision(), 100*FloorPrecision)
	}
}
