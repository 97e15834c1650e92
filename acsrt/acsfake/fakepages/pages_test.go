package fakepages

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/google/go-cmp/cmp"
)

func TestNew(t *testing.T) {
	const dir = "../../../docs/ccc"
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	apis := s.APIs()
	if len(apis) != 1 {
		t.Fatalf("APIs %+v", apis)
	}
	a := apis[0]
	if a.Product != "CCC" || a.Version != "2017-07-05" || a.Action != "GetInstanceSummaryReportSinceMidnight" || a.Style != "RPC" ||
		!cmp.Equal(a.Required, []string{"InstanceId"}) || a.JSON == "" || a.XML == "" || a.XMLRooted {
		t.Fatalf("API %+v", a)
	}
	c, err := acsrt.NewClient(s.Config())
	if err != nil {
		t.Fatal(err)
	}
	call := func(q url.Values) (map[string]any, error) {
		var got map[string]any
		err := c.CallRPC(context.Background(), acsrt.RPCRequest{Product: a.Product, Version: a.Version, Action: a.Action, Query: q}, &got)
		return got, err
	}
	got, err := call(url.Values{"InstanceId": {"b0eb2742"}})
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(a.JSON), &want); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("JSON (-page +served):\n%s", d)
	}
	_, err = call(url.Values{"PageSize": {"2"}})
	var ae *acsrt.APIError
	if !errors.As(err, &ae) || ae.Code != "MissingParameter" || !strings.Contains(ae.Message, "InstanceId") {
		t.Errorf("missing InstanceId: %v", err)
	}

	// The page file and its directory together, and the errors.
	if s2, err := New(filepath.Join(dir, "GetInstanceSummaryReportSinceMidnight.md"), dir); err != nil {
		t.Error(err)
	} else {
		if n := len(s2.APIs()); n != 1 {
			t.Errorf("file and directory: %d APIs", n)
		}
		s2.Close()
	}
	if _, err := New(); err == nil {
		t.Error("no pages: no error")
	}
	if _, err := New("testdata/no-such-page.md"); err == nil {
		t.Error("missing page: no error")
	}
	empty := t.TempDir()
	if _, err := New(empty); err == nil || !strings.Contains(err.Error(), "no .md pages") {
		t.Errorf("empty directory: %v", err)
	}
	bad := filepath.Join(empty, "Bad.md")
	if err := os.WriteFile(bad, []byte("# nothing here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := APIs(bad); err == nil {
		t.Error("a page without an API: no error")
	}
}

// Log Service pages are served as SLS: the path with its placeholders and
// fixed query, the project among the required parameters.
func TestNewSLS(t *testing.T) {
	const dir = "../../../internal/gen/testdata/pages"
	s, err := New(filepath.Join(dir, "GetRecords.md"), filepath.Join(dir, "CreateWidgetStore.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	apis := s.APIs()
	if len(apis) != 2 {
		t.Fatalf("APIs %+v", apis)
	}
	byAction := map[string]acsfake.API{}
	for _, a := range apis {
		byAction[a.Action] = a
	}
	g := byAction["GetRecords"]
	if g.Style != "SLS" || g.Method != "GET" || g.Path != "/logstores/{logstoreName}/records?type=record" ||
		!cmp.Equal(g.Required, []string{"projectName", "logstoreName", "from"}) || g.JSON == "" {
		t.Fatalf("GetRecords %+v", g)
	}
	c, err := acsrt.NewClient(s.Config())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var got struct {
		Count   int
		Records []string
	}
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Path: "/logstores/app/records?type=record", Query: url.Values{"from": {"1"}}}, &got); err != nil || got.Count != 1 || len(got.Records) != 1 {
		t.Fatalf("GetRecords: %+v %v", got, err)
	}
	err = c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Path: "/logstores/app/records?type=record"}, nil)
	var ae *acsrt.APIError
	if !errors.As(err, &ae) || ae.Code != "ParameterInvalid" || !strings.Contains(ae.Message, `"from"`) {
		t.Errorf("missing from: %v", err)
	}
	err = c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Method: "POST", Path: "/widgetstores", Body: []byte(`{"ttl":1}`)}, nil)
	if !errors.As(err, &ae) || ae.Code != "ParameterInvalid" || !strings.Contains(ae.Message, `"storeName"`) {
		t.Errorf("missing storeName: %v", err)
	}
	if err := c.CallSLS(ctx, acsrt.SLSRequest{Project: "big-game", Method: "POST", Path: "/widgetstores", Body: []byte(`{"storeName":"s"}`)}, nil); err != nil {
		t.Errorf("CreateWidgetStore: %v", err)
	}
}
