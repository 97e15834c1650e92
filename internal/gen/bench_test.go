package gen_test

// Generation benchmarks (internal/measure/BENCHMARKS.md). Each benchmark has a "seed"
// sub-benchmark (docs/ccc) and a "corpus" one (every page of
// ../shared/corpus/docs, skipped when it is absent). The corpus is split into
// packages as internal/measure/conformance and users split it: each product's
// <Action>.md pages in one package, each other copy (<Action>__N.md) in a
// package of its own.
//
// The stages, each measured on its own:
//
//	Parse     parser.Parse (goldmark, then tables, examples, error codes)
//	Resolve   resolve.Page on freshly parsed pages (parsing is outside the timer)
//	Emit      templates → jennifer tree → source bytes, unformatted (File.NoFormat)
//	Format    go/format.Source of those unformatted bytes
//	Package   the whole pipeline, gen.Package, one package after another
//
// jennifer's File.Render runs go/format.Source on the rendered source when
// File.NoFormat is false, and does nothing else after rendering, so
// Emit + Format is gen's render split exactly in two; the setup checks that
// formatting Emit's bytes gives gen.Package's files byte for byte.
//
// The floor: FloorGoldmark (goldmark's parser alone over the same pages)
// plus FloorFormat (go/format.Source alone over the generated, already
// formatted files): what any generator reading these pages with goldmark
// and writing gofmt-ed output pays.
//
// CorpusAllCores generates every package at once, GOMAXPROCS as the
// machine gives it: one goroutine per package, per product, or per core. CorpusNoChange is the command
// on a tree whose generated files are up to date: `cccgen -check` in a
// temporary repository layout (docs/<pkg> → generated/<pkg>), which
// generates everything, compares it with the files on disk and writes
// nothing.
//
// Run (see internal/measure/BENCHMARKS.md):
//
//	go test ./internal/gen -run '^$' -bench . -benchmem -count 5 -benchtime 3x

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/cccgen/cccgen/internal/cli"
	"github.com/cccgen/cccgen/internal/gen"
	"github.com/cccgen/cccgen/internal/naming"
	"github.com/cccgen/cccgen/internal/resolve"
	"github.com/cccgen/cccgen/parser"
	"github.com/cccgen/cccgen/spec"
	"github.com/cccgen/cccgen/templates"
	"github.com/dave/jennifer/jen"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// benchUnit is one output package and its pages.
type benchUnit struct {
	pkg  string
	srcs []gen.Source
}

// benchSet is a set of pages to generate, with everything derived from
// them that a benchmark needs ready.
type benchSet struct {
	units []benchUnit
	pages int
	bytes int64
	// Filled on first use by prepare.
	once        sync.Once
	err         error
	loaded      [][]*spec.Page      // per unit, parsed and resolved
	unformatted []map[string][]byte // per unit, Emit's output
	formatted   []map[string][]byte // per unit, gen.Package's output
}

var (
	benchSeedOnce, benchCorpusOnce sync.Once
	benchSeedSet, benchCorpusSet   *benchSet
	benchSeedErr, benchCorpusErr   error
)

const benchCorpusDir = "../../../shared/corpus/docs"

var benchCopyName = regexp.MustCompile(`^(.*)__([0-9]+)\.md$`)

func benchRead(files []string) ([]gen.Source, int64, error) {
	var srcs []gen.Source
	var n int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, 0, err
		}
		srcs = append(srcs, gen.Source{Name: filepath.ToSlash(f), Data: data})
		n += int64(len(data))
	}
	return srcs, n, nil
}

func seedBenchSet(b *testing.B) *benchSet {
	benchSeedOnce.Do(func() {
		files, _ := filepath.Glob(filepath.Join("..", "..", "docs", "ccc", "*.md"))
		srcs, n, err := benchRead(files)
		if err == nil && len(srcs) == 0 {
			err = fmt.Errorf("no pages in docs/ccc")
		}
		benchSeedSet, benchSeedErr = &benchSet{units: []benchUnit{{pkg: "ccc", srcs: srcs}}, pages: len(srcs), bytes: n}, err
	})
	if benchSeedErr != nil {
		b.Fatal(benchSeedErr)
	}
	return benchSeedSet
}

