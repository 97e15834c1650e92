package interop

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/acsrt/acsfake"
)

// The APIs the official clients call on the fake: one RPC API, one ROA API
// without a body (GET) and one with a JSON body (POST).
var fakeAPIs = []acsfake.API{
	{
		Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions", Required: []string{"InstanceChargeType"},
		JSON: `{"RequestId":"rpc-1","Regions":{"Region":[{"RegionId":"cn-hangzhou","LocalName":"华东1 杭州"}]}}`,
	},
	{
		Product: "elasticsearch", Version: "2017-06-13", Action: "ListInstance", Method: "GET", Path: "/openapi/instances",
		JSON: `{"RequestId":"roa-get-1","Result":[{"instanceId":"es-1"}]}`,
	},
	{
		Product: "elasticsearch", Version: "2017-06-13", Action: "UpdateDescription", Method: "POST",
		Path: "/openapi/instances/{InstanceId}/description", Required: []string{"InstanceId", "description"},
		JSON: `{"RequestId":"roa-post-1","Result":{"description":"new description"}}`,
	},
}

const (
	rpcQueryValue = "PostPaid 包年*包月 ~x/y+z"
	roaBody       = `{"description":"new description, 新 * ~"}`
)

// target is where the official clients send: an acsfake.Server or a
// Verifier's test server.
type target interface {
	Endpoint() string
	Credentials() acsrt.Credentials
	SetCredentials(acsrt.Credentials)
}

// officialCase is one call of an official client on the fake; it returns
// the decoded response body's RequestId.
type officialCase struct {
	name      string
	requestID string // what a successful call decodes
	call      func(t *testing.T, s target, secret string) (string, error)
}

func splitHostPort(t *testing.T, s target) (string, string) {
	host, port, err := net.SplitHostPort(s.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	return host, port
}

// classic calls the fake with the classic SDK's CommonRequest.
func classic(t *testing.T, s target, secret string, fill func(r *requests.CommonRequest)) (string, error) {
	creds := s.Credentials()
	var c *sdk.Client
	var err error
	if creds.SecurityToken != "" {
		c, err = sdk.NewClientWithStsToken(acsfake.RegionID, creds.AccessKeyID, secret, creds.SecurityToken)
	} else {
		c, err = sdk.NewClientWithAccessKey(acsfake.RegionID, creds.AccessKeyID, secret)
	}
	if err != nil {
		t.Fatal(err)
	}
	r := requests.NewCommonRequest()
	r.Scheme = "http"
	r.Domain, r.Port = splitHostPort(t, s)
	fill(r)
	resp, err := c.ProcessCommonRequest(r)
	if err != nil {
		return "", err
	}
	var body struct{ RequestId string }
	if err := json.Unmarshal(resp.GetHttpContentBytes(), &body); err != nil {
		t.Fatalf("classic: decoding %q: %v", resp.GetHttpContentString(), err)
	}
	return body.RequestId, nil
}

// teaCall calls the fake with the Tea client's CallApi; algorithm "v2" takes
// its signature 1.0 paths (DoRPCRequest, DoROARequest), "" its default V3.
func teaCall(t *testing.T, s target, secret, algorithm string, params *openapi.Params, req *openapi.OpenApiRequest) (string, error) {
	creds := s.Credentials()
	cfg := &openapi.Config{
		AccessKeyId:     dara.String(creds.AccessKeyID),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(s.Endpoint()),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(acsfake.RegionID),
	}
	if creds.SecurityToken != "" {
		cfg.SecurityToken = dara.String(creds.SecurityToken)
	}
	if algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(algorithm)
	}
	c, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	params.Protocol = dara.String("HTTP")
	params.AuthType = dara.String("AK")
	params.BodyType = dara.String("json")
	out, err := c.CallApi(params, req, &dara.RuntimeOptions{})
	if err != nil {
		return "", err
	}
	body, _ := out["body"].(map[string]interface{})
	id, _ := body["RequestId"].(string)
	return id, nil
}

func teaRPC(algorithm string) func(t *testing.T, s target, secret string) (string, error) {
	return func(t *testing.T, s target, secret string) (string, error) {
		return teaCall(t, s, secret, algorithm, &openapi.Params{
			Action: dara.String("DescribeRegions"), Version: dara.String("2014-05-26"),
			Pathname: dara.String("/"), Method: dara.String("POST"), Style: dara.String("RPC"), ReqBodyType: dara.String("formData"),
		}, &openapi.OpenApiRequest{Query: map[string]*string{"InstanceChargeType": dara.String(rpcQueryValue), "RegionId": dara.String("cn-hangzhou")}})
	}
}

func teaROAGet(algorithm string) func(t *testing.T, s target, secret string) (string, error) {
	return func(t *testing.T, s target, secret string) (string, error) {
		return teaCall(t, s, secret, algorithm, &openapi.Params{
			Action: dara.String("ListInstance"), Version: dara.String("2017-06-13"),
			Pathname: dara.String("/openapi/instances"), Method: dara.String("GET"), Style: dara.String("ROA"), ReqBodyType: dara.String("json"),
		}, &openapi.OpenApiRequest{Query: map[string]*string{"page": dara.String("1"), "description": dara.String("a b*c")}})
	}
}

