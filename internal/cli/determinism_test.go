package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// detPages is the page set of the determinism test: synthetic pages and the
// repository's own, by file name.
func detPages(t *testing.T) map[string][]byte {
	t.Helper()
	pages := synthPages(12, 0)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, pat := range []string{"docs/ccc/*.md", "internal/gen/testdata/pages/*.md"} {
		m, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(pat)))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no repository pages found")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[filepath.Base(f)] = data
	}
	return pages
}

// recreate empties dir and creates the pages in it in the given order.
func recreate(t *testing.T, dir string, pages map[string][]byte, order []string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	putPages(t, dir, pages, order)
}

func reversed(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// withoutFirstLine drops the first line of doc.gen.go, the header naming
// the command's inputs as given.
func withoutFirstLine(m map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range m {
		if k == "doc.gen.go" {
			if i := bytes.IndexByte(v, '\n'); i >= 0 {
				v = v[i+1:]
			}
		}
		out[k] = v
	}
	return out
}

// TestDeterminism: the same pages give byte-identical output whatever
// GOMAXPROCS is, whatever order the page files were created in (and so the
// directory lists them in), whether the directory or its files are named,
// in any order, and from whichever working directory.
func TestDeterminism(t *testing.T) {
	t.Parallel()
	bin := buildCommand(t)
	root := t.TempDir()
	pagesDir := filepath.Join(root, "pages")
	pages := detPages(t)
	names := sortedNames(pages)

	// The reference: in-process, from the directory, pages created sorted.
	recreate(t, pagesDir, pages, names)
	generate(t, "-o", filepath.Join(root, "ref"), "-pkg", "demo", pagesDir)
	ref := readTree(t, filepath.Join(root, "ref"))
	if len(ref) != 2*len(pages)+1 {
		t.Fatalf("reference output has %d files, want %d", len(ref), 2*len(pages)+1)
	}

	n := 0
	run := func(env []string, dir string, args ...string) map[string][]byte {
		t.Helper()
		n++
		out := filepath.Join(root, fmt.Sprintf("out%d", n))
		cmd := exec.Command(bin, append([]string{"-o", out, "-pkg", "demo"}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		cmd.Dir = dir
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cccgen %v: %v\n%s", args, err, b)
		}
		return readTree(t, out)
	}
	same := func(what string, got, want map[string][]byte) {
		t.Helper()
		if d := treeDiff(got, want); d != "" {
			t.Errorf("%s: output differs from the reference:\n%s", what, d)
		}
	}

	for _, procs := range []string{"1", "4", "1", "4"} {
		same("GOMAXPROCS="+procs, run([]string{"GOMAXPROCS=" + procs}, root, pagesDir), ref)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	shuffled := append([]string(nil), names...)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, o := range []struct {
		what  string
		order []string
	}{{"pages created in reverse order", reversed(names)}, {"pages created in random order", shuffled}} {
		recreate(t, pagesDir, pages, o.order)
		same(o.what, run([]string{"GOMAXPROCS=4"}, root, pagesDir), ref)
	}

	// Relative arguments from another working directory.
	same("relative paths from the pages' parent", run(nil, root, "pages"), ref)

	// The page files named one by one, sorted, reversed and shuffled: the
	// same bytes (doc.gen.go's first line names the inputs, sorted; it
	// differs from the directory run only in naming files, not the folder).
	var sortedArgs []string
	for _, name := range names {
		sortedArgs = append(sortedArgs, filepath.Join(pagesDir, name))
	}
	bySorted := run(nil, root, sortedArgs...)
	same("files named sorted (doc.gen.go header aside)", withoutFirstLine(bySorted), withoutFirstLine(ref))
	for _, o := range []struct {
		what string
		args []string
	}{{"files named in reverse order", reversed(sortedArgs)}, {"files named in random order", shuffle(rng, sortedArgs)}} {
		got := run(nil, root, o.args...)
		same(o.what, got, bySorted)
	}

	// The directory and one of its files together: the file is read once.
	same("directory and a file in it (doc.gen.go header aside)",
		withoutFirstLine(run(nil, root, pagesDir, sortedArgs[0])), withoutFirstLine(ref))
}

func shuffle(rng *rand.Rand, s []string) []string {
	out := append([]string(nil), s...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// TestDeterminismCorpus repeats the GOMAXPROCS and creation-order checks on
// a whole product of the shared corpus that generates without errors.
func TestDeterminismCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerates a corpus product several times")
	}
	src := filepath.Join("..", "..", "..", "shared", "corpus", "docs", "elasticsearch")
	files, _ := filepath.Glob(filepath.Join(src, "*.md"))
	if len(files) == 0 {
		t.Skipf("%s is absent; this test needs the shared corpus", src)
	}
	t.Parallel()
	bin := buildCommand(t)
	pages := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[filepath.Base(f)] = data
	}
	names := sortedNames(pages)
	root := t.TempDir()
	pagesDir := filepath.Join(root, "pages")
	recreate(t, pagesDir, pages, names)
	ref := filepath.Join(root, "ref")
	generate(t, "-o", ref, "-pkg", "es", pagesDir)
	want := readTree(t, ref)
	for i, c := range []struct {
		procs string
		order []string
	}{{"1", names}, {"4", reversed(names)}, {"1", reversed(names)}, {"4", shuffle(rand.New(rand.NewPCG(3, 4)), names)}} {
		recreate(t, pagesDir, pages, c.order)
		out := filepath.Join(root, fmt.Sprintf("out%d", i))
		runCommand(t, []string{"GOMAXPROCS=" + c.procs}, bin, "-o", out, "-pkg", "es", pagesDir)
		if d := treeDiff(readTree(t, out), want); d != "" {
			t.Errorf("GOMAXPROCS=%s, run %d: output differs:\n%s", c.procs, i, d)
		}
	}
}
