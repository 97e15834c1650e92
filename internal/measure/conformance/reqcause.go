package conformance

import (
	"regexp"
	"strings"

	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
)

// Why the request a generated client sends disagrees with truth, key by key
// and flag by flag. Every missing and extra key, every required flag that
// differs and every method and ROA path that differs gets one cause,
// decided from the page's request rows and truth.
const (
	// The page and the SDK spell the key otherwise: case (autoSnapshotPolicyId,
	// AutoSnapshotPolicyId) or flattening (InstanceIds, InstanceIds.N).
	reqCauseSpelling = "the page spells the key otherwise than the SDK (case, or a list flattened or not)"
	// Missing, the page's request table lists the key, the client did not send it.
	reqCauseDropped = "in the page's request table, not sent by the generated client"
	// Missing, no request row names it: the page shows it only in its text
	// or its request example.
	reqCauseTextOnly = "the page names the key only in its text or request example (no request row)"
	// Extra, the page's request table lists a parameter the SDK lacks (the
	// page and the SDK are of different versions, or either is wrong).
	reqCausePageOnly = "the page's request table lists a parameter the SDK lacks"
	// Extra, sent though no request row names it (a member of a JSON body
	// or object the SDK types otherwise).
	reqCauseNoRow = "sent from a structure the page documents, which the SDK types otherwise"
	// Required flags.
	reqCauseReqPage = "required: the page marks it required (是), the SDK optional"
	reqCauseReqSDK  = "required: the page marks it optional (否), the SDK required"
	reqCauseMethod  = "method: the page's request syntax names another method than the SDK"
	// RPC: cccgen sends every call as a POST form, which RPC endpoints take
	// for every API; the SDK's metadata names GET for some.
	reqCauseRPCMethod = "method: an RPC call sent as a POST form where the SDK's metadata names GET"
	reqCausePath      = "ROA path: the page's path template differs from the SDK's"
)

// reRowIndex matches a list index written in a row name: Tag.n.Key, Tag.1.Key.
var reRowIndex = regexp.MustCompile(`\.(?:[nN]|[0-9]+)(\.|$)`)

// rowKey is a request row name as a wire key: list indexes written N.
func rowKey(name string) string { return truthscore.IndexesAsN(reRowIndex, name) }

// spellingKey folds the case and the list indexes of a key.
func spellingKey(k string) string {
	return strings.ToLower(strings.ReplaceAll(rowKey(k), ".N", ""))
}

// reqCauses classifies a scored page's request disagreements.
func reqCauses(s *ReqScore, sp *spec.Page, truthKeys, genKeys map[string]string) map[string]int {
	out := map[string]int{}
	rows := map[string]bool{}
	if sp != nil {
		for _, rs := range [][]spec.Row{sp.RequestRows, sp.BodyRows} {
			for _, r := range rs {
				rows[rowKey(r.Name)] = true
			}
		}
	}
	fold := func(keys map[string]string) map[string]bool {
		m := map[string]bool{}
		for k := range keys {
			m[spellingKey(k)] = true
		}
		return m
	}
	truthFold, genFold := fold(truthKeys), fold(genKeys)
	for _, m := range s.Missing {
		k, _, _ := strings.Cut(m, " (")
		switch {
		case genFold[spellingKey(k)]:
			out["missing: "+reqCauseSpelling]++
		case rows[k]:
			out["missing: "+reqCauseDropped]++
		default:
			out["missing: "+reqCauseTextOnly]++
		}
	}
	for _, x := range s.Extra {
		k, _, _ := strings.Cut(x, " (")
		switch {
		case truthFold[spellingKey(k)]:
			out["extra: "+reqCauseSpelling]++
		case rows[k] || rows[strings.Split(k, ".")[0]]:
			out["extra: "+reqCausePageOnly]++
		default:
			out["extra: "+reqCauseNoRow]++
		}
	}
	for _, w := range s.ReqWrong {
		if strings.Contains(w, "page true") {
			out[reqCauseReqPage]++
		} else {
			out[reqCauseReqSDK]++
		}
	}
	if s.MethodCompared && !s.MethodAgree {
		if sp != nil && !sp.REST() {
			out[reqCauseRPCMethod]++
		} else {
			out[reqCauseMethod]++
		}
	}
	if s.PathCompared && !s.PathAgree {
		out[reqCausePath]++
	}
	return out
}
