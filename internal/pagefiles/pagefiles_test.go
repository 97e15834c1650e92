package pagefiles

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cccgen/cccgen/parser"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A folder gives its *.md files in sub-folders too, less hidden ones, what
// -exclude and .cccgenignore leave out; a file both named and found counts
// as named; the result is sorted, each file once.
func TestExpand(t *testing.T) {
	d := t.TempDir()
	for _, f := range []string{"b.md", "a.md", "sub/c.md", "old/d.md", ".git/e.md", "notes.txt", "skip/f.md", "x_draft.md"} {
		write(t, filepath.Join(d, f), "# x\n")
	}
	write(t, filepath.Join(d, IgnoreFile), "# comment\n\nold\n*_draft.md\n")
	got, diags, err := Expand([]string{d, filepath.Join(d, "a.md")}, []string{"skip"})
	if err != nil || len(diags) != 0 {
		t.Fatal(err, diags)
	}
	want := []File{{Path: filepath.Join(d, "a.md")}, {Path: filepath.Join(d, "b.md"), Found: true}, {Path: filepath.Join(d, "sub", "c.md"), Found: true}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	empty := filepath.Join(d, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, diags, _ := Expand([]string{empty}, nil); len(diags) != 1 || !strings.Contains(diags[0].String(), "directory holds no .md pages") {
		t.Errorf("empty folder: %v", diags)
	}
	write(t, filepath.Join(d, "bad", IgnoreFile), "[\n")
	if _, diags, _ := Expand([]string{filepath.Join(d, "bad")}, nil); len(diags) == 0 || !strings.Contains(diags[0].String(), IgnoreFile+":1:1: bad pattern") {
		t.Errorf("bad pattern: %v", diags)
	}
}

// Read reads a page whole, and refuses one over the parser's limit with a
// diagnostic instead of its data.
func TestRead(t *testing.T) {
	d := t.TempDir()
	small, big := filepath.Join(d, "s.md"), filepath.Join(d, "b.md")
	write(t, small, "# ok\n")
	write(t, big, strings.Repeat("x", parser.MaxPageBytes+1))
	if b, diag, err := Read(small); err != nil || diag != nil || string(b) != "# ok\n" {
		t.Errorf("small: %q %v %v", b, diag, err)
	}
	if b, diag, err := Read(big); err != nil || diag == nil || b != nil {
		t.Errorf("big: %d bytes, %v, %v", len(b), diag, err)
	}
	if _, _, err := Read(filepath.Join(d, "none.md")); err == nil {
		t.Error("missing file: no error")
	}
}
