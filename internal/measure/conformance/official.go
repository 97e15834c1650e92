package conformance

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cccgen/cccgen/internal/naming"
)

// The official verifier column: the generated tests' calls against acsfake
// are also put to Alibaba's official signing functions, through the
// command internal/interop/cmd/officialverify (a module of its own, which
// needs the official SDKs from the module proxy) and acsfake's
// CCCGEN_OFFICIAL_VERIFIER hook. A call they refuse fails with
// OfficialSignatureMismatch. When the command cannot be built the column
// is left out with a note. CCCGEN_CONFORMANCE_OFFICIAL=off turns it off.

// OfficialStats counts the pages of the official verifier column.
type OfficialStats struct {
	Called   int // pages whose client test reached the fake and got a verdict: passed, or failed with OfficialSignatureMismatch
	Accepted int // of those, the pages whose calls the official functions accepted (the client test passed)
}

const officialMismatch = "OfficialSignatureMismatch"

// startOfficial builds and starts the verifier and points the go test
// environment at it; stop ends it. On failure it sets rep.OfficialNote.
func (r *runner) startOfficial(root string, rep *Report) (stop func()) {
	stop = func() {}
	if strings.EqualFold(os.Getenv("CCCGEN_CONFORMANCE_OFFICIAL"), "off") {
		rep.OfficialNote = "not run: CCCGEN_CONFORMANCE_OFFICIAL=off"
		return stop
	}
	dir := filepath.Join(root, "internal", "interop")
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		rep.OfficialNote = "not run: no internal/interop module"
		return stop
	}
	bin := filepath.Join(r.work, "officialverify.bin")
	build := exec.Command(r.opt.Go, "build", "-o", bin, "./cmd/officialverify")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		rep.OfficialNote = fmt.Sprintf("not run: building internal/interop/cmd/officialverify failed (%v): %s", err, firstLines(strings.TrimSpace(string(out)), 1))
		r.logf("conformance: official verifier column skipped: %s", rep.OfficialNote)
		return stop
	}
	cmd := exec.Command(bin, "-stdin", "-max", "1h")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		rep.OfficialNote = "not run: " + err.Error()
		return stop
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		rep.OfficialNote = "not run: " + err.Error()
		return stop
	}
	if err := cmd.Start(); err != nil {
		rep.OfficialNote = "not run: starting officialverify: " + err.Error()
		return stop
	}
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			first <- strings.TrimSpace(sc.Text())
		}
		close(first)
	}()
	var url string
	select {
	case url = <-first:
	case <-time.After(30 * time.Second):
	}
	end := func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	if !strings.HasPrefix(url, "http://") {
		end()
		rep.OfficialNote = "not run: officialverify printed no address"
		return stop
	}
	r.official = true
	r.env = append(r.env, "CCCGEN_OFFICIAL_VERIFIER="+url)
	r.logf("conformance: official verifier at %s", url)
	return func() {
		end()
		for i := len(r.env) - 1; i >= 0; i-- {
			if strings.HasPrefix(r.env[i], "CCCGEN_OFFICIAL_VERIFIER=") {
				r.env = append(r.env[:i], r.env[i+1:]...)
			}
		}
	}
}

// noteOfficial records the official verdict of a page's client test.
func (r *runner) noteOfficial(p *page, test, result string, output []string) {
	if !r.official || !p.res.HasExample || test != "Test"+naming.Exported(p.res.Action)+"Client" {
		return
	}
	switch {
	case result == "pass":
		p.res.OfficialCalled, p.res.OfficialAccepted = true, true
	case result == "fail" && strings.Contains(strings.Join(output, ""), officialMismatch):
		p.res.OfficialCalled = true
	}
}

// reportOfficial sums the column by product.
func (r *runner) reportOfficial(rep *Report) {
	if !r.official {
		return
	}
	rep.Official = map[string]*OfficialStats{"Total": {}}
	for _, p := range rep.Pages {
		s := rep.Official[p.Product]
		if s == nil {
			s = &OfficialStats{}
			rep.Official[p.Product] = s
		}
		for _, s := range []*OfficialStats{s, rep.Official["Total"]} {
			if p.OfficialCalled {
				s.Called++
			}
			if p.OfficialAccepted {
				s.Accepted++
			}
		}
	}
}

// officialCell is the column's cell for a product ("" row name: Total).
func (rep *Report) officialCell(product string) string {
	s := rep.Official[product]
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%s)", s.Accepted, s.Called, pct(s.Accepted, s.Called))
}
