package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cccgen/cccgen/acsrt"
	"github.com/cccgen/cccgen/generated/demo"
)

// pagingServer serves DescribeThings over total things, in pages of the
// request's PageSize or, when the request sets none, of its own default
// size. It reports that size as PageSize unless hideSize; pages from
// emptyFrom on come back empty whatever TotalCount says.
type pagingServer struct {
	total, defaultSize, emptyFrom int
	hideSize                      bool

	mu    sync.Mutex
	pages []string // PageNumber/PageSize of each request
}

func (s *pagingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	q := r.Form
	s.mu.Lock()
	s.pages = append(s.pages, q.Get("PageNumber")+"/"+q.Get("PageSize"))
	s.mu.Unlock()
	page, _ := strconv.Atoi(q.Get("PageNumber"))
	size, err := strconv.Atoi(q.Get("PageSize"))
	if err != nil {
		size = s.defaultSize
	}
	var things []string
	for i := (page - 1) * size; i < page*size && i < s.total && (s.emptyFrom == 0 || page < s.emptyFrom); i++ {
		things = append(things, fmt.Sprintf(`{"ThingId":"t-%d"}`, i+1))
	}
	sizeField := fmt.Sprintf(`"PageSize":%d,`, size)
	if s.hideSize {
		sizeField = ""
	}
	fmt.Fprintf(w, `{"RequestId":"r",%s"TotalCount":%d,"Things":{"Thing":[%s]}}`, sizeField, s.total, strings.Join(things, ","))
}

func walk(t *testing.T, s *pagingServer, req *demo.DescribeThingsRequest) (ids []string) {
	t.Helper()
	srv := httptest.NewServer(s)
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c, err := demo.NewClient(acsrt.Config{Credentials: &acsrt.Credentials{AccessKeyID: "id", AccessKeySecret: "secret"}, Endpoint: u.Host, Scheme: "http", RegionID: "cn-hangzhou"})
	if err != nil {
		t.Fatal(err)
	}
	for resp, err := range c.DescribeThingsPages(context.Background(), req) {
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range resp.Things.Thing {
			ids = append(ids, string(th.ThingId))
		}
		if len(s.pages) > 20 {
			t.Fatal("more than 20 pages")
		}
	}
	return ids
}

// TestPaginatorServerDefaultSize: the caller sets no PageSize, the server
// applies its own and reports it; the paginator follows it to the end.
func TestPaginatorServerDefaultSize(t *testing.T) {
	s := &pagingServer{total: 5, defaultSize: 2}
	ids := walk(t, s, &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou")})
	if got := strings.Join(ids, ","); got != "t-1,t-2,t-3,t-4,t-5" {
		t.Errorf("results %s", got)
	}
	if got := strings.Join(s.pages, " "); got != "1/ 2/ 3/" {
		t.Errorf("requests (PageNumber/PageSize) %s, want 1/ 2/ 3/", got)
	}
}

// TestPaginatorCountsResults: no PageSize in the request or the response:
// the size is the first page's count of results.
func TestPaginatorCountsResults(t *testing.T) {
	s := &pagingServer{total: 7, defaultSize: 3, hideSize: true}
	ids := walk(t, s, &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou")})
	if len(ids) != 7 || len(s.pages) != 3 {
		t.Errorf("%d results in %d pages (%v), want 7 in 3", len(ids), len(s.pages), s.pages)
	}
}

// TestPaginatorStopsOnEmptyPage: TotalCount promises more than the server
// gives; an empty page ends the walk.
func TestPaginatorStopsOnEmptyPage(t *testing.T) {
	s := &pagingServer{total: 100, defaultSize: 2, emptyFrom: 3}
	ids := walk(t, s, &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou"), PageSize: acsrt.Ptr(int32(2))})
	if len(ids) != 4 || len(s.pages) != 3 {
		t.Errorf("%d results in %d pages (%v), want 4 in 3", len(ids), len(s.pages), s.pages)
	}
}

// TestPaginatorRequestSize: the caller's PageSize wins over the server's.
func TestPaginatorRequestSize(t *testing.T) {
	s := &pagingServer{total: 5, defaultSize: 2}
	ids := walk(t, s, &demo.DescribeThingsRequest{RegionId: acsrt.Ptr("cn-hangzhou"), PageSize: acsrt.Ptr(int32(4)), PageNumber: acsrt.Ptr(int32(1))})
	if len(ids) != 5 || strings.Join(s.pages, " ") != "1/4 2/4" {
		t.Errorf("%d results, requests %v", len(ids), s.pages)
	}
}
