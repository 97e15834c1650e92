//go:build realapi

// A real ROA API: Elasticsearch ListInstance (GET /openapi/instances), built
// from its page in ../shared/corpus like the ECS benchmarks (realapi.sh
// generates gen/es and sets the tag). The service answers ROA calls in JSON
// only, so there is no XML input.
//
// The Tea SDK's product module for Elasticsearch
// (github.com/alibabacloud-go/elasticsearch-20170613) is not served by the
// module proxy here, so its path is measured through darabonba-openapi's
// generic client (CallApi with the ROA parameters the product module would
// pass), which returns the body as a map: everything the Tea client does
// except the last dara.Convert into the product's types. The Tea figures
// are therefore a lower bound on its time.

package perfdecode

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
	classices "github.com/aliyun/alibaba-cloud-sdk-go/services/elasticsearch"
	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/internal/measure/perfdecode/gen/es"
)

var esPage = filepath.Join("..", "..", "..", "..", "shared", "corpus", "docs", "elasticsearch", "ListInstance.md")

const esHost = "elasticsearch.cn-hangzhou.aliyuncs.com"

// esResponse is the page's JSON example with its one instance repeated n
// times, each copy varied (vary, as for ECS).
func esResponse(tb testing.TB, n int) map[string]any {
	src, err := os.ReadFile(esPage)
	if err != nil {
		tb.Skipf("%s is absent (%v): the Elasticsearch benchmarks are built from it", esPage, err)
	}
	s := string(src)
	i := strings.Index(s, "`JSON`格式")
	if i < 0 {
		tb.Fatalf("%s: no JSON example", esPage)
	}
	a := strings.Index(s[i:], "```") + i + 3
	b := strings.Index(s[a:], "```") + a
	var m map[string]any
	if err := json.Unmarshal([]byte(s[a:b]), &m); err != nil {
		tb.Fatalf("%s: the JSON example: %v", esPage, err)
	}
	inst := m["Result"].([]any)[0]
	list := make([]any, n)
	for i := range list {
		list[i] = vary(inst, i)
	}
	m["Result"] = list
	return m
}

type esInput struct {
	name string
	json []byte
}

func esInputs(tb testing.TB) []esInput {
	var out []esInput
	for _, n := range []int{100, 1000} {
		j, err := json.Marshal(esResponse(tb, n))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, esInput{fmt.Sprintf("es%d", n), j})
	}
	return out
}

// teaMapDecode is the part of the Tea SDK's path every product shares:
// dara.ReadAsJSON and dara.ToMap (the product module's dara.Convert into its
// types is left out: see the file comment).
func teaMapDecode(data []byte) (map[string]any, error) {
	obj, err := dara.ReadAsJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return dara.ToMap(obj), nil
}

// Every decoder reads every Elasticsearch input to the same values.
func TestESDecodersAgree(t *testing.T) {
	for _, in := range esInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			got := new(es.ListInstanceResponse)
			if err := acsrt.UnmarshalJSON(in.json, got); err != nil {
				t.Fatal("cccgen:", err)
			}
			ph, fj := classices.CreateListInstanceResponse(), classices.CreateListInstanceResponse()
			if err := PeerUnmarshal(ph, in.json, "JSON"); err != nil {
				t.Fatal("classic:", err)
			}
			if err := json.Unmarshal(in.json, fj); err != nil {
				t.Fatal("floor:", err)
			}
			tea, err := teaMapDecode(in.json)
			if err != nil {
				t.Fatal("tea:", err)
			}
			t.Logf("%s: %d bytes of JSON", in.name, len(in.json))
			if n := len(got.Result); n < 100 {
				t.Fatalf("%d instances decoded", n)
			}
			var in0 any
			if err := json.Unmarshal(in.json, &in0); err != nil {
				t.Fatal(err)
			}
			// The page's table, the classic SDK's struct and the example each
			// have members the others lack: every decoder's values are the
			// input's, and the Tea map is all of it.
			for name, v := range map[string]any{"cccgen": got, "classic": ph, "floor": fj, "tea": tea} {
				sameValues(t, name, v, in0)
			}
			sameValues(t, "tea (all of the input)", in0, tea)
			// The page's table lacks a few members the example and the
			// classic SDK have (endTime, zoneCount, ...): cccgen decodes
			// what its table gives, which must be most of the classic SDK's.
			g, c := leaves(nonZero(generic(t, got))), leaves(nonZero(generic(t, ph)))
			t.Logf("values decoded: cccgen %d, classic %d", g, c)
			if g*10 < c*9 {
				t.Errorf("cccgen decoded %d values, the classic SDK %d", g, c)
			}
		})
	}
}

