package perf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/cli"
	"github.com/getkin/kin-openapi/openapi3"
)

// corpusDocs is the development corpus, beside the repository.
const corpusDocs = "../../../../shared/corpus/docs"

var copyPage = regexp.MustCompile(`__[0-9]+\.md$`)

// firstCopies lists a corpus product's <Action>.md pages: the pages a user
// would generate into one package (the <Action>__N.md copies are other
// versions of the same APIs).
func firstCopies(t testing.TB, product string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDocs, product, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !copyPage.MatchString(f) {
			out = append(out, f)
		}
	}
	return out
}

// export runs `cccgen -openapi args...`.
func export(t testing.TB, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := cli.Run(append([]string{"-openapi"}, args...), &stdout, &stderr); code != cli.ExitOK {
		t.Fatalf("cccgen -openapi: exit %d\n%s", code, stderr.String())
	}
	return stdout.Bytes()
}

// validate loads and validates a document with kin-openapi.
func validate(t *testing.T, name string, data []byte) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("%s: kin-openapi cannot load the export: %v", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s: kin-openapi: the export is not valid OpenAPI: %v", name, err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("%s: openapi %q", name, doc.OpenAPI)
	}
	return doc
}

// The seed page's export is valid OpenAPI 3.0.3 and carries the seed's
// structure.
func TestOpenAPISeedValidates(t *testing.T) {
	doc := validate(t, "docs/ccc", export(t, "../../../docs/ccc"))
	item := doc.Paths.Find("/GetInstanceSummaryReportSinceMidnight")
	if item == nil || item.Post == nil {
		t.Fatalf("no POST /GetInstanceSummaryReportSinceMidnight: %v", doc.Paths.InMatchingOrder())
	}
	op := item.Post
	if op.OperationID != "GetInstanceSummaryReportSinceMidnight" {
		t.Errorf("operationId %q", op.OperationID)
	}
	if p := op.Parameters.GetByInAndName("query", "InstanceId"); p == nil || !p.Required {
		t.Errorf("InstanceId: %+v", p)
	}
	resp := op.Responses.Status(200)
	if resp == nil || resp.Value.Content.Get("application/json") == nil {
		t.Fatal("no 200 JSON response")
	}
	s := resp.Value.Content.Get("application/json").Schema.Value
	isr := s.Properties["InstanceSummaryReport"]
	if isr == nil || len(isr.Value.Properties["Inbound"].Value.Properties) != 24 ||
		len(isr.Value.Properties["Outbound"].Value.Properties) != 15 || len(isr.Value.Properties["Overall"].Value.Properties) != 16 {
		t.Errorf("InstanceSummaryReport: %+v", isr)
	}
	if got := isr.Value.Properties["Overall"].Value.Properties["TotalCalls"].Value; !got.Type.Is("integer") || got.Format != "int64" {
		t.Errorf("Overall.TotalCalls: %v %v", got.Type, got.Format)
	}
	if op.Responses.Default() == nil || op.Responses.Default().Value.Content.Get("application/json").Schema.Ref != "#/components/schemas/Error" {
		t.Error("no default error response")
	}
}

// Every product of the development corpus (its <Action>.md pages) exports
// to a valid document with one operation per API.
func TestOpenAPICorpusValidates(t *testing.T) {
	ents, err := os.ReadDir(corpusDocs)
	if err != nil {
		t.Skipf("no development corpus at %s: %v", corpusDocs, err)
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		product := e.Name()
		t.Run(product, func(t *testing.T) {
			pages := firstCopies(t, product)
			doc := validate(t, product, export(t, pages...))
			ops := 0
			for _, path := range doc.Paths.InMatchingOrder() {
				ops += len(doc.Paths.Value(path).Operations())
			}
			if ops != len(pages) {
				t.Errorf("%d operations for %d pages", ops, len(pages))
			}
			if testing.Verbose() {
				t.Logf("%s: %d pages, %d operations, %s", product, len(pages), ops, strings.TrimSpace(doc.Info.Title))
			}
		})
	}
}
