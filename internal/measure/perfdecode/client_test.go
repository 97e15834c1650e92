package perfdecode

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cloudcallcenter"
	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/generated/ccc"
	"github.com/cccgen/cccgen/internal/measure/perfdecode/gen/synth"
)

// cannedTransport answers every request with one 200 response, as the
// service would: the request body is read, the response has its
// Content-Type and Content-Length.
type cannedTransport struct {
	body  []byte
	ctype string
}

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{
			"Content-Type":   {c.ctype},
			"Content-Length": {strconv.Itoa(len(c.body))},
		},
		ContentLength: int64(len(c.body)),
		Body:          io.NopCloser(bytes.NewReader(c.body)),
		Request:       r,
	}, nil
}

func canned(body []byte, format string) cannedTransport {
	if format == "XML" {
		return cannedTransport{body, "text/xml;charset=utf-8"}
	}
	return cannedTransport{body, "application/json;charset=utf-8"}
}

const benchHost = "ccc.cn-shanghai.aliyuncs.com"

// clientCall is one API called through a whole client, as users call it: a
// new request, the call, the decoded response.
type clientCall struct {
	name string
	// cccgen's generated client and the classic SDK's client, on rt; each
	// returns the call's decoded response.
	cccgen, peer func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error)
	json, xml    []byte
}

func cccgenConfig(rt http.RoundTripper, format string) acsrt.Config {
	return acsrt.Config{
		Credentials: &acsrt.Credentials{AccessKeyID: "ak", AccessKeySecret: "sk"},
		RegionID:    "cn-shanghai",
		Endpoint:    benchHost,
		HTTPClient:  &http.Client{Transport: rt},
		Format:      format,
	}
}

func peerClient(tb testing.TB, rt http.RoundTripper) *sdk.Client {
	c, err := sdk.NewClientWithAccessKey("cn-shanghai", "ak", "sk")
	if err != nil {
		tb.Fatal(err)
	}
	c.SetTransport(rt)
	return c
}

// synthPeerRequest is ListCallRecords' request in the classic SDK's style.
type synthPeerRequest struct {
	*requests.RpcRequest
	InstanceId string           `position:"Query" name:"InstanceId"`
	PageNumber requests.Integer `position:"Query" name:"PageNumber"`
	PageSize   requests.Integer `position:"Query" name:"PageSize"`
}

func clientCalls(tb testing.TB) []clientCall {
	tb.Helper()
	calls := []clientCall{{
		name: "seed",
		json: mustRead(tb, "testdata/seed.json"),
		xml:  mustRead(tb, "testdata/seed.xml"),
		cccgen: func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error) {
			c, err := ccc.NewClient(cccgenConfig(rt, format))
			if err != nil {
				tb.Fatal(err)
			}
			return func() (any, error) {
				return c.GetInstanceSummaryReportSinceMidnight(context.Background(), &ccc.GetInstanceSummaryReportSinceMidnightRequest{
					InstanceId: new("ccc-test"), PageNumber: new(int32(1)), PageSize: new(int32(10)),
				})
			}
		},
		peer: func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error) {
			c := &cloudcallcenter.Client{Client: *peerClient(tb, rt)}
			return func() (any, error) {
				r := cloudcallcenter.CreateGetInstanceSummaryReportSinceMidnightRequest()
				r.Domain, r.AcceptFormat = benchHost, format
				r.InstanceId = "ccc-test"
				return c.GetInstanceSummaryReportSinceMidnight(r)
			}
		},
	}}
	for _, n := range []int{100, 1000} {
		calls = append(calls, clientCall{
			name: "list" + strconv.Itoa(n),
			json: SynthJSON(n, true),
			xml:  SynthXML(n),
			cccgen: func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error) {
				c, err := synth.NewClient(cccgenConfig(rt, format))
				if err != nil {
					tb.Fatal(err)
				}
				return func() (any, error) {
					return c.ListCallRecords(context.Background(), &synth.ListCallRecordsRequest{
						InstanceId: new("ccc-test"), PageNumber: new(int32(1)), PageSize: new(int32(n)),
					})
				}
			},
			peer: func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error) {
				c := peerClient(tb, rt)
				return func() (any, error) {
					r := &synthPeerRequest{RpcRequest: &requests.RpcRequest{}}
					r.InitWithApiInfo("CCC", "2020-07-01", "ListCallRecords", "", "")
					r.Method = requests.POST
					r.Domain, r.AcceptFormat = benchHost, format
					r.InstanceId, r.PageNumber, r.PageSize = "ccc-test", "1", requests.NewInteger(n)
					resp := NewSynthPeer()
					return resp, c.DoAction(r, resp)
				}
			},
		})
	}
	return calls
}

// Both clients decode every canned response to the same values, so the
// benchmark compares like with like.
func TestClientsAgree(t *testing.T) {
	for _, c := range clientCalls(t) {
		for format, body := range map[string][]byte{"JSON": c.json, "XML": c.xml} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				got, err := c.cccgen(t, canned(body, format), format)()
				if err != nil {
					t.Fatal("cccgen:", err)
				}
				peer, err := c.peer(t, canned(body, format), format)()
				if err != nil {
					t.Fatal("peer:", err)
				}
				want := generic(t, got)
				for _, d := range missing("", want, generic(t, peer)) {
					t.Error(d)
				}
				if len(bytes.TrimSpace(body)) < 100 {
					t.Fatalf("input too small: %q", body)
				}
			})
		}
	}
}

// BenchmarkClient is the whole call, as users make it, over a transport
// that answers at once: cccgen's generated client (default configuration:
// signature V3, retries on) against the classic SDK's client (its
// generated client for the seed, DoAction with a request in its style for
// the list). Names are in=…/fmt=…/client=… for benchstat -col /client.
func BenchmarkClient(b *testing.B) {
	for _, c := range clientCalls(b) {
		for _, f := range []struct {
			fmt  string
			body []byte
		}{{"JSON", c.json}, {"XML", c.xml}} {
			b.Run("in="+c.name+"/fmt="+f.fmt, func(b *testing.B) {
				for _, cl := range []struct {
					name string
					make func(tb testing.TB, rt http.RoundTripper, format string) func() (any, error)
				}{{"cccgen", c.cccgen}, {"peer", c.peer}} {
					call := cl.make(b, canned(f.body, f.fmt), f.fmt)
					b.Run("client="+cl.name, func(b *testing.B) {
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
