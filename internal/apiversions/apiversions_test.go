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
		{"sts", "AssumeRole", "2015-04-01", true},
		{"Sts", "NotInTheSDK", "", false},
		{"Ram", "GetUser", "2015-05-01", true},
		{"Cms", "DescribeMetricList", "2019-01-01", true},
		{"Cms", "ListAlarm", "", false}, // of Cms 2018-03-08, which the SDK does not ship
		{"Sts", "", "", false},
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

func TestCode(t *testing.T) {
	for in, want := range map[string]string{"ecs": "Ecs", "STS": "Sts", "waf-openapi": "waf-openapi", "NoSuchProduct": ""} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
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
		if k != strings.ToLower(e.code) || len(e.versions) == 0 {
			t.Errorf("%s: %+v", k, e)
		}
		for i, v := range e.versions {
			if i > 0 && e.versions[i-1].name >= v.name {
				t.Errorf("%s: versions not sorted: %s, %s", k, e.versions[i-1].name, v.name)
			}
			as := strings.Split(v.actions, " ")
			for j, a := range as {
				if a == "" || j > 0 && as[j-1] >= a {
					t.Errorf("%s %s: Actions not sorted or empty at %q", k, v.name, a)
				}
				if got, ok := For(k, a); !ok || got < v.name {
					t.Errorf("For(%s, %s) = %q, %v; %s has it", k, a, got, ok, v.name)
				}
			}
		}
	}
}
