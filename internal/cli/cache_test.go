package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The run cache skips generation only while the pages, the options and the
// files on disk are what it recorded: a hand-edited output file or a changed
// page is regenerated.
func TestRunCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	root, _ := filepath.Abs("../..")
	seed, err := os.ReadFile(filepath.Join(root, "docs", "ccc", "GetInstanceSummaryReportSinceMidnight.md"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "page.md")
	out := filepath.Join(dir, "out")
	os.WriteFile(page, seed, 0o644)
	run := func(args ...string) {
		t.Helper()
		var o, e bytes.Buffer
		if code := Run(append(args, "-o", out, "-pkg", "ccc", page), &o, &e); code != ExitOK {
			t.Fatalf("exit %d: %s%s", code, o.String(), e.String())
		}
	}
	run()
	target := filepath.Join(out, "get_instance_summary_report_since_midnight.gen.go")
	want, _ := os.ReadFile(target)
	if entries, _ := os.ReadDir(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "cccgen")); len(entries) == 0 {
		t.Fatal("the run recorded nothing in the cache")
	}
	// A hand edit: the cache no longer matches the disk, the file comes back.
	os.WriteFile(target, []byte("// edited\n"), 0o644)
	run()
	if got, _ := os.ReadFile(target); !bytes.Equal(got, want) {
		t.Fatal("a hand-edited file was not regenerated")
	}
	// A changed page: a new key, new code.
	os.WriteFile(page, bytes.Replace(seed, []byte("呼叫中心实例ID"), []byte("实例编号"), 1), 0o644)
	run()
	if got, _ := os.ReadFile(target); bytes.Equal(got, want) || !bytes.Contains(got, []byte("实例编号")) {
		t.Fatal("a changed page was not regenerated")
	}
}