func corpusBenchSet(b *testing.B) *benchSet {
	if _, err := os.Stat(benchCorpusDir); err != nil {
		b.Skipf("no development corpus at %s", benchCorpusDir)
	}
	benchCorpusOnce.Do(func() {
		set := &benchSet{}
		products, err := os.ReadDir(benchCorpusDir)
		if err != nil {
			benchCorpusErr = err
			return
		}
		for _, e := range products {
			if !e.IsDir() {
				continue
			}
			files, _ := filepath.Glob(filepath.Join(benchCorpusDir, e.Name(), "*.md"))
			sort.Strings(files)
			var main []string
			pkg := naming.PackageName(e.Name())
			for _, f := range files {
				if m := benchCopyName.FindStringSubmatch(filepath.Base(f)); m != nil {
					srcs, n, err := benchRead([]string{f})
					if err != nil {
						benchCorpusErr = err
						return
					}
					set.units = append(set.units, benchUnit{pkg: pkg + "_" + strings.ToLower(naming.FileName(m[1])) + "_" + m[2], srcs: srcs})
					set.pages++
					set.bytes += n
					continue
				}
				main = append(main, f)
			}
			srcs, n, err := benchRead(main)
			if err != nil {
				benchCorpusErr = err
				return
			}
			set.units = append(set.units, benchUnit{pkg: pkg, srcs: srcs})
			set.pages += len(srcs)
			set.bytes += n
		}
		benchCorpusSet = set
	})
	if benchCorpusErr != nil {
		b.Fatal(benchCorpusErr)
	}
	return benchCorpusSet
}

// prepare loads every unit, generates it, emits it unformatted, and checks
// that formatting the unformatted bytes gives the generated files.
func (s *benchSet) prepare(b *testing.B) {
	s.once.Do(func() {
		for _, u := range s.units {
			res := gen.Package(u.srcs, gen.Options{Package: u.pkg})
			if spec.HasErrors(res.Diagnostics) {
				s.err = fmt.Errorf("package %s does not generate: %v", u.pkg, res.Diagnostics)
				return
			}
			raw, err := emitUnformatted(res.Pages, u.pkg)
			if err != nil {
				s.err = err
				return
			}
			if len(raw) != len(res.Files) {
				s.err = fmt.Errorf("package %s: emitted %d files, generated %d", u.pkg, len(raw), len(res.Files))
				return
			}
			for name, src := range raw {
				got, err := format.Source(src)
				if err != nil || !bytes.Equal(got, res.Files[name]) {
					s.err = fmt.Errorf("package %s: formatting the emitted %s does not give the generated file (%v)", u.pkg, name, err)
					return
				}
			}
			s.loaded = append(s.loaded, res.Pages)
			s.unformatted = append(s.unformatted, raw)
			s.formatted = append(s.formatted, res.Files)
		}
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
}

// emitFiles builds the jennifer files of one package as Generate does
// (pages in Action order, names planned over all of them first).
func emitFiles(loaded []*spec.Page, pkg string) map[string]*jen.File {
	pages := append([]*spec.Page(nil), loaded...)
	sort.SliceStable(pages, func(i, j int) bool {
		if pages[i].Action != pages[j].Action {
			return pages[i].Action < pages[j].Action
		}
		return pages[i].File < pages[j].File
	})
	names := templates.NewPlan()
	names.PlanAll(pages)
	var actions []string
	for _, p := range pages {
		actions = append(actions, p.Action)
	}
	files := map[string]*jen.File{}
	for _, p := range pages {
		stem := naming.FileName(p.Action)
		files[stem+".gen.go"] = names.PageFile(pkg, p.File, p)
		files[stem+".gen_test.go"] = names.PageTestFile(pkg, p.File, p)
	}
	files["doc.gen.go"] = templates.DocFile(pkg, "its pages", "", actions)
	return files
}

// emitUnformatted renders the files of one package without formatting.
func emitUnformatted(loaded []*spec.Page, pkg string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, f := range emitFiles(loaded, pkg) {
		f.NoFormat = true
		var b bytes.Buffer
		if err := f.Render(&b); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	return out, nil
}

// sets runs fn as the sub-benchmarks "seed" and "corpus".
func benchSets(b *testing.B, fn func(b *testing.B, s *benchSet)) {
	b.Run("seed", func(b *testing.B) { fn(b, seedBenchSet(b)) })
	b.Run("corpus", func(b *testing.B) { fn(b, corpusBenchSet(b)) })
}

// reportMemory adds the process's heap high-water mark (HeapSys: heap
// memory obtained from the OS, which the runtime does not give back to its
// accounting) and the GC pause time per operation.
func reportMemory(b *testing.B, before *runtime.MemStats) {
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapSys)/(1<<20), "heapsys-MiB")
	b.ReportMetric(float64(after.PauseTotalNs-before.PauseTotalNs)/1e6/float64(b.N), "gcpause-ms/op")
}

func BenchmarkParse(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		for b.Loop() {
			for _, u := range s.units {
				for _, src := range u.srcs {
					parser.Parse(src.Name, src.Data)
				}
			}
		}
	})
}

