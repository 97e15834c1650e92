package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/internal/measure/truthscore"
	"github.com/cccgen/cccgen/spec"
)

// The request side is scored on the wire: every generated client test calls
// its API with every parameter set against the fake service, which, with
// acsfake.EnvWireLog set, logs each request as received. A page's wire
// keys are the parameter names of the first request of its Action from its
// package's test process: RPC query and form keys (one position, "Query"),
// ROA path placeholders ("Path"), query keys ("Query"), the page's own
// headers ("Header") and the top-level keys of a JSON body ("Body"; a body
// that is not a JSON object is one key, "body"), flattened list indexes
// written N (Tag.1.Key → Tag.N.Key). They are compared with truth's
// request_wire_keys and the positions of its request parameters.

// ReqScore compares one page's wire request with truth.
type ReqScore struct {
	Called bool // a request of the page's Action was logged

	TruthVisible, Recalled int // key recall over the truth keys the page could show
	Generated, Precise     int // key precision over every generated key
	PosCompared, PosAgree  int // positions, over recalled keys
	ReqCompared, ReqAgree  int // required flags, over recalled top-level parameters truth states a flag for
	MethodCompared         bool
	MethodAgree            bool
	PathCompared           bool
	PathAgree              bool
	Missing, Extra         []string // keys (with position)
	// ReqWrong names the parameters whose required flag disagrees
	// ("Name: page true, SDK false").
	ReqWrong []string
	// Causes counts the disagreements by cause (reqcause.go).
	Causes map[string]int
}

// reqTruth is the request part of a truth file.
type reqTruth struct {
	Style         string            `json:"style"`
	Method        string            `json:"method"`
	MethodAlts    []string          `json:"method_alternatives"`
	Pathname      string            `json:"pathname"`
	WireKeys      map[string]string `json:"request_wire_keys"`
	RequestParams []reqParam        `json:"request"`
}

// reqParam is one top-level parameter of truth's request.
type reqParam struct {
	Name     string `json:"name"`
	Position string `json:"position"`
	Required *bool  `json:"required"`
	Type     string `json:"type"`
	// Fields are a struct parameter's members (SLS: the body's).
	Fields []struct {
		Name string `json:"name"`
	} `json:"fields"`
}

// onlyBodyParam is the name of truth's one Body parameter, or "".
func (t *reqTruth) onlyBodyParam() string {
	name := ""
	for _, p := range t.RequestParams {
		if p.Position == "Body" {
			if name != "" {
				return ""
			}
			name = p.Name
		}
	}
	return name
}

// opaqueBody reports a ROA API the SDK gives one string parameter for the
// whole body (its body parameter, the only one in the body): the SDK's
// caller writes the JSON, so the body's keys are no wire keys of truth's.
//
// A body parameter typed struct (the SLS SDK's Body) is the same: the SDK
// sends the struct as the JSON body, so a JSON body whose keys are all that
// struct's members is that one parameter on the wire.
func (t *reqTruth) opaqueBody(bodyKeys []string) bool {
	n, opaque := 0, false
	for _, p := range t.RequestParams {
		if p.Position != "Body" {
			continue
		}
		n++
		switch {
		case !strings.EqualFold(p.Name, "body"):
		case p.Type == "string":
			opaque = true
		case p.Type == "struct" && len(p.Fields) > 0:
			members := map[string]bool{}
			for _, f := range p.Fields {
				members[f.Name] = true
			}
			opaque = len(bodyKeys) > 0
			for _, k := range bodyKeys {
				opaque = opaque && members[k]
			}
		}
	}
	return t.Style == "ROA" && opaque && n == 1
}

// wireKey is one key on the wire and where it travels.
type wireKey struct{ name, pos string }

// commonParams are RPC parameters every call carries, not the API's own.
var commonParams = map[string]bool{
	"Action": true, "Version": true, "Format": true, "AccessKeyId": true, "Signature": true,
	"SignatureMethod": true, "SignatureVersion": true, "SignatureNonce": true, "SignatureType": true,
	"Timestamp": true, "SecurityToken": true,
}

// ownHeader reports whether a received header is the API's own parameter
// rather than one of HTTP's or the signature's.
func ownHeader(name string) bool {
	switch strings.ToLower(name) {
	case "accept", "accept-encoding", "authorization", "content-length", "content-md5", "content-type",
		"date", "host", "user-agent", "connection":
		return false
	}
	lk := strings.ToLower(name)
	for _, p := range []string{"x-acs-signature-", "x-acs-version", "x-acs-action", "x-acs-date", "x-acs-content-sha256",
		"x-acs-security-token", "x-acs-region-id", "x-log-signaturemethod", "x-log-apiversion", "x-log-bodyrawsize", "x-log-date"} {
		if strings.HasPrefix(lk, p) {
			return false
		}
	}
	return true
}

