// Package writeout writes generated files safely: each file goes to a
// temporary file in the target directory and is renamed into place, so a
// reader sees the old or the new bytes, never a torn file; files whose bytes
// did not change are not touched.
//
// Writers of one directory exclude each other: where the system has flock
// (Linux and the BSDs), Write holds an advisory lock on the file .cccgen.lock
// in the directory from before it compares the files until the last rename,
// so two cccgen processes writing the same directory at once leave exactly
// one run's files, not a mix. The lock file exists only while a writer runs.
//
// A writer killed part way (SIGKILL, power loss) leaves every file old or new
// and may leave its temporary files (.cccgen-*.tmp) and the lock file behind;
// the next Write into that directory removes them.
package writeout

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

const (
	// tempPrefix and tempSuffix frame the names of temporary files.
	tempPrefix = ".cccgen-"
	tempSuffix = ".tmp"
	// lockName is the lock file held while a writer runs.
	lockName = ".cccgen.lock"
	// staleAge is how old a temporary file must be to be removed as stale
	// where writers cannot lock the directory (a live writer's are younger).
	staleAge = 10 * time.Minute
)

// Changed reports, for each file, whether its bytes on disk differ from
// want (a missing file differs).
func Changed(dir string, files map[string][]byte) []string {
	var out []string
	for _, name := range sortedKeys(files) {
		old, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(old, files[name]) {
			out = append(out, name)
		}
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// isTemp reports whether name is one of Write's temporary files.
func isTemp(name string) bool {
	return strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, tempSuffix) && len(name) > len(tempPrefix)+len(tempSuffix)
}

// leftovers reports whether dir holds a temporary file or a lock file, which
// are either a live writer's or a killed writer's.
func leftovers(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if n := e.Name(); n == lockName || isTemp(n) {
			return true
		}
	}
	return false
}

// removeStale removes the temporary files that killed writers left in dir:
// all of them when this writer holds the directory's lock (a live writer's
// temporary files exist only while it holds the lock), otherwise only the
// old ones.
func removeStale(dir string, exclusive bool) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() || !isTemp(e.Name()) {
			continue
		}
		if !exclusive {
			info, err := e.Info()
			if err != nil || time.Since(info.ModTime()) < staleAge {
				continue
			}
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
}

// syncDir makes the renames in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Write writes the files whose bytes changed and returns their names. All
// temporary files are written and synced before any is renamed. It holds the
// directory's lock while it compares, writes and renames, and removes what
// killed writers left behind.
func Write(dir string, files map[string][]byte) ([]string, error) {
	written, _, err := Replace(dir, files, nil)
	return written, err
}

// Replace is Write that also removes, under the same lock and after the
// renames, the files stale names (computed under the lock); stale may be nil.
// It returns the names written and the names removed. An error names dir,
// never the lock file.
func Replace(dir string, files map[string][]byte, stale func() []string) (written, removed []string, err error) {
	// Nothing to do: no lock taken, so a read-only up-to-date directory works.
	if len(Changed(dir, files)) == 0 && !leftovers(dir) && (stale == nil || len(stale()) == 0) {
		return nil, nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	unlock, exclusive, err := lockDir(dir)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = fmt.Errorf("cannot write to %s: %w", dir, pe.Err)
		}
		return nil, nil, err
	}
	defer unlock()
	removeStale(dir, exclusive)
	// Compare again under the lock: another writer may have run meanwhile.
	changed := Changed(dir, files)
	var remove []string
	if stale != nil {
		remove = stale()
	}
	removeAll := func() {
		for _, name := range remove {
			if os.Remove(filepath.Join(dir, name)) == nil {
				removed = append(removed, name)
			}
		}
	}
	if len(changed) == 0 {
		removeAll()
		syncDir(dir)
		return nil, removed, nil
	}
	// Write and sync the temporary files a few at a time: a sync waits on
	// the disk, and concurrent syncs share the file system's journal commits.
	temps := make([]string, len(changed))
	errs := make([]error, len(changed))
	cleanup := func() {
		for _, t := range temps {
			if t != "" {
				os.Remove(t)
			}
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, syncWriters)
	for i, name := range changed {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			temps[i], errs[i] = writeTemp(dir, files[name])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			cleanup()
			return nil, nil, err
		}
	}
	for i, name := range changed {
		if err := os.Rename(temps[i], filepath.Join(dir, name)); err != nil {
			cleanup()
			return nil, nil, err
		}
		temps[i] = ""
	}
	removeAll()
	syncDir(dir)
	return changed, removed, nil
}

// syncWriters bounds the temporary files written and synced at once.
const syncWriters = 8

// writeTemp writes data to a new synced temporary file in dir and returns
// its name; on error it leaves nothing behind.
func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, tempPrefix+"*"+tempSuffix)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
