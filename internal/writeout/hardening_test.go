package writeout

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"
)

// dirNames lists the entries of dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A killed writer leaves temporary files and the lock file; the next Write
// removes them, whether or not it has anything to write, and nothing else.
func TestWriteRemovesStaleTemps(t *testing.T) {
	for _, change := range []bool{false, true} {
		t.Run(fmt.Sprintf("change=%v", change), func(t *testing.T) {
			dir := t.TempDir()
			files := map[string][]byte{"a.go": []byte("a"), "b.go": []byte("b")}
			if _, err := Write(dir, files); err != nil {
				t.Fatal(err)
			}
			old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
			os.Chtimes(filepath.Join(dir, "a.go"), old, old)
			writeFiles(t, dir, map[string]string{
				".cccgen-123.tmp": "torn",
				".cccgen-456.tmp": "package x\n",
				lockName:          "",
				// Not ours: kept.
				"keep.tmp":       "k",
				".cccgen-.tmp":   "k",
				".cccgen-1.go":   "k",
				"x.cccgen-1.tmp": "k",
			})
			if change {
				files["b.go"] = []byte("b2")
			}
			changed, err := Write(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{false: 0, true: 1}[change]; len(changed) != want {
				t.Errorf("changed = %v, want %d files", changed, want)
			}
			got := fmt.Sprint(dirNames(t, dir))
			want := "[.cccgen-.tmp .cccgen-1.go a.go b.go keep.tmp x.cccgen-1.tmp]"
			if got != want {
				t.Errorf("entries after Write:\n got %s\nwant %s", got, want)
			}
			if st, _ := os.Stat(filepath.Join(dir, "a.go")); !st.ModTime().Equal(old) {
				t.Error("unchanged a.go was rewritten")
			}
		})
	}
}

// Without any leftovers, a Write that changes nothing takes no lock and
// creates nothing, so an up-to-date read-only directory is fine.
func TestWriteUpToDateTouchesNothing(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"a.go": []byte("a")}
	if _, err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	st1, _ := os.Stat(dir)
	old := st1.ModTime().Add(-time.Hour)
	os.Chtimes(dir, old, old)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	changed, err := Write(dir, files)
	if err != nil || len(changed) != 0 {
		t.Fatalf("Write on an up-to-date directory: %v %v", changed, err)
	}
	if st2, _ := os.Stat(dir); !st2.ModTime().Equal(old) {
		t.Error("the directory was modified")
	}
}

// Only temporary files that cannot be a live writer's are removed where
// the directory cannot be locked.
func TestRemoveStaleUnlocked(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{".cccgen-old.tmp": "", ".cccgen-new.tmp": ""})
	old := time.Now().Add(-2 * staleAge)
	os.Chtimes(filepath.Join(dir, ".cccgen-old.tmp"), old, old)
	removeStale(dir, false)
	if got := fmt.Sprint(dirNames(t, dir)); got != "[.cccgen-new.tmp]" {
		t.Errorf("entries: %s", got)
	}
	removeStale(dir, true)
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("entries: %s", got)
	}
}

func lockingOS() bool {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
		return true
	}
	return false
}

// A Write waits while another writer holds the directory's lock, then
// compares afresh and writes.
func TestWriteWaitsForLock(t *testing.T) {
	if !lockingOS() {
		t.Skip("no flock on " + runtime.GOOS)
	}
	dir := t.TempDir()
	if _, err := Write(dir, map[string][]byte{"a.go": []byte("a1"), "b.go": []byte("b1")}); err != nil {
		t.Fatal(err)
	}
	unlock, exclusive, err := lockDir(dir)
	if err != nil || !exclusive {
		t.Fatalf("lockDir: %v %v", exclusive, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Write(dir, map[string][]byte{"a.go": []byte("a2"), "b.go": []byte("b2")})
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Write finished while the lock was held (err %v)", err)
	case <-time.After(200 * time.Millisecond):
	}
	if got := fmt.Sprint(dirNames(t, dir)); got != "["+lockName+" a.go b.go]" {
		t.Errorf("entries while waiting: %s", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.go")); string(b) != "a1" {
		t.Errorf("a.go = %q while the lock was held", b)
	}
	unlock()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Write did not finish after the lock was released")
	}
	for name, want := range map[string]string{"a.go": "a2", "b.go": "b2"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
			t.Errorf("%s = %q, want %q", name, b, want)
		}
	}
	if got := fmt.Sprint(dirNames(t, dir)); got != "[a.go b.go]" {
		t.Errorf("entries after Write: %s (lock or temporary files left)", got)
	}
}

// Writers of one directory racing each other leave exactly one writer's
// files: every file from the same version.
func TestConcurrentWritesLeaveOneVersion(t *testing.T) {
	if !lockingOS() {
		t.Skip("no flock on " + runtime.GOOS)
	}
	const nfiles, writers = 40, 6
	rounds := 10
	if testing.Short() {
		rounds = 5
	}
	version := func(v int) map[string][]byte {
		m := map[string][]byte{}
		for i := range nfiles {
			m[fmt.Sprintf("f%02d.go", i)] = fmt.Appendf(nil, "package p // file %d version %d\n", i, v)
		}
		return m
	}
	dir := t.TempDir()
	for round := range rounds {
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		start := make(chan struct{})
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if _, err := Write(dir, version(w)); err != nil {
					errs <- err
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		first, err := os.ReadFile(filepath.Join(dir, "f00.go"))
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if _, err := fmt.Sscanf(string(first), "package p // file 0 version %d", &v); err != nil {
			t.Fatalf("round %d: f00.go = %q", round, first)
		}
		for name, want := range version(v) {
			if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != string(want) {
				t.Fatalf("round %d: %s = %q, but f00.go is version %d: a mix of writers", round, name, got, v)
			}
		}
		if got := len(dirNames(t, dir)); got != nfiles {
			t.Fatalf("round %d: %d entries, want %d (lock or temporary files left)", round, got, nfiles)
		}
	}
}