// flatKey writes list indexes as N: Tag.1.Key → Tag.N.Key, Id.2 → Id.N.
func flatKey(k string) string { return truthscore.FlatKey(k) }

// wireKeys reads the keys of a logged request.
func wireKeys(rec *acsfake.WireRecord) []wireKey {
	seen := map[wireKey]bool{}
	var out []wireKey
	add := func(name, pos string) {
		k := wireKey{flatKey(name), pos}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if rec.Style == "RPC" {
		for k := range rec.Params {
			if !commonParams[k] {
				add(k, "Query")
			}
		}
	} else {
		for k := range rec.PathParams {
			add(k, "Path")
		}
		for k := range rec.Query {
			add(k, "Query")
		}
		for k := range rec.Header {
			if ownHeader(k) {
				add(k, "Header")
			}
		}
		if b := strings.TrimSpace(rec.Body); b != "" {
			var obj map[string]json.RawMessage
			ct := ""
			if v := rec.Header["Content-Type"]; len(v) > 0 {
				ct = v[0]
			}
			switch {
			case strings.Contains(ct, "form"):
				for _, kv := range strings.Split(b, "&") {
					k, _, _ := strings.Cut(kv, "=")
					add(k, "Body")
				}
			case json.Unmarshal([]byte(b), &obj) == nil:
				for k := range obj {
					add(k, "Body")
				}
			default:
				add("body", "Body")
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name+out[i].pos < out[j].name+out[j].pos })
	return out
}

// truthPos is the position a truth parameter travels in, RPC query and
// form body counting as one.
func truthPos(style, pos string) string {
	if style != "ROA" && pos == "Body" {
		return "Query"
	}
	if pos == "" {
		return "Query"
	}
	return pos
}

// placeholders matches {X} in a path template.
var placeholders = regexp.MustCompile(`\{[^{}/]*\}`)

// normalPath is a path template with its placeholders written {}, lower-cased.
func normalPath(p string) string {
	p, _, _ = strings.Cut(p, "?")
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return strings.ToLower(placeholders.ReplaceAllString(p, "{}"))
}

// requestPart is the text of a page that can tell a request: the page without
// its response sections (返回数据, 返回参数, 响应参数), its response examples
// (正常返回示例, 异常返回示例: up to the next heading) and its error codes. A
// name the page shows only as a response field or in an error message (the
// response's ZoneId, InvalidParameter.ResourceOwnerAccount) is no request
// parameter the page documents.
func requestPart(pageText string) string {
	var b strings.Builder
	skip := false
	for _, line := range strings.SplitAfter(pageText, "\n") {
		t := strings.TrimSpace(line)
		heading := strings.HasPrefix(t, "#")
		switch {
		case heading && (strings.Contains(t, "返回") || strings.Contains(t, "响应") || strings.Contains(t, "错误码")):
			skip = true
		case heading:
			skip = false
		case !heading && len(t) < 40 && strings.Contains(t, "返回示例"):
			skip = true
		case !heading && len(t) < 40 && strings.Contains(t, "请求示例"):
			skip = false
		}
		if !skip {
			b.WriteString(line)
		}
	}
	return b.String()
}

// scoreRequest compares a page's logged request (nil: not called) and its
// spec with truth.
func scoreRequest(t *reqTruth, sp *spec.Page, rec *acsfake.WireRecord, pageText string) ReqScore {
	var s ReqScore
	if sp != nil {
		style := sp.Style
		if style == "" {
			style = "RPC"
		}
		if t.Method != "" {
			s.MethodCompared = true
			got := "POST" // RPC calls are sent as POST forms
			if style == "ROA" || style == "SLS" {
				got = string(sp.Method) // resolve.Page sets one
			}
			s.MethodAgree = strings.EqualFold(got, t.Method)
			for _, m := range t.MethodAlts {
				s.MethodAgree = s.MethodAgree || strings.EqualFold(got, m)
			}
		}
		if t.Style == "ROA" && t.Pathname != "" {
			s.PathCompared = true
			s.PathAgree = normalPath(sp.Path) == normalPath(t.Pathname)
		}
	}
	if rec == nil {
		return s
	}
	s.Called = true
	top := map[string]string{} // truth top-level name → position
	req := map[string]*bool{}  // truth top-level name → required
	for _, p := range t.RequestParams {
		top[p.Name] = truthPos(t.Style, p.Position)
		req[p.Name] = p.Required
	}
	truthKey := map[string]string{} // flattened key → position
	for k := range t.WireKeys {
		base, _, _ := strings.Cut(k, ".")
		pos, ok := top[base]
		if !ok {
			pos = "Query"
		}
		truthKey[k] = pos
	}
	gen := map[string]string{}
	var bodyKeys []string
	for _, k := range wireKeys(rec) {
		if k.pos == "Body" {
			bodyKeys = append(bodyKeys, k.name)
		}
	}
	opaque := t.opaqueBody(bodyKeys)
	for _, k := range wireKeys(rec) {
		if opaque && k.pos == "Body" {
			// A JSON body the generator types member by member is the
			// same wire as the SDK's body string: one key, body.
			k.name = "body"
		}
		gen[k.name] = k.pos
	}
	if _, q, ok := strings.Cut(t.Pathname, "?"); ok {
		// A fixed query of the path template (SLS ?type=cursor) is part of
		// the path, compared with it, not a parameter.
		for _, kv := range strings.Split(q, "&") {
			k, _, _ := strings.Cut(kv, "=")
			if gen[k] == "Query" {
				delete(gen, k)
			}
		}
	}
	if sp != nil && s.PathAgree {
		// The same path template: its placeholders are path segments on the
		// wire, whatever each side calls them ({logstoreName}, {logstore}).
		ours, theirs := placeholders.FindAllString(sp.Path, -1), placeholders.FindAllString(t.Pathname, -1)
		if len(ours) == len(theirs) {
			for i := range ours {
				o, w := strings.Trim(ours[i], "{}"), strings.Trim(theirs[i], "{}")
				if gen[o] == "Path" && o != w {
					delete(gen, o)
					gen[w] = "Path"
				}
			}
		}
	}
	if pos, ok := gen["body"]; ok && pos == "Body" {
		// A body that is no JSON object (a list, raw text) has no keys: it is
		// the SDK's one body parameter, whatever the SDK names it (data).
		if name := t.onlyBodyParam(); name != "" && name != "body" {
			delete(gen, "body")
			gen[name] = "Body"
		}
	}
	reqText := requestPart(pageText)
	for k, pos := range truthKey {
		if !truthscore.Visible(truthscore.Leaf{Path: strings.ReplaceAll(k, ".N", "")}, reqText) {
			continue
		}
		s.TruthVisible++
		gp, ok := gen[k]
		if !ok {
			s.Missing = append(s.Missing, k+" ("+pos+")")
			continue
		}
		s.Recalled++
		s.PosCompared++
		if gp == pos {
			s.PosAgree++
		}
	}
	s.Generated = len(gen)
	for k, pos := range gen {
		if _, ok := truthKey[k]; ok {
			s.Precise++
		} else {
			s.Extra = append(s.Extra, k+" ("+pos+")")
		}
	}
	if sp != nil && sp.Request != nil {
		for _, f := range sp.Params() {
			want, ok := req[f.Name]
			if !ok || want == nil {
				continue
			}
			if _, sent := gen[flatKey(f.Name)]; !sent && !f.Kind.IsScalar() {
				// A list or struct: compare it when any of its keys was recalled.
				found := false
				for k := range gen {
					if strings.HasPrefix(k, f.Name+".") {
						found = true
						break
					}
				}
				if !found {
					continue
				}
			}
			s.ReqCompared++
			if f.Required == *want {
				s.ReqAgree++
			} else {
				s.ReqWrong = append(s.ReqWrong, fmt.Sprintf("%s: page %v, SDK %v", f.Name, f.Required, *want))
			}
		}
	}
	sort.Strings(s.Missing)
	sort.Strings(s.Extra)
	s.Causes = reqCauses(&s, sp, truthKey, gen)
	return s
}

// readWireLog reads every record of the wire log directory, keeping the
// first request of each (package directory relative to work, Action).
func readWireLog(dir, work string) (map[[2]string]*acsfake.WireRecord, error) {
	files, err := filepath.Glob(filepath.Join(dir, "wire-*.jsonl"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	out := map[[2]string]*acsfake.WireRecord{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for sc.Scan() {
			var rec acsfake.WireRecord
			if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.Action == "" {
				continue
			}
			rel, err := filepath.Rel(work, rec.Dir)
			if err != nil {
				continue
			}
			key := [2]string{filepath.ToSlash(rel), rec.Action}
			if _, dup := out[key]; !dup {
				out[key] = &rec
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
