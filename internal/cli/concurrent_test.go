package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentRuns starts several cccgen processes at once on one output
// directory, some from one version of the pages and some from another (and
// some from the same version), and checks that once they have all succeeded
// the directory holds exactly one run's output: every file of the same
// version, none missing, no temporary or lock file left. writeout's
// directory lock makes this hold; without it the files of two versions mix.
func TestConcurrentRuns(t *testing.T) {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd", "netbsd", "openbsd", "dragonfly":
	default:
		t.Skip("writers exclude each other only where flock exists")
	}
	t.Parallel()
	bin := buildCommand(t)
	const npages = 30
	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	root := t.TempDir()
	out := filepath.Join(root, "out")
	// Two versions of the pages, in two directories; each directory's output
	// is made in a sibling of out so its headers name the pages as out's do.
	dirs := []string{filepath.Join(root, "pagesA"), filepath.Join(root, "pagesB")}
	var want []map[string][]byte
	for v, dir := range dirs {
		putPages(t, dir, synthPages(npages, v), nil)
		ref := filepath.Join(root, fmt.Sprintf("ref%d", v))
		generate(t, "-o", ref, "-pkg", "demo", dir)
		want = append(want, readTree(t, ref))
	}

	// Who runs in each round: indexes into dirs.
	mixes := [][]int{{0, 1, 0, 1, 0, 1}, {0, 0, 1, 1}, {1, 1, 1}, {1, 0, 1, 0, 1, 0}}
	var wins [2]int
	for round := range rounds {
		if round%3 == 0 {
			os.RemoveAll(out) // sometimes from nothing, else from the last round's output
		}
		runners := mixes[round%len(mixes)]
		var wg sync.WaitGroup
		errs := make([]string, len(runners))
		cmds := make([]*exec.Cmd, len(runners))
		for i, v := range runners {
			cmds[i] = exec.Command(bin, "-q", "-o", out, "-pkg", "demo", dirs[v])
		}
		// Start them all before waiting for any.
		outs := make([]bytes.Buffer, len(runners))
		for i, cmd := range cmds {
			cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := cmd.Wait(); err != nil || outs[i].Len() > 0 {
					errs[i] = fmt.Sprintf("run %d (%s): %v\n%s", i, filepath.Base(dirs[runners[i]]), err, outs[i].String())
				}
			}()
		}
		wg.Wait()
		if msg := strings.Join(errs, ""); msg != "" {
			t.Fatalf("round %d: %s", round, msg)
		}
		got := readTree(t, out)
		d0, d1 := treeDiff(got, want[0]), treeDiff(got, want[1])
		switch {
		case d0 == "":
			wins[0]++
		case d1 == "":
			wins[1]++
		default:
			t.Fatalf("round %d (runs from %v): the output is neither version's:\nagainst version A:\n%sagainst version B:\n%s", round, runners, d0, d1)
		}
	}
	t.Logf("%d rounds: version A's output won %d, version B's %d", rounds, wins[0], wins[1])
}
