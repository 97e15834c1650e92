// Package e2e calls generated clients over loopback against the fake
// service: the seed API (generated/ccc) and a paginated API of our own
// (docs/demo → generated/demo).
package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/acsrt/acsfake/fakepages"
	"github.com/cccgen/cccgen/generated/ccc"
	"github.com/cccgen/cccgen/generated/demo"
)

func seed(t *testing.T) (*acsfake.Server, acsrt.Config) {
	t.Helper()
	srv, err := fakepages.New("../../docs/ccc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := srv.Config()
	cfg.Retry = acsrt.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
	return srv, cfg
}

const seedAction = "GetInstanceSummaryReportSinceMidnight"

func seedRequest() *ccc.GetInstanceSummaryReportSinceMidnightRequest {
	return &ccc.GetInstanceSummaryReportSinceMidnightRequest{InstanceId: acsrt.Ptr("b0eb2742-f37e-4c67-82d4-25c651c1c450")}
}

func TestSeedCall(t *testing.T) {
	srv, cfg := seed(t)
	for _, format := range []string{"JSON", "XML"} {
		cfg.Format = format
		c, err := ccc.NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest())
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if resp.RequestId != "8707EB29-BAED-4302-B999-40BA61877437" || resp.HttpStatusCode != 200 || !resp.Success ||
			resp.InstanceSummaryReport.InstanceId != "b0eb2742-f37e-4c67-82d4-25c651c1c450" || resp.InstanceSummaryReport.Timestamp != "2018-09-13 00:00:00" {
			t.Errorf("%s: decoded %+v", format, resp)
		}
	}
	if n := srv.Hits(seedAction); n != 2 {
		t.Errorf("hits = %d, want 2", n)
	}
}

func TestWrongSecretRefused(t *testing.T) {
	srv, cfg := seed(t)
	cfg.Credentials = &acsrt.Credentials{AccessKeyID: acsfake.AccessKeyID, AccessKeySecret: "wrong"}
	c, _ := ccc.NewClient(cfg)
	_, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest())
	var ae *acsrt.APIError
	if !errors.As(err, &ae) || ae.Code != "SignatureDoesNotMatch" || ae.StatusCode != 400 {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Hits(seedAction); n != 1 {
		t.Errorf("a signature error was retried: %d hits", n)
	}
}

func TestMissingRequiredFailsBeforeSending(t *testing.T) {
	srv, cfg := seed(t)
	c, _ := ccc.NewClient(cfg)
	_, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), &ccc.GetInstanceSummaryReportSinceMidnightRequest{})
	var me *acsrt.MissingParamsError
	if !errors.As(err, &me) || len(me.Params) != 1 || me.Params[0] != "InstanceId" {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Hits(""); n != 0 {
		t.Errorf("sent %d requests", n)
	}
}

func TestThrottlingRetriedThenSucceeds(t *testing.T) {
	srv, cfg := seed(t)
	srv.Inject(seedAction, acsfake.Fault{Code: "Throttling.User", Message: "slow down", Times: 2})
	c, _ := ccc.NewClient(cfg)
	if _, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest()); err != nil {
		t.Fatal(err)
	}
	if n := srv.Hits(seedAction); n != 3 {
		t.Errorf("hits = %d, want 2 throttled + 1", n)
	}
}

func TestServerErrorRetried(t *testing.T) {
	srv, cfg := seed(t)
	srv.Inject(seedAction, acsfake.Fault{Status: 503, Code: "ServiceUnavailable", Times: 1})
	c, _ := ccc.NewClient(cfg)
	if _, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest()); err != nil {
		t.Fatal(err)
	}
	if n := srv.Hits(seedAction); n != 2 {
		t.Errorf("hits = %d, want 2", n)
	}
}

func TestClientErrorNotRetried(t *testing.T) {
	srv, cfg := seed(t)
	srv.Inject(seedAction, acsfake.Fault{Status: 400, Code: "InvalidParameter", Message: "bad", Times: 1})
	c, _ := ccc.NewClient(cfg)
	_, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest())
	var ae *acsrt.APIError
	if !errors.As(err, &ae) || ae.Code != "InvalidParameter" || ae.StatusCode != 400 || ae.RequestID == "" {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Hits(seedAction); n != 1 {
		t.Errorf("hits = %d, want 1", n)
	}
}

func TestRetriesOffSwitch(t *testing.T) {
	srv, cfg := seed(t)
	cfg.Retry.Disabled = true
	srv.Inject(seedAction, acsfake.Fault{Code: "Throttling", Times: 1})
	c, _ := ccc.NewClient(cfg)
	if _, err := c.GetInstanceSummaryReportSinceMidnight(context.Background(), seedRequest()); err == nil {
		t.Fatal("no error with retries off")
	}
	if n := srv.Hits(seedAction); n != 1 {
		t.Errorf("hits = %d, want 1", n)
	}
}

func TestPaginatorWalksPages(t *testing.T) {
	srv, err := fakepages.New("../../docs/demo")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := demo.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	// The example's TotalCount is 2: with one result a page, two pages.
	pages := 0
	for resp, err := range c.DescribeThingsPages(context.Background(), &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou"), PageSize: acsrt.Ptr(int32(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		if resp.TotalCount != 2 {
			t.Errorf("TotalCount %d", resp.TotalCount)
		}
		pages++
	}
	if pages != 2 {
		t.Errorf("walked %d pages, want 2", pages)
	}
	var got []string
	for _, r := range srv.Requests("DescribeThings") {
		got = append(got, r.Params.Get("PageNumber"))
	}
	if len(got) != 2 || got[0] != "1" || got[1] != "2" {
		t.Errorf("PageNumber sent: %v", got)
	}
	// An error stops the walk.
	srv.Inject("DescribeThings", acsfake.Fault{Status: 400, Code: "InvalidParameter", Times: 1})
	n := 0
	for _, err := range c.DescribeThingsPages(context.Background(), &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou"), PageSize: acsrt.Ptr(int32(1))}) {
		n++
		if err == nil {
			t.Error("want the injected error")
		}
	}
	if n != 1 {
		t.Errorf("%d iterations after an error, want 1", n)
	}
}
