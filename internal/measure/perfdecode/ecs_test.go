//go:build realapi

// The real-API benchmarks: ECS DescribeInstances, built from its page in
// ../shared/corpus, which may not be copied into the project; so its
// generated types (gen/ecs) are made by realapi.sh from ../shared and never
// committed, and this file builds only with -tags realapi (realapi.sh sets it).

package perfdecode

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	teaecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	classicecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/internal/measure/perfdecode/gen/ecs"
)

// ecsPage is the page the inputs are built from.
var ecsPage = filepath.Join("..", "..", "..", "..", "shared", "corpus", "docs", "ecs", "DescribeInstances.md")

const ecsHost = "ecs.cn-hangzhou.aliyuncs.com"

// ecsExample is the page's JSON example (the block after "`JSON`格式").
func ecsExample(tb testing.TB) map[string]any {
	src, err := os.ReadFile(ecsPage)
	if err != nil {
		tb.Skipf("%s is absent (%v): the ECS benchmarks are built from it", ecsPage, err)
	}
	s := string(src)
	i := strings.Index(s, "`JSON`格式")
	if i < 0 {
		tb.Fatalf("%s: no JSON example", ecsPage)
	}
	a := strings.Index(s[i:], "```") + i + 3
	b := strings.Index(s[a:], "```") + a
	var m map[string]any
	if err := json.Unmarshal([]byte(s[a:b]), &m); err != nil {
		tb.Fatalf("%s: the JSON example: %v", ecsPage, err)
	}
	return m
}

// vary gives the example's values a variation per instance i, as real
// instances differ: strings get a suffix, numbers an offset, booleans
// alternate; numbers stay numbers, as the service sends them.
func vary(v any, i int) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = vary(e, i)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for j, e := range v {
			out[j] = vary(e, i+j)
		}
		return out
	case string:
		if v == "" {
			return v
		}
		return v + "-" + strconv.Itoa(i)
	case float64:
		return v + float64(i%7)
	case bool:
		return (i%2 == 0) != v
	}
	return v
}

// ecsResponse is the example with n instances, each varied.
func ecsResponse(tb testing.TB, n int) map[string]any {
	m := ecsExample(tb)
	inst := m["Instances"].(map[string]any)["Instance"].([]any)[0]
	list := make([]any, n)
	for i := range list {
		list[i] = vary(inst, i)
	}
	m["Instances"] = map[string]any{"Instance": list}
	m["TotalCount"], m["PageSize"] = float64(n), float64(n)
	return m
}

// writeXML writes v as the service's XML: an object's members as elements
// (sorted, for the same bytes every run), a list as its element repeated.
func writeXML(b *bytes.Buffer, name string, v any) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			writeXML(b, name, e)
		}
		return
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(b, "<%s>", name)
		for _, k := range keys {
			writeXML(b, k, v[k])
		}
		fmt.Fprintf(b, "</%s>", name)
		return
	}
	fmt.Fprintf(b, "<%s>", name)
	switch v := v.(type) {
	case string:
		xml.EscapeText(b, []byte(v))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	}
	fmt.Fprintf(b, "</%s>", name)
}

type ecsInput struct {
	name      string
	json, xml []byte
}

func ecsInputs(tb testing.TB) []ecsInput {
	var out []ecsInput
	for _, n := range []int{100, 1000} {
		m := ecsResponse(tb, n)
		j, err := json.Marshal(m)
		if err != nil {
			tb.Fatal(err)
		}
		var x bytes.Buffer
		writeXML(&x, "DescribeInstancesResponse", m)
		out = append(out, ecsInput{fmt.Sprintf("ecs%d", n), j, x.Bytes()})
	}
	return out
}

// teaDecode is the Tea SDK's path for a JSON body, as darabonba-openapi's
// CallApi and the ECS module's DescribeInstancesWithOptions take it:
// dara.ReadAsJSON, dara.ToMap, then dara.Convert into the ECS Tea types.
func teaDecode(data []byte) (*teaecs.DescribeInstancesResponse, error) {
	obj, err := dara.ReadAsJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out := &teaecs.DescribeInstancesResponse{}
	err = dara.Convert(map[string]any{"body": dara.ToMap(obj), "statusCode": 200, "headers": map[string]*string{}}, &out)
	return out, err
}