func BenchmarkResolve(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		pages := make([]*spec.Page, 0, s.pages)
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			pages = pages[:0]
			for _, u := range s.units {
				for _, src := range u.srcs {
					pages = append(pages, parser.Parse(src.Name, src.Data))
				}
			}
			b.StartTimer()
			for _, p := range pages {
				if !spec.HasErrors(p.Diagnostics) {
					resolve.Page(p)
				}
				spec.SortDiagnostics(p.Diagnostics)
			}
		}
	})
}

// BenchmarkEmitBuild is the first half of Emit: building the jennifer trees.
func BenchmarkEmitBuild(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		s.prepare(b)
		b.ReportAllocs()
		for b.Loop() {
			for i, u := range s.units {
				emitFiles(s.loaded[i], u.pkg)
			}
		}
	})
}

func BenchmarkEmit(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		s.prepare(b)
		b.ReportAllocs()
		var n int64
		for _, m := range s.unformatted {
			for _, src := range m {
				n += int64(len(src))
			}
		}
		b.SetBytes(n) // bytes of source produced
		for b.Loop() {
			for i, u := range s.units {
				if _, err := emitUnformatted(s.loaded[i], u.pkg); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func benchFormat(b *testing.B, files []map[string][]byte) {
	b.ReportAllocs()
	var n int64
	for _, m := range files {
		for _, src := range m {
			n += int64(len(src))
		}
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, m := range files {
			for _, src := range m {
				if _, err := format.Source(src); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		s.prepare(b)
		benchFormat(b, s.unformatted)
	})
}

// BenchmarkPackage is the whole pipeline, one package after another.
func BenchmarkPackage(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		for b.Loop() {
			for _, u := range s.units {
				if res := gen.Package(u.srcs, gen.Options{Package: u.pkg}); spec.HasErrors(res.Diagnostics) {
					b.Fatal(res.Diagnostics)
				}
			}
		}
		reportMemory(b, &before)
	})
}

// BenchmarkCorpusAllCores generates every package of the corpus at once,
// GOMAXPROCS as the machine gives it, in three layouts:
//
//	per-package  one goroutine per package (380 for the corpus)
//	per-product  one goroutine per product, generating its packages in turn
//	workers      GOMAXPROCS goroutines taking packages, largest first
func BenchmarkCorpusAllCores(b *testing.B) {
	b.Run("corpus", func(b *testing.B) {
		s := corpusBenchSet(b)
		product := func(pkg string) string { return strings.SplitN(pkg, "_", 2)[0] }
		layouts := []struct {
			name  string
			plan  func() [][]int // the units each goroutine generates, in order
			procs int
		}{
			{"per-package", func() [][]int {
				var g [][]int
				for i := range s.units {
					g = append(g, []int{i})
				}
				return g
			}, 0},
			{"per-product", func() [][]int {
				var g [][]int
				at := map[string]int{}
				for i, u := range s.units {
					k, ok := at[product(u.pkg)]
					if !ok {
						k = len(g)
						at[product(u.pkg)] = k
						g = append(g, nil)
					}
					g[k] = append(g[k], i)
				}
				return g
			}, 0},
			{"workers", nil, runtime.GOMAXPROCS(0)},
		}
		for _, l := range layouts {
			b.Run(l.name, func(b *testing.B) {
				b.SetBytes(s.bytes)
				b.ReportAllocs()
				b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
				gen1 := func(i int) bool {
					u := s.units[i]
					return !spec.HasErrors(gen.Package(u.srcs, gen.Options{Package: u.pkg}).Diagnostics)
				}
				// Largest first, for the workers.
				order := make([]int, len(s.units))
				for i := range order {
					order[i] = i
				}
				size := func(i int) (n int) {
					for _, src := range s.units[i].srcs {
						n += len(src.Data)
					}
					return n
				}
				sort.SliceStable(order, func(i, j int) bool { return size(order[i]) > size(order[j]) })
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				for b.Loop() {
					ok := make([]bool, len(s.units))
					var wg sync.WaitGroup
					if l.plan != nil {
						for _, g := range l.plan() {
							wg.Add(1)
							go func() {
								defer wg.Done()
								for _, i := range g {
									ok[i] = gen1(i)
								}
							}()
						}
					} else {
						next := make(chan int)
						for range l.procs {
							wg.Add(1)
							go func() {
								defer wg.Done()
								for i := range next {
									ok[i] = gen1(i)
								}
							}()
						}
						for _, i := range order {
							next <- i
						}
						close(next)
					}
					wg.Wait()
					for i, good := range ok {
						if !good {
							b.Fatalf("package %s does not generate", s.units[i].pkg)
						}
					}
				}
				reportMemory(b, &before)
			})
		}
	})
}

// BenchmarkCorpusNoChange runs `cccgen -check` on a repository layout whose
// generated files are up to date: nothing is written. "cache" is the
// command as it runs by default, with its run cache (outside the output:
// here a temporary XDG_CACHE_HOME) filled by the run that generated the
// files; "nocache" (CCCGEN_NOCACHE=1) generates everything and compares it
// with the files on disk.
func BenchmarkCorpusNoChange(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		for _, mode := range []string{"cache", "nocache"} {
			b.Run(mode, func(b *testing.B) {
				b.Setenv("XDG_CACHE_HOME", b.TempDir())
				if mode == "nocache" {
					b.Setenv("CCCGEN_NOCACHE", "1")
				}
				benchNoChange(b, s)
			})
		}
	})
}

