// Package writeout writes generated files safely: each file goes to a
// temporary file in the target directory and is renamed into place, so a
// reader sees the old or the new bytes, never a torn file; files whose bytes
// did not change are not touched.
package writeout

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
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

// Write writes the files whose bytes changed and returns their names. All
// temporary files are written and synced before any is renamed.
func Write(dir string, files map[string][]byte) ([]string, error) {
	changed := Changed(dir, files)
	if len(changed) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	temps := map[string]string{}
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, name := range changed {
		f, err := os.CreateTemp(dir, ".cccgen-*.tmp")
		if err != nil {
			cleanup()
			return nil, err
		}
		temps[name] = f.Name()
		_, err = f.Write(files[name])
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
			cleanup()
			return nil, err
		}
	}
	for _, name := range changed {
		if err := os.Rename(temps[name], filepath.Join(dir, name)); err != nil {
			cleanup()
			return nil, err
		}
		delete(temps, name)
	}
	return changed, nil
}