// Every decoder reads every ECS input to the same values.
func TestECSDecodersAgree(t *testing.T) {
	for _, in := range ecsInputs(t) {
		t.Run(in.name, func(t *testing.T) {
			gj, gx := new(ecs.DescribeInstancesResponse), new(ecs.DescribeInstancesResponse)
			if err := acsrt.UnmarshalJSON(in.json, gj); err != nil {
				t.Fatal("cccgen json:", err)
			}
			if err := acsrt.UnmarshalXML(in.xml, gx); err != nil {
				t.Fatal("cccgen xml:", err)
			}
			pj, px, ph, fj := classicecs.CreateDescribeInstancesResponse(), classicecs.CreateDescribeInstancesResponse(), classicecs.CreateDescribeInstancesResponse(), classicecs.CreateDescribeInstancesResponse()
			if err := PeerJSON.Unmarshal(in.json, pj); err != nil {
				t.Fatal("classic json:", err)
			}
			if err := xml.Unmarshal(in.xml, px); err != nil {
				t.Fatal("classic xml:", err)
			}
			if err := PeerUnmarshal(ph, in.json, "JSON"); err != nil {
				t.Fatal("classic http:", err)
			}
			if err := json.Unmarshal(in.json, fj); err != nil {
				t.Fatal("floor:", err)
			}
			tea, err := teaDecode(in.json)
			if err != nil {
				t.Fatal("tea:", err)
			}
			t.Logf("%s: %d bytes of JSON, %d of XML", in.name, len(in.json), len(in.xml))
			if n := len(gj.Instances.Instance); n < 100 {
				t.Fatalf("%d instances decoded", n)
			}
			// cccgen against the input itself, then every other decoder against cccgen.
			var in0 any
			if err := json.Unmarshal(in.json, &in0); err != nil {
				t.Fatal(err)
			}
			sameValues(t, "cccgen json (against the input)", in0, gj)
			for name, v := range map[string]any{"cccgen xml": gx, "classic json": pj, "classic xml": px, "classic http": ph, "floor": fj, "tea": tea.Body} {
				sameValues(t, name, gj, v)
			}
		})
	}
}

// BenchmarkECSDecode: the decoders alone on ECS DescribeInstances.
//
//	floor    encoding/json / encoding/xml into the classic SDK's struct (plain Go types)
//	cccgen   acsrt.UnmarshalJSON / UnmarshalXML into the generated types
//	classic  the classic SDK's public path, responses.Unmarshal on an HTTP 200 response
//	tea      the Tea SDK's path: dara.ReadAsJSON, ToMap, Convert into the ECS Tea types (JSON only)
func BenchmarkECSDecode(b *testing.B) {
	for _, in := range ecsInputs(b) {
		b.Run("in="+in.name+"/fmt=json", func(b *testing.B) {
			run(b, "floor", in.json, func(d []byte) error { return json.Unmarshal(d, classicecs.CreateDescribeInstancesResponse()) })
			run(b, "cccgen", in.json, func(d []byte) error { return acsrt.UnmarshalJSON(d, new(ecs.DescribeInstancesResponse)) })
			run(b, "classic", in.json, func(d []byte) error { return PeerUnmarshal(classicecs.CreateDescribeInstancesResponse(), d, "JSON") })
			run(b, "tea", in.json, func(d []byte) error { _, err := teaDecode(d); return err })
		})
		b.Run("in="+in.name+"/fmt=xml", func(b *testing.B) {
			run(b, "floor", in.xml, func(d []byte) error { return xml.Unmarshal(d, classicecs.CreateDescribeInstancesResponse()) })
			run(b, "cccgen", in.xml, func(d []byte) error { return acsrt.UnmarshalXML(d, new(ecs.DescribeInstancesResponse)) })
			run(b, "classic", in.xml, func(d []byte) error { return PeerUnmarshal(classicecs.CreateDescribeInstancesResponse(), d, "XML") })
		})
	}
}

