package conformance

import (
	"os"
	"strings"
	"testing"
)

func TestDebugPages(t *testing.T) {
	pat := os.Getenv("DEBUG_PAGES")
	if pat == "" {
		t.Skip()
	}
	rep, err := Run(corpusDir, truthDir, t.TempDir(), Options{StructureOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Pages {
		if !strings.Contains(p.File, pat) || len(p.Score.Missing)+len(p.Score.Extra) == 0 {
			continue
		}
		t.Logf("%s\n  missing: %s\n  extra:   %s", p.File, strings.Join(p.Score.Missing, "\n           "), strings.Join(p.Score.Extra, "\n           "))
	}
}
