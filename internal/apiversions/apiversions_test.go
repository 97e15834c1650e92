package apiversions

import (
	"strings"
	"testing"
)

func TestFor(t *testing.T) {
	for _, c := range []struct {
		product, action, want string
		ok                    bool
	}{
		{"Sts", "GetCallerIdentity", "2015-04-01", true},
		{"sts", "NotInTheSDK", "2015-04-01", true}, // one version: the product's
		{"Ram", "GetUser", "2015-05-01", true},
		{"Cms", "DescribeMetricList", "2019-01-01", true},
		{"cr", "GetRepoTags", "2016-06-07", true}, // only the old registry has it
		{"cr", "CreateChartNamespace", "2018-12-01", true},
		{"cr", "CreateNamespace", "2018-12-01", true}, // both: the newest
		{"cr", "NotInTheSDK", "", false},              // several, none with it
		{"NoSuchProduct", "X", "", false},
		{"", "X", "", false},
	} {
		got, ok := For(c.product, c.action)
		if got != c.want || ok != c.ok {
			t.Errorf("For(%q, %q) = %q, %v; want %q, %v", c.product, c.action, got, ok, c.want, c.ok)
		}
	}
}

func TestVersions(t *testing.T) {
	if got := strings.Join(Versions("CR"), " "); got != "2016-06-07 2018-12-01" {
		t.Errorf("cr: %s", got)
	}
	if Versions("NoSuchProduct") != nil {
		t.Errorf("an unknown product has versions")
	}
	v := Versions("Sts")
	v[0] = "changed"
	if Versions("Sts")[0] != "2015-04-01" {
		t.Errorf("Versions shares the table")
	}
	if !strings.HasPrefix(Source, "github.com/aliyun/alibaba-cloud-sdk-go@v") {
		t.Errorf("Source %q", Source)
	}
	for k, e := range table {
		if k != strings.ToLower(e.code) || len(e.versions) == 0 || len(e.versions) > 1 != (e.actions != nil) {
			t.Errorf("%s: %+v", k, e)
		}
		for _, as := range e.actions {
			for i := 1; i < len(as); i++ {
				if as[i-1] >= as[i] {
					t.Errorf("%s: actions not sorted: %s, %s", k, as[i-1], as[i])
				}
			}
		}
	}
}