// daraCanned is cannedTransport for the Tea client, whose hook is dara.HttpClient.
type daraCanned struct{ rt cannedTransport }

func (c daraCanned) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	return c.rt.RoundTrip(r)
}

func ecsClients(tb testing.TB, body []byte, format string) map[string]func() (any, error) {
	rt := canned(body, format)
	cfg := cccgenConfig(rt, format)
	cfg.Endpoint, cfg.RegionID = ecsHost, "cn-hangzhou"
	cc, err := ecs.NewClient(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	pc, err := classicecs.NewClientWithAccessKey("cn-hangzhou", "ak", "sk")
	if err != nil {
		tb.Fatal(err)
	}
	pc.SetTransport(rt)
	calls := map[string]func() (any, error){
		"cccgen": func() (any, error) {
			return cc.DescribeInstances(context.Background(), &ecs.DescribeInstancesRequest{RegionId: new("cn-hangzhou"), PageSize: new(int32(100))})
		},
		"classic": func() (any, error) {
			r := classicecs.CreateDescribeInstancesRequest()
			r.Domain, r.AcceptFormat = ecsHost, format
			r.RegionId, r.PageSize = "cn-hangzhou", "100"
			return pc.DescribeInstances(r)
		},
	}
	if format == "JSON" {
		tc, err := teaecs.NewClient(&openapiutil.Config{
			AccessKeyId: dara.String("ak"), AccessKeySecret: dara.String("sk"),
			RegionId: dara.String("cn-hangzhou"), Endpoint: dara.String(ecsHost),
			HttpClient: daraCanned{rt},
		})
		if err != nil {
			tb.Fatal(err)
		}
		calls["tea"] = func() (any, error) {
			out, err := tc.DescribeInstances(&teaecs.DescribeInstancesRequest{RegionId: dara.String("cn-hangzhou"), PageSize: dara.Int32(100)})
			if err != nil {
				return nil, err
			}
			return out.Body, nil
		}
	}
	return calls
}

// The three clients decode every ECS input to the same values.
func TestECSClientsAgree(t *testing.T) {
	for _, in := range ecsInputs(t) {
		for format, body := range map[string][]byte{"JSON": in.json, "XML": in.xml} {
			t.Run(in.name+"/"+format, func(t *testing.T) {
				calls := ecsClients(t, body, format)
				got, err := calls["cccgen"]()
				if err != nil {
					t.Fatal("cccgen:", err)
				}
				for name, call := range calls {
					v, err := call()
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					sameValues(t, name, got, v)
				}
			})
		}
	}
}

// BenchmarkECSClient: the whole DescribeInstances call through each SDK's
// whole client over the canned transport (the Tea client asks for JSON only).
func BenchmarkECSClient(b *testing.B) {
	for _, in := range ecsInputs(b) {
		for _, f := range []struct {
			fmt  string
			body []byte
		}{{"JSON", in.json}, {"XML", in.xml}} {
			b.Run("in="+in.name+"/fmt="+f.fmt, func(b *testing.B) {
				calls := ecsClients(b, f.body, f.fmt)
				for _, name := range []string{"cccgen", "classic", "tea"} {
					call, ok := calls[name]
					if !ok {
						continue
					}
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
}

// nonZero is a generic value without its zero members (nil, "", 0,
// false, empty objects and lists): SDK types differ on whether an absent
// member is a zero value or nothing, and the comparison is about values.
func nonZero(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if e = nonZero(e); e != nil {
				out[k] = e
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, nonZero(e))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case string:
		if v == "" {
			return nil
		}
	case float64:
		if v == 0 {
			return nil
		}
	case bool:
		if !v {
			return nil
		}
	}
	return v
}

// sameValues reports what of want's non-zero values got lacks or differs on.
func sameValues(t *testing.T, name string, want, got any) {
	t.Helper()
	ds := missing("", nonZero(generic(t, want)), nonZero(generic(t, got)))
	for i, d := range ds {
		if i == 10 {
			t.Errorf("%s: and %d more", name, len(ds)-10)
			break
		}
		t.Errorf("%s: %s", name, d)
	}
}