func teaROAPost(algorithm string) func(t *testing.T, s target, secret string) (string, error) {
	return func(t *testing.T, s target, secret string) (string, error) {
		var body map[string]interface{}
		_ = json.Unmarshal([]byte(roaBody), &body)
		return teaCall(t, s, secret, algorithm, &openapi.Params{
			Action: dara.String("UpdateDescription"), Version: dara.String("2017-06-13"),
			Pathname: dara.String("/openapi/instances/es-1/description"), Method: dara.String("POST"), Style: dara.String("ROA"), ReqBodyType: dara.String("json"),
		}, &openapi.OpenApiRequest{Query: map[string]*string{"clientToken": dara.String("tok-1")}, Body: body})
	}
}

var officialCases = []officialCase{
	{"classic/RPC", "rpc-1", func(t *testing.T, s target, secret string) (string, error) {
		return classic(t, s, secret, func(r *requests.CommonRequest) {
			r.Method = "POST"
			r.Version = "2014-05-26"
			r.ApiName = "DescribeRegions"
			r.QueryParams["InstanceChargeType"] = rpcQueryValue
		})
	}},
	{"classic/ROA-no-body", "roa-get-1", func(t *testing.T, s target, secret string) (string, error) {
		return classic(t, s, secret, func(r *requests.CommonRequest) {
			r.Method = "GET"
			r.Version = "2017-06-13"
			r.PathPattern = "/openapi/instances"
			r.QueryParams["page"] = "1"
			r.QueryParams["description"] = "a b*c"
		})
	}},
	{"classic/ROA-body", "roa-post-1", func(t *testing.T, s target, secret string) (string, error) {
		return classic(t, s, secret, func(r *requests.CommonRequest) {
			r.Method = "POST"
			r.Version = "2017-06-13"
			r.PathPattern = "/openapi/instances/[InstanceId]/description"
			r.PathParams["InstanceId"] = "es-1"
			r.QueryParams["clientToken"] = "tok-1"
			r.Headers["Content-Type"] = "application/json"
			r.SetContent([]byte(roaBody))
		})
	}},
	{"tea-v2/RPC", "rpc-1", teaRPC("v2")},
	{"tea-v2/ROA-no-body", "roa-get-1", teaROAGet("v2")},
	{"tea-v2/ROA-body", "roa-post-1", teaROAPost("v2")},
	{"tea-v3/RPC", "rpc-1", teaRPC("")},
	{"tea-v3/ROA-no-body", "roa-get-1", teaROAGet("")},
	{"tea-v3/ROA-body", "roa-post-1", teaROAPost("")},
}

// TestOfficialClientsOnFake: each official client and signature scheme is
// accepted by acsfake and its example decoded; a wrong secret is refused
// with SignatureDoesNotMatch; with STS credentials the token is checked too.
func TestOfficialClientsOnFake(t *testing.T) {
	for _, tc := range officialCases {
		t.Run(tc.name, func(t *testing.T) {
			s := acsfake.New(fakeAPIs...)
			defer s.Close()
			id, err := tc.call(t, s, acsfake.AccessKeySecret)
			if err != nil {
				t.Fatalf("the fake refused the official client's request: %v\nrequests: %s", err, lastRequest(s))
			}
			if id != tc.requestID {
				t.Errorf("decoded RequestId %q, want %q", id, tc.requestID)
			}
		})
		t.Run(tc.name+"/wrong-secret", func(t *testing.T) {
			s := acsfake.New(fakeAPIs...)
			defer s.Close()
			_, err := tc.call(t, s, "not-the-secret")
			if err == nil || !strings.Contains(err.Error(), "SignatureDoesNotMatch") {
				t.Fatalf("a wrong secret: got %v, want SignatureDoesNotMatch", err)
			}
		})
		t.Run(tc.name+"/sts", func(t *testing.T) {
			s := acsfake.New(fakeAPIs...)
			defer s.Close()
			s.SetCredentials(acsrt.Credentials{AccessKeyID: "STS.fake-id", AccessKeySecret: "sts-secret", SecurityToken: "token/with+odd=chars"})
			id, err := tc.call(t, s, "sts-secret")
			if err != nil {
				t.Fatalf("the fake refused the official client's STS request: %v\nrequests: %s", err, lastRequest(s))
			}
			if id != tc.requestID {
				t.Errorf("decoded RequestId %q, want %q", id, tc.requestID)
			}
		})
	}
}

// lastRequest describes what the fake received, for failure messages.
func lastRequest(s *acsfake.Server) string {
	var b strings.Builder
	for _, r := range s.Requests("") {
		h := http.Header{}
		for k, v := range r.Header {
			h[k] = v
		}
		js, _ := json.Marshal(struct {
			Method, Path, Code string
			Status             int
			Params             any
			Header             http.Header
			Body               string
		}{r.Method, r.Path, r.Code, r.Status, r.Params, h, string(r.Body)})
		b.WriteString("\n  ")
		b.Write(js)
	}
	return b.String()
}
