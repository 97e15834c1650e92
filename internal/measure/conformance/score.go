// Scoring each page's generated structure against truth.

package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// score compares every page that has truth with its truth file.
func (r *runner) score(corpusDir, truthDir string) error {
	cache := map[string][]truthscore.Leaf{}
	errs := map[string]error{}
	for _, u := range r.units {
		for _, p := range u.pages {
			if p.res.Truth == "" {
				continue
			}
			data, err := os.ReadFile(filepath.Join(truthDir, filepath.FromSlash(p.res.Truth)))
			if err != nil {
				return fmt.Errorf("conformance: %w", err)
			}
			var rt reqTruth
			reqErr := json.Unmarshal(data, &rt)
			tl, ok := cache[p.res.Truth]
			if !ok && errs[p.res.Truth] == nil {
				if requestOnly(data) {
					errs[p.res.Truth] = errRequestOnly
				} else if tl, err = truthscore.TruthLeaves(data); err != nil {
					errs[p.res.Truth] = err
				} else {
					cache[p.res.Truth] = tl
				}
			}
			if err := errs[p.res.Truth]; err != nil {
				p.res.TruthErr = err.Error()
			} else {
				p.scoreOne(tl)
			}
			if r.wire != nil && reqErr == nil && (p.res.TruthErr == "" || errs[p.res.Truth] == errRequestOnly) {
				p.res.Req = scoreRequest(&rt, p.spec, r.wire[[2]string{u.dir, pageAction(p)}], string(p.src.Data))
				p.res.ReqScored = true
			}
		}
	}
	return nil
}

// errRequestOnly marks a truth file that gives the request and no
// response (a held-out set's, whose only SDK for the product is the classic
// one: see internal/measure/teatruth): the page is scored on the wire
// only.
var errRequestOnly = errors.New("truth gives the request only")

// requestOnly reports a truth file with request wire keys and no response.
func requestOnly(data []byte) bool {
	var f struct {
		Response json.RawMessage   `json:"response"`
		Keys     map[string]string `json:"request_wire_keys"`
	}
	return json.Unmarshal(data, &f) == nil && f.Response == nil && f.Keys != nil
}

// pageAction is the Action of a page's spec ("" when it did not parse).
func pageAction(p *page) string {
	if p.spec == nil {
		return ""
	}
	return p.spec.Action
}

func (p *page) scoreOne(truth []truthscore.Leaf) {
	defer func() {
		if v := recover(); v != nil {
			p.res.Panicked = true
			p.fail(panicMsg(v) + " (scoring)")
			p.res.Score = truthscore.Score{}
		}
	}()
	var resp *spec.Field
	if p.spec != nil {
		resp = p.spec.Response
	}
	gl := Leaves(resp)
	p.res.Score = truthscore.Compare(truth, gl, string(p.src.Data))
	p.res.LeafCauses = map[string]string{}
	p.res.StructCauses = structCauses(p.res.Score, truth, gl, p.spec, string(p.src.Data), func(leaf, cause string) {
		p.res.LeafCauses[leaf] = cause
	})
}