// leaves counts the scalar values in a generic value.
func leaves(v any) int {
	switch v := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range v {
			n += leaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range v {
			n += leaves(e)
		}
		return n
	case nil:
		return 0
	}
	return 1
}

// BenchmarkESDecode: the decoders alone on Elasticsearch ListInstance.
//
//	floor    encoding/json into the classic SDK's struct (plain Go types)
//	cccgen   acsrt.UnmarshalJSON into the generated types
//	classic  the classic SDK's public path, responses.Unmarshal on an HTTP 200 response
//	tea      dara.ReadAsJSON + ToMap (a lower bound of the Tea path: no Convert)
func BenchmarkESDecode(b *testing.B) {
	for _, in := range esInputs(b) {
		b.Run("in="+in.name+"/fmt=json", func(b *testing.B) {
			run(b, "floor", in.json, func(d []byte) error { return json.Unmarshal(d, classices.CreateListInstanceResponse()) })
			run(b, "cccgen", in.json, func(d []byte) error { return acsrt.UnmarshalJSON(d, new(es.ListInstanceResponse)) })
			run(b, "classic", in.json, func(d []byte) error { return PeerUnmarshal(classices.CreateListInstanceResponse(), d, "JSON") })
			run(b, "tea", in.json, func(d []byte) error { _, err := teaMapDecode(d); return err })
		})
	}
}

func esClients(tb testing.TB, body []byte) map[string]func() (any, error) {
	rt := canned(body, "JSON")
	cfg := cccgenConfig(rt, "JSON")
	cfg.Endpoint, cfg.RegionID = esHost, "cn-hangzhou"
	cc, err := es.NewClient(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	pc, err := classices.NewClientWithAccessKey("cn-hangzhou", "ak", "sk")
	if err != nil {
		tb.Fatal(err)
	}
	pc.SetTransport(rt)
	tc, err := openapi.NewClient(&openapiutil.Config{
		AccessKeyId: dara.String("ak"), AccessKeySecret: dara.String("sk"),
		RegionId: dara.String("cn-hangzhou"), Endpoint: dara.String(esHost),
		HttpClient: daraCanned{rt},
	})
	if err != nil {
		tb.Fatal(err)
	}
	// The parameters the Tea product module passes for ListInstance.
	params := &openapiutil.Params{
		Action: dara.String("ListInstance"), Version: dara.String("2017-06-13"),
		Protocol: dara.String("HTTPS"), Pathname: dara.String("/openapi/instances"),
		Method: dara.String("GET"), AuthType: dara.String("AK"), Style: dara.String("ROA"),
		ReqBodyType: dara.String("json"), BodyType: dara.String("json"),
	}
	return map[string]func() (any, error){
		"cccgen": func() (any, error) {
			return cc.ListInstance(context.Background(), &es.ListInstanceRequest{Size: new(int32(100))})
		},
		"classic": func() (any, error) {
			r := classices.CreateListInstanceRequest()
			r.Domain, r.AcceptFormat = esHost, "JSON"
			r.Size = "100"
			return pc.ListInstance(r)
		},
		"tea": func() (any, error) {
			req := &openapiutil.OpenApiRequest{Query: map[string]*string{"size": dara.String("100")}}
			out, err := tc.CallApi(params, req, &dara.RuntimeOptions{})
			if err != nil {
				return nil, err
			}
			return out["body"], nil
		},
	}
}

// The three clients decode every Elasticsearch input to the same values.
func TestESClientsAgree(t *testing.T) {
	for _, in := range esInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			calls := esClients(t, in.json)
			got, err := calls["cccgen"]()
			if err != nil {
				t.Fatal("cccgen:", err)
			}
			var in0 any
			if err := json.Unmarshal(in.json, &in0); err != nil {
				t.Fatal(err)
			}
			sameValues(t, "cccgen", got, in0)
			for _, name := range []string{"classic", "tea"} {
				v, err := calls[name]()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				sameValues(t, name, v, in0)
			}
		})
	}
}

// BenchmarkESClient: the whole ListInstance call through each SDK's whole
// client over the canned transport.
func BenchmarkESClient(b *testing.B) {
	for _, in := range esInputs(b) {
		b.Run("in="+in.name+"/fmt=JSON", func(b *testing.B) {
			calls := esClients(b, in.json)
			for _, name := range []string{"cccgen", "classic", "tea"} {
				call := calls[name]
				b.Run("client="+name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := call(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
