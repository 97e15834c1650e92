package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// TestCCCHistory replays every CCC page's successive versions from
// ../shared/corpus/history/ccc: each version regenerates cleanly, -check
// flags every version whose page changed (with a diff, writing nothing), and
// a version identical to the one before rewrites nothing.
func TestCCCHistory(t *testing.T) {
	hist := filepath.Join("..", "..", "..", "shared", "corpus", "history", "ccc")
	actions, err := os.ReadDir(hist)
	if err != nil {
		t.Skipf("../shared/corpus/history/ccc is absent (%v); the history replay needs the shared corpus", err)
	}
	versions, changes, flagged, identical, silent := 0, 0, 0, 0, 0
	for _, a := range actions {
		files, _ := filepath.Glob(filepath.Join(hist, a.Name(), "*.md"))
		if len(files) < 2 {
			continue
		}
		sort.Strings(files)
		dir := t.TempDir()
		page := filepath.Join(dir, "docs", a.Name()+".md")
		out := filepath.Join(dir, "out")
		os.MkdirAll(filepath.Dir(page), 0o755)
		run := func(args ...string) (int, string) {
			var o, e bytes.Buffer
			code := Run(append(args, "-o", out, "-pkg", "ccc", filepath.Dir(page)), &o, &e)
			return code, o.String() + e.String()
		}
		var prev []byte
		for i, f := range files {
			data, _ := os.ReadFile(f)
			versions++
			if err := os.WriteFile(page, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if i > 0 {
				before := snapshot(t, out)
				code, msg := run("-check")
				same := bytes.Equal(data, prev)
				switch {
				case same && code != ExitOK:
					t.Errorf("%s: identical version, -check exit %d:\n%s", f, code, msg)
				case same:
					identical++
				case code == ExitFail:
					changes++
					flagged++
				case code == ExitOK:
					changes++
					silent++
					t.Logf("%s: the page changed but the generated code does not", f)
				default:
					t.Errorf("%s: -check exit %d:\n%s", f, code, msg)
				}
				if after := snapshot(t, out); !equalSnap(before, after) {
					t.Errorf("%s: -check changed the output directory", f)
				}
			}
			if code, msg := run(); code != ExitOK {
				t.Errorf("%s: regenerate: exit %d:\n%s", f, code, msg)
				break
			}
			prev = data
		}
		// Regenerating the last version again touches nothing.
		old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
		ents, _ := os.ReadDir(out)
		for _, e := range ents {
			os.Chtimes(filepath.Join(out, e.Name()), old, old)
		}
		if code, msg := run(); code != ExitOK {
			t.Errorf("%s: regenerate again: %s", a.Name(), msg)
		}
		for _, e := range ents {
			st, _ := os.Stat(filepath.Join(out, e.Name()))
			if !st.ModTime().Equal(old) {
				t.Errorf("%s: unchanged page rewrote %s", a.Name(), e.Name())
			}
		}
	}
	t.Logf("CCC history: %d versions; %d changed pages, %d flagged by -check, %d changed only where the generated code does not look; %d identical versions left alone", versions, changes, flagged, silent, identical)
	if flagged == 0 {
		t.Error("no change was flagged")
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	m := map[string]string{}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		st, _ := os.Stat(filepath.Join(dir, e.Name()))
		m[e.Name()] = string(b) + st.ModTime().String()
	}
	return m
}

func equalSnap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
