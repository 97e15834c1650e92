package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cccgen/cccgen/internal/gen"
)

// The run cache makes regenerating unchanged pages cost about as much as
// reading them: a key over the pages' bytes, the options and the cccgen
// executable itself names the hashes of the files the run produced; when
// the files on disk still have those hashes, generation is skipped. It
// lives in the user cache directory, never in the output, so the output
// stays the same bytes everywhere. CCCGEN_NOCACHE=1 turns it off.

var exeHash = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

func cacheDir() string {
	if os.Getenv("CCCGEN_NOCACHE") != "" {
		return ""
	}
	d, err := os.UserCacheDir()
	if err != nil || exeHash() == "" {
		return ""
	}
	return filepath.Join(d, "cccgen")
}

// cacheKey hashes everything a run's output depends on.
func cacheKey(j *job, opt gen.Options, srcs []gen.Source) string {
	h := sha256.New()
	abs, _ := filepath.Abs(j.out)
	fmt.Fprintf(h, "exe %s\nout %s\npkg %s\ngenerate %q\ndoc %q\nproduct %q\nversion %q\n", exeHash(), abs, j.pkg, opt.Generate, opt.DocName, opt.Product, opt.Version)
	for _, s := range srcs {
		fmt.Fprintf(h, "page %q %q %d %v\n", s.Name, opt.HeaderName(s.Name), len(s.Data), s.Found)
		h.Write(s.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// cached is what the run cache records of a run: the files' hashes, the
// files skipped, and the counts of its summary line.
type cached struct {
	files          map[string][]byte
	skipped        []gen.Skipped
	apis, warnings int
}

// cacheLookup returns the output files as they are on disk, with what the
// run recorded, when the cache says they are what key produces.
func cacheLookup(key, out string) (cached, bool) {
	var c cached
	dir := cacheDir()
	if dir == "" {
		return c, false
	}
	data, err := os.ReadFile(filepath.Join(dir, key))
	if err != nil {
		return c, false
	}
	c.files = map[string][]byte{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if rest, ok := strings.CutPrefix(line, "#counts "); ok {
			if _, err := fmt.Sscanf(rest, "%d %d", &c.apis, &c.warnings); err != nil {
				return c, false
			}
			continue
		}
		if rest, ok := strings.CutPrefix(line, "#skipped "); ok {
			file, reason, _ := strings.Cut(rest, "\t")
			c.skipped = append(c.skipped, gen.Skipped{File: file, Reason: reason})
			continue
		}
		name, sum, ok := strings.Cut(line, " ")
		if !ok || strings.ContainsAny(name, `/\`) {
			return c, false
		}
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || hashOf(b) != sum {
			return c, false
		}
		c.files[name] = b
	}
	return c, len(c.files) > 0
}

// cacheStore records what a run produced under key; errors are ignored
// (the cache only saves time).
func cacheStore(key string, c cached) {
	dir := cacheDir()
	files := c.files
	if dir == "" || len(files) == 0 {
		return
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "%s %s\n", n, hashOf(files[n]))
	}
	fmt.Fprintf(&b, "#counts %d %d\n", c.apis, c.warnings)
	for _, sk := range c.skipped {
		if strings.ContainsAny(sk.File+sk.Reason, "\n\t") {
			return // a line could not hold it: not cached, so a hit never loses it
		}
		fmt.Fprintf(&b, "#skipped %s\t%s\n", sk.File, sk.Reason)
	}
	if os.MkdirAll(dir, 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(b.String())
	if cerr := tmp.Close(); err == nil && cerr == nil {
		os.Rename(tmp.Name(), filepath.Join(dir, key))
	} else {
		os.Remove(tmp.Name())
	}
}
