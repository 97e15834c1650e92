package acsfake

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/cccgen/cccgen/acsrt"
)

// The acsrt client against the fake: signatures, both formats, retries.
func TestACSRTClient(t *testing.T) {
	s := New(
		API{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Required: []string{"InstanceId"}, JSON: listJSON, XML: listXML},
		API{Product: "CS", Version: "2015-12-15", Action: "DescribeCluster", Method: "GET", Path: "/clusters/{ClusterId}", JSON: `{"cluster_id":"c-1"}`},
	)
	defer s.Close()
	type users struct {
		RequestId string
		Total     int
		Names     []string `json:"-" xml:"Users>User>Name"`
	}
	ctx := context.Background()
	for _, format := range []string{"JSON", "XML"} {
		cfg := s.Config()
		cfg.Format = format
		cfg.Retry = acsrt.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
		c, err := acsrt.NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{"GET", "POST"} {
			var out users
			err := c.CallRPC(ctx, acsrt.RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Method: method, Query: url.Values{"InstanceId": {"i 1*"}}}, &out)
			if err != nil || out.RequestId != "R-1" || out.Total != 2 {
				t.Errorf("%s %s: %+v %v", format, method, out, err)
			}
		}
		// Retried through an injected 503.
		s.Inject("ListUsers", Fault{Status: 503, Times: 1})
		before := s.Hits("ListUsers")
		if err := c.CallRPC(ctx, acsrt.RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Query: url.Values{"InstanceId": {"i"}}}, nil); err != nil {
			t.Errorf("%s after a 503: %v", format, err)
		}
		if n := s.Hits("ListUsers") - before; n != 2 {
			t.Errorf("%s: %d attempts, want 2", format, n)
		}
		// A missing parameter is an APIError in either format.
		err = c.CallRPC(ctx, acsrt.RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "ListUsers"}, nil)
		var ae *acsrt.APIError
		if !errors.As(err, &ae) || ae.StatusCode != 400 || ae.Code != "MissingParameter" || ae.RequestID == "" {
			t.Errorf("%s missing parameter: %v", format, err)
		}

		var cl struct {
			ClusterID string `json:"cluster_id"`
		}
		if format == "JSON" {
			err = c.CallROA(ctx, acsrt.ROARequest{Product: "CS", Version: "2015-12-15", Path: "/clusters/c-1", Query: url.Values{"a": {"x y"}, "empty": {""}}}, &cl)
			if err != nil || cl.ClusterID != "c-1" {
				t.Errorf("ROA: %+v %v", cl, err)
			}
		}
	}

	cfg := s.Config()
	cfg.Credentials = &acsrt.Credentials{AccessKeyID: AccessKeyID, AccessKeySecret: "wrong"}
	c, err := acsrt.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = c.CallRPC(ctx, acsrt.RPCRequest{Product: "CCC", Version: "2017-07-05", Action: "ListUsers", Query: url.Values{"InstanceId": {"i"}}}, nil)
	var ae *acsrt.APIError
	if !errors.As(err, &ae) || ae.Code != "SignatureDoesNotMatch" {
		t.Errorf("wrong secret: %v", err)
	}
}
