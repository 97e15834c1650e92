package naming

import (
	"go/token"
	"testing"
)

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"InstanceId": "InstanceId", "requestId": "RequestId", "page_size": "PageSize", "Area.en": "AreaEn",
		"type": "Type", "func": "Func", "2fa": "N2fa", "名称": "XU540DU79F0", "a b": "AB", "": "Field",
		"X-Total-Count": "XTotalCount", "{key}": "Key", "Tag.N.Key": "TagNKey",
	} {
		got := Exported(in)
		if got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
		if !token.IsIdentifier(got) || !token.IsExported(got) {
			t.Errorf("Exported(%q) = %q is not an exported identifier", in, got)
		}
	}
}

func TestUnique(t *testing.T) {
	var u Unique
	u.Reserve("Validate")
	if a, b, c := u.Name("Validate"), u.Name("Name"), u.Name("Name"); a != "Validate2" || b != "Name" || c != "Name2" {
		t.Errorf("got %s %s %s", a, b, c)
	}
}

func TestFileAndPackageNames(t *testing.T) {
	for in, want := range map[string]string{"GetInstanceSummaryReportSinceMidnight": "get_instance_summary_report_since_midnight", "DescribeDBInstances": "describe_db_instances", "GetTest": "get_test"} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ccc": "ccc", "Elastic-Search": "elasticsearch", "go": "apigo", "123": "api"} {
		if got := PackageName(in); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", in, got, want)
		}
	}
}
