package writeout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWriteOnlyChanged(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"a.go": []byte("a"), "b.go": []byte("b")}
	changed, err := Write(dir, files)
	if err != nil || len(changed) != 2 {
		t.Fatalf("first write: %v %v", changed, err)
	}
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "a.go"), old, old)
	files["b.go"] = []byte("b2")
	changed, err = Write(dir, files)
	if err != nil || len(changed) != 1 || changed[0] != "b.go" {
		t.Fatalf("second write: %v %v", changed, err)
	}
	st, _ := os.Stat(filepath.Join(dir, "a.go"))
	if !st.ModTime().Equal(old) {
		t.Error("unchanged a.go was rewritten")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.go")); string(b) != "b2" {
		t.Errorf("b.go = %q", b)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("temporary files left: %d entries", len(ents))
	}
}

// A directory that cannot be locked for writing is named in the error, not
// the lock file inside it.
func TestReplaceErrorNamesDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, lockName), 0o755); err != nil { // the lock file cannot be opened
		t.Fatal(err)
	}
	_, _, err := Replace(dir, map[string][]byte{"a.go": []byte("package a\n")}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); strings.Contains(msg, lockName) || !strings.HasPrefix(msg, "cannot write to "+dir+": ") {
		t.Errorf("error %q", msg)
	}
}
