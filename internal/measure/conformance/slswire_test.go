package conformance

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/gen"
)

// truthWire is the request side of a truth file: how the official SDK
// sends the API.
type truthWire struct {
	Method   string `json:"method"`
	Pathname string `json:"pathname"`
	Request  []struct {
		Name     string `json:"name"`
		Position string `json:"position"`
	} `json:"request"`
}

var rePlaceholderName = regexp.MustCompile(`\{[^{}]*\}`)

// wirePath normalises a path template for comparison: lower case, the
// fixed query sorted, a trailing slash dropped, and placeholders renamed
// to {} when anon (their names are not on the wire).
func wirePath(p string, anon bool) string {
	p = strings.ToLower(p)
	if anon {
		p = rePlaceholderName.ReplaceAllString(p, "{}")
	}
	path, q, _ := strings.Cut(p, "?")
	if path = strings.TrimSuffix(path, "/"); path == "" {
		path = "/"
	}
	var pairs []string
	for _, kv := range strings.Split(q, "&") {
		if kv != "" {
			pairs = append(pairs, kv)
		}
	}
	sort.Strings(pairs)
	return path + "?" + strings.Join(pairs, "&")
}

// slsWireKeys are a request's keys as the wire carries them: query, body and
// header parameters by name, the Host and path parameters by position
// only (their names are not sent; the n-th path parameter is "Path#n").
func slsWireKeys(names, positions []string) map[string]bool {
	out := map[string]bool{}
	paths := 0
	for i, pos := range positions {
		switch pos {
		case "Host":
			out["Host"] = true
		case "Path":
			paths++
			out["Path#"+strconv.Itoa(paths)] = true
		default:
			out[pos+" "+names[i]] = true
		}
	}
	return out
}

// TestSLSWireMatchesTruth measures, for the Log Service pages of the dev
// corpus, how the generated request goes on the wire compared with the
// official SDK (truth): method, path template with its fixed query, and
// the request keys with their positions. The numbers are logged; the
// floors below fail a regression.
func TestSLSWireMatchesTruth(t *testing.T) {
	tsv := filepath.Join(truthDir, "pages.tsv")
	f, err := os.Open(tsv)
	if err != nil {
		t.Skipf("no dev corpus: %s is absent (it lives in ../shared next to the project root)", tsv)
	}
	defer f.Close()
	var pages, methods, paths, anonPaths, both, truthKeys, ourKeys, sameKeys, wireTruth, wireSame int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 || !strings.HasPrefix(cols[0], "docs/sls/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, cols[0]))
		if err != nil {
			t.Fatal(err)
		}
		tb, err := os.ReadFile(filepath.Join(truthDir, cols[1]))
		if err != nil {
			t.Fatal(err)
		}
		var tr truthWire
		if err := json.Unmarshal(tb, &tr); err != nil {
			t.Fatalf("%s: %v", cols[1], err)
		}
		p := gen.Load(gen.Source{Name: cols[0], Data: data})
		if p.Style != "SLS" {
			t.Errorf("%s: style %q, want SLS", cols[0], p.Style)
		}
		pages++
		method := string(p.Method)
		if method == "" {
			method = "GET"
		}
		m := strings.EqualFold(method, tr.Method)
		path := p.Path
		if path == "" {
			path = "/"
		}
		exact := wirePath(path, false) == wirePath(tr.Pathname, false)
		anon := wirePath(path, true) == wirePath(tr.Pathname, true)
		if m {
			methods++
		}
		if exact {
			paths++
		}
		if anon {
			anonPaths++
		}
		if m && anon {
			both++
		}
		var tn, tp, gn, gp []string
		tset, gset := map[string]bool{}, map[string]bool{}
		for _, r := range tr.Request {
			tn, tp = append(tn, r.Name), append(tp, r.Position)
			tset[r.Position+" "+r.Name] = true
		}
		for _, r := range p.Params() {
			gn, gp = append(gn, r.Name), append(gp, string(r.Position))
			gset[string(r.Position)+" "+r.Name] = true
			if r.AlsoBody {
				gn, gp = append(gn, r.Name), append(gp, "Body")
				gset["Body "+r.Name] = true
			}
		}
		same := 0
		for k := range tset {
			if gset[k] {
				same++
			}
		}
		tw, gw := slsWireKeys(tn, tp), slsWireKeys(gn, gp)
		wsame := 0
		for k := range tw {
			if gw[k] {
				wsame++
			}
		}
		truthKeys += len(tset)
		ourKeys += len(gset)
		sameKeys += same
		wireTruth += len(tw)
		wireSame += wsame
		if testing.Verbose() {
			t.Logf("%-38s method %v path %v (names aside %v) keys %d/%d (wire %d/%d)  %s | %s", cols[0], m, exact, anon, same, len(tset), wsame, len(tw), path, tr.Pathname)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("SLS pages with truth: %d; method equal %d; path template equal %d (placeholder names case-insensitive), %d (placeholder names aside); method and path %d", pages, methods, paths, anonPaths, both)
	t.Logf("request keys (name, position): %d of truth's %d agree (%d generated); on the wire (Host and path parameters by position): %d of %d", sameKeys, truthKeys, ourKeys, wireSame, wireTruth)
	// Floors: the measure of this change (41 pages: 41 methods, 35 paths
	// with placeholder names aside, 99 keys, 165 wire keys).
	if pages == 0 {
		t.Fatal("no SLS page with truth")
	}
	if methods < pages || both < 35 || sameKeys < 99 || wireSame < 165 {
		t.Errorf("below the floors: methods %d/%d, method and path %d (floor 35), keys %d (floor 99), wire keys %d (floor 165)", methods, pages, both, sameKeys, wireSame)
	}
}
