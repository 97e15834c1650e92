package conformance

import (
	"strings"
	"testing"

	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/spec"
	"github.com/google/go-cmp/cmp"
)

func TestFlatKey(t *testing.T) {
	for in, want := range map[string]string{"Tag.1.Key": "Tag.N.Key", "Id.12": "Id.N", "A.1.B.2": "A.N.B.N", "V1.x": "V1.x", "Name": "Name"} {
		if got := flatKey(in); got != want {
			t.Errorf("flatKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScoreRequestRPC(t *testing.T) {
	yes, no := true, false
	tr := &reqTruth{Style: "RPC", Method: "POST", WireKeys: map[string]string{"RegionId": "string", "Tag.N.Key": "string", "Hidden": "string", "Name": "string"}}
	tr.RequestParams = append(tr.RequestParams,
		reqParam{Name: "RegionId", Position: "Query", Required: &yes, Type: "string"},
		reqParam{Name: "Name", Position: "Body", Required: &no, Type: "string"})
	sp := &spec.Page{Endpoint: spec.Endpoint{Style: "RPC"}, Request: &spec.Field{Kind: spec.Struct, Fields: []*spec.Field{{Name: "RegionId", Kind: spec.String, Required: true}, {Name: "Name", Kind: spec.String, Required: true}}}}
	rec := &acsfake.WireRecord{Style: "RPC", Action: "X", Params: map[string][]string{
		"RegionId": {"r"}, "Tag.1.Key": {"k"}, "Name": {"n"}, "Extra": {"e"}, "Action": {"X"}, "SignatureNonce": {"n"},
	}}
	page := "| RegionId | Tag.N.Key | Name | Extra |"
	s := scoreRequest(tr, sp, rec, page)
	want := ReqScore{Called: true, TruthVisible: 3, Recalled: 3, Generated: 4, Precise: 3, PosCompared: 3, PosAgree: 3,
		ReqCompared: 2, ReqAgree: 1, MethodCompared: true, MethodAgree: true, Extra: []string{"Extra (Query)"},
		ReqWrong: []string{"Name: page true, SDK false"},
		Causes:   map[string]int{"extra: " + reqCauseNoRow: 1, reqCauseReqPage: 1}}
	if d := cmp.Diff(want, s); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestScoreRequestROA(t *testing.T) {
	tr := &reqTruth{Style: "ROA", Method: "PUT", Pathname: "/instances/{InstanceId}/name", WireKeys: map[string]string{"InstanceId": "string", "name": "string", "force": "boolean"}}
	for _, p := range [][2]string{{"InstanceId", "Path"}, {"name", "Body"}, {"force", "Query"}} {
		tr.RequestParams = append(tr.RequestParams, reqParam{Name: p[0], Position: p[1], Type: "string"})
	}
	sp := &spec.Page{Endpoint: spec.Endpoint{Style: "ROA", Method: "POST", Path: "/instances/{Id}/name"}}
	rec := &acsfake.WireRecord{Style: "ROA", Action: "X", PathParams: map[string]string{"InstanceId": "i"},
		Query: map[string][]string{"name": {"n"}}, Header: map[string][]string{"Content-Type": {"application/json"}, "X-Acs-Version": {"v"}, "X-Token": {"t"}},
		Body: `{"force":true}`}
	s := scoreRequest(tr, sp, rec, "InstanceId name force X-Token")
	want := ReqScore{Called: true, TruthVisible: 3, Recalled: 3, Generated: 4, Precise: 3, PosCompared: 3, PosAgree: 1,
		MethodCompared: true, PathCompared: true, PathAgree: true, Extra: []string{"X-Token (Header)"},
		Causes: map[string]int{"extra: " + reqCauseNoRow: 1, reqCauseMethod: 1}}
	if d := cmp.Diff(want, s); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// A ROA API whose SDK takes the whole body as one string (body): the JSON
// body the generated client sends member by member is that one key.
func TestScoreRequestOpaqueBody(t *testing.T) {
	tr := &reqTruth{Style: "ROA", WireKeys: map[string]string{"InstanceId": "string", "body": "string"}}
	for _, p := range [][2]string{{"InstanceId", "Path"}, {"body", "Body"}} {
		tr.RequestParams = append(tr.RequestParams, reqParam{Name: p[0], Position: p[1], Type: "string"})
	}
	rec := &acsfake.WireRecord{Style: "ROA", Action: "X", PathParams: map[string]string{"InstanceId": "i"},
		Header: map[string][]string{"Content-Type": {"application/json"}}, Body: `{"nodes":["a"],"restartType":"x"}`}
	s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA"}}, rec, "InstanceId RequestBody")
	if s.Generated != 2 || s.Precise != 2 || len(s.Extra) != 0 {
		t.Errorf("generated %d, precise %d, extra %v; want the body as one key", s.Generated, s.Precise, s.Extra)
	}
	tr.RequestParams[1].Name = "nodes" // a typed body: its members are keys
	tr.WireKeys = map[string]string{"InstanceId": "string", "nodes": "string"}
	if s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA"}}, rec, "InstanceId nodes"); s.Precise != 2 || len(s.Extra) != 1 {
		t.Errorf("typed body: precise %d, extra %v", s.Precise, s.Extra)
	}
	// The SLS SDK's body struct: a JSON body of its members is that one key;
	// a key it lacks keeps the body's keys apart.
	tr.RequestParams[1] = reqParam{Name: "body", Position: "Body", Type: "struct"}
	tr.RequestParams[1].Fields = append(tr.RequestParams[1].Fields, struct {
		Name string `json:"name"`
	}{"nodes"}, struct {
		Name string `json:"name"`
	}{"restartType"})
	tr.WireKeys = map[string]string{"InstanceId": "string", "body": "struct"}
	if s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA"}}, rec, "InstanceId body"); s.Precise != 2 || len(s.Extra) != 0 {
		t.Errorf("struct body: precise %d, extra %v", s.Precise, s.Extra)
	}
	tr.RequestParams[1].Fields = tr.RequestParams[1].Fields[:1]
	if s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA"}}, rec, "InstanceId body"); s.Precise != 1 || len(s.Extra) != 2 {
		t.Errorf("struct body lacking restartType: precise %d, extra %v", s.Precise, s.Extra)
	}
}

// A list body has no keys: it is truth's one body parameter (data).
func TestScoreRequestListBody(t *testing.T) {
	tr := &reqTruth{Style: "ROA", WireKeys: map[string]string{"apiId": "string", "data": "repeatlist"},
		RequestParams: []reqParam{{Name: "apiId", Position: "Path", Type: "string"}, {Name: "data", Position: "Body", Type: "repeatlist"}}}
	rec := &acsfake.WireRecord{Style: "ROA", Action: "X", PathParams: map[string]string{"apiId": "1"},
		Header: map[string][]string{"Content-Type": {"application/json"}}, Body: `[{"policyId":"1"}]`}
	s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA"}}, rec, "apiId data")
	if s.Recalled != 2 || s.Precise != 2 || len(s.Extra) != 0 {
		t.Errorf("recalled %d, precise %d, extra %v; want the list body as data", s.Recalled, s.Precise, s.Extra)
	}
}

// A fixed query of truth's path template is part of the path, not a key.
func TestScoreRequestFixedQuery(t *testing.T) {
	tr := &reqTruth{Style: "ROA", Pathname: "/logstores/{logstore}?type=cursor", WireKeys: map[string]string{"logstore": "string"},
		RequestParams: []reqParam{{Name: "logstore", Position: "Path", Type: "string"}}}
	rec := &acsfake.WireRecord{Style: "ROA", Action: "X", PathParams: map[string]string{"logstore": "l"}, Query: map[string][]string{"type": {"cursor"}}}
	s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA", Path: "/logstores/{logstore}?type=cursor"}}, rec, "logstore")
	if s.Generated != 1 || len(s.Extra) != 0 {
		t.Errorf("generated %d, extra %v; the fixed query is the path's", s.Generated, s.Extra)
	}
}

// Only the request part of a page makes a truth key visible: a name the page
// shows only as a response field, in a response example or in an error code
// is not counted.
func TestRequestPart(t *testing.T) {
	page := "# DescribeThing\n\n## 请求参数\n\n|InstanceId|String|是|i|x|\n\n## 返回数据\n\n|ZoneId|String|z|x|\n\n" +
		"## 示例\n\n请求示例\n\n```\n?Action=DescribeThing&Token=t\n```\n\n正常返回示例\n\n```\n{\"Cores\":1}\n```\n\n" +
		"## 错误码\n\n|400|InvalidParameter.ResourceOwnerAccount|x|\n"
	got := requestPart(page)
	for _, want := range []string{"InstanceId", "Token"} {
		if !strings.Contains(got, want) {
			t.Errorf("request part lacks %s:\n%s", want, got)
		}
	}
	for _, not := range []string{"ZoneId", "Cores", "ResourceOwnerAccount"} {
		if strings.Contains(got, not) {
			t.Errorf("request part holds %s:\n%s", not, got)
		}
	}
}

// Path placeholders are path segments on the wire: with the same template,
// {logstoreName} is truth's {logstore}.
func TestScoreRequestPathPlaceholderNames(t *testing.T) {
	tr := &reqTruth{Style: "ROA", Pathname: "/logstores/{logstore}/shards/{shardId}", WireKeys: map[string]string{"logstore": "string", "shardId": "integer"},
		RequestParams: []reqParam{{Name: "logstore", Position: "Path", Type: "string"}, {Name: "shardId", Position: "Path", Type: "integer"}}}
	rec := &acsfake.WireRecord{Style: "ROA", Action: "X", PathParams: map[string]string{"logstoreName": "l", "shard": "1"}}
	s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA", Path: "/logstores/{logstoreName}/shards/{shard}"}}, rec, "logstore shardId")
	if s.Recalled != 2 || len(s.Extra) != 0 || s.PosAgree != 2 {
		t.Errorf("recalled %d, extra %v, positions %d; the placeholders are truth's by order", s.Recalled, s.Extra, s.PosAgree)
	}
	s = scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "ROA", Path: "/logstores/{logstoreName}"}}, rec, "logstore shardId")
	if s.Recalled != 0 {
		t.Errorf("recalled %d with another path template; want 0", s.Recalled)
	}
}