func benchNoChange(b *testing.B, s *benchSet) {
	dir := b.TempDir()
	for _, u := range s.units {
		d := filepath.Join(dir, "docs", u.pkg)
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		for _, src := range u.srcs {
			if err := os.WriteFile(filepath.Join(d, filepath.Base(src.Name)), src.Data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	// With no arguments cccgen regenerates only a repository whose go.mod is its own.
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module github.com/cccgen/cccgen\n\ngo 1.24\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	b.Chdir(dir)
	var errb bytes.Buffer
	if code := cli.Run(nil, io.Discard, &errb); code != cli.ExitOK {
		b.Fatalf("cccgen: exit %d: %s", code, errb.String())
	}
	b.SetBytes(s.bytes)
	b.ReportAllocs()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		errb.Reset()
		if code := cli.Run([]string{"-check"}, io.Discard, &errb); code != cli.ExitOK {
			b.Fatalf("cccgen -check: exit %d: %s", code, errb.String())
		}
	}
	reportMemory(b, &before)
}

// BenchmarkFloorGoldmark is goldmark's parser alone (with the table
// extension) over the same pages.
func BenchmarkFloorGoldmark(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		p := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser()
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		for b.Loop() {
			for _, u := range s.units {
				for _, src := range u.srcs {
					p.Parse(text.NewReader(src.Data))
				}
			}
		}
	})
}

// BenchmarkFloorFormat is go/format.Source alone over the generated
// (formatted) files.
func BenchmarkFloorFormat(b *testing.B) {
	benchSets(b, func(b *testing.B, s *benchSet) {
		s.prepare(b)
		benchFormat(b, s.formatted)
	})
}