// Each request disagreement gets its cause from the page's rows and truth.
func TestReqCauses(t *testing.T) {
	sp := &spec.Page{RequestRows: []spec.Row{{Name: "AutoSnapshotPolicyId"}, {Name: "Tag.n.Key"}, {Name: "Legacy"}, {Name: "Zone"}}}
	s := &ReqScore{
		Missing:  []string{"autoSnapshotPolicyId (Query)", "InstanceIds (Query)", "Zone (Query)", "Hidden (Query)"},
		Extra:    []string{"AutoSnapshotPolicyId (Query)", "InstanceIds.N (Query)", "Legacy (Query)", "line (Body)"},
		ReqWrong: []string{"A: page true, SDK false", "B: page false, SDK true"}, MethodCompared: true,
	}
	truth := map[string]string{"autoSnapshotPolicyId": "Query", "InstanceIds": "Query", "Zone": "Query", "Hidden": "Query", "Tag.N.Key": "Query"}
	gen := map[string]string{"AutoSnapshotPolicyId": "Query", "InstanceIds.N": "Query", "Legacy": "Query", "line": "Body", "Tag.N.Key": "Query"}
	got := reqCauses(s, sp, truth, gen)
	want := map[string]int{
		"missing: " + reqCauseSpelling: 2, "missing: " + reqCauseDropped: 1, "missing: " + reqCauseTextOnly: 1,
		"extra: " + reqCauseSpelling: 2, "extra: " + reqCausePageOnly: 1, "extra: " + reqCauseNoRow: 1,
		reqCauseReqPage: 1, reqCauseReqSDK: 1, reqCauseRPCMethod: 1,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// An SLS page is addressed by method and path, like ROA: its method is the
// page's, not RPC's POST.
func TestScoreRequestSLSMethod(t *testing.T) {
	tr := &reqTruth{Style: "ROA", Method: "GET", Pathname: "/logstores/{logstore}", WireKeys: map[string]string{"logstore": "string"},
		RequestParams: []reqParam{{Name: "logstore", Position: "Path", Type: "string"}}}
	s := scoreRequest(tr, &spec.Page{Endpoint: spec.Endpoint{Style: "SLS", Method: "GET", Path: "/logstores/{logstoreName}"}}, nil, "logstore")
	if !s.MethodCompared || !s.MethodAgree || !s.PathAgree {
		t.Errorf("method compared %v agree %v, path agree %v", s.MethodCompared, s.MethodAgree, s.PathAgree)
	}
}

// A truth file with request wire keys and no response (teatruth's, for a
// product only the classic SDK has) is scored on the wire only.
func TestRequestOnlyTruth(t *testing.T) {
	for _, c := range []struct {
		doc  string
		want bool
	}{
		{`{"request_wire_keys": {"Name": "string"}, "request": [{"name": "Name", "position": "Query"}]}`, true},
		{`{"request_wire_keys": {"Name": "string"}, "response": {"name": "R", "type": "struct"}}`, false},
		{`{"response": {"name": "R", "type": "struct"}}`, false},
		{`{"action": "X"}`, false},
	} {
		if got := requestOnly([]byte(c.doc)); got != c.want {
			t.Errorf("requestOnly(%s) = %v, want %v", c.doc, got, c.want)
		}
	}
}
