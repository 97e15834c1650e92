package openapicheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/cli"
)

// allowedWarnings are the redocly warnings (recommended ruleset) the export
// keeps, with why.
var allowedWarnings = map[string]string{
	// The pages do not say under which license the APIs are offered.
	"info-license": "the pages name no license",
	// mse's own paths /v1/gateway/agent/{gatewayId} and
	// /v1/gateway/{gatewayId}/api both match /v1/gateway/agent/api: the
	// service defines them so, the export keeps them.
	"no-ambiguous-paths": "the service's own paths overlap",
}

// nodeTool finds an npm validator: in $CCCGEN_NODE_BIN (a node_modules/.bin
// folder, as .ci/run sets up) or on PATH.
func nodeTool(t *testing.T, name string) string {
	t.Helper()
	if dir := os.Getenv("CCCGEN_NODE_BIN"); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	t.Skipf("%s is not installed: npm install --prefix DIR @redocly/cli@2.77.0 @apidevtools/swagger-cli@4.0.4 and set CCCGEN_NODE_BIN=DIR/node_modules/.bin (.ci/run does)", name)
	return ""
}

// TestValidators exports every corpus product with cccgen -openapi and runs
// the validators people use on it: `redocly lint` with the recommended
// ruleset (no errors; warnings only of the kinds allowedWarnings explains)
// and `swagger-cli validate`.
func TestValidators(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "docs")
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Skipf("../shared/corpus is absent (%v): nothing to export", err)
	}
	redocly := nodeTool(t, "redocly")
	swagger := nodeTool(t, "swagger-cli")
	work := t.TempDir()
	var products []string
	for _, e := range entries {
		if e.IsDir() {
			products = append(products, e.Name())
		}
	}
	sort.Strings(products)
	if len(products) == 0 {
		t.Fatalf("no products in %s", corpus)
	}
	env := append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	warned := map[string]int{}
	for _, p := range products {
		var stdout, stderr bytes.Buffer
		if code := cli.Run([]string{"-openapi", filepath.Join(corpus, p)}, &stdout, &stderr); code != cli.ExitOK {
			t.Errorf("cccgen -openapi %s: exit %d\n%s", p, code, stderr.String())
			continue
		}
		doc := filepath.Join(work, p+".json")
		if err := os.WriteFile(doc, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(swagger, "validate", doc)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "is valid") {
			t.Errorf("swagger-cli validate %s: %v\n%s", p, err, out)
		}
		cmd = exec.Command(redocly, "lint", doc, "--extends", "recommended", "--format", "json")
		cmd.Env = env
		var errb bytes.Buffer
		cmd.Stderr = &errb
		out, err := cmd.Output() // exit 1 with errors: the report says which
		var report struct {
			Totals struct {
				Errors, Warnings int
			}
			Problems []struct {
				RuleID, Severity, Message string
			}
		}
		if jerr := json.Unmarshal(out, &report); jerr != nil {
			t.Errorf("redocly lint %s: %v, no JSON report (%v)\n%s", p, err, jerr, errb.String())
			continue
		}
		for _, pr := range report.Problems {
			if pr.Severity == "error" {
				t.Errorf("redocly lint %s: error %s: %s", p, pr.RuleID, pr.Message)
				continue
			}
			if _, ok := allowedWarnings[pr.RuleID]; !ok {
				t.Errorf("redocly lint %s: warning %s: %s", p, pr.RuleID, pr.Message)
			}
			warned[pr.RuleID]++
		}
		if report.Totals.Errors != 0 {
			t.Errorf("redocly lint %s: %d errors", p, report.Totals.Errors)
		}
	}
	t.Logf("%d products: swagger-cli valid, redocly lint warnings by rule %v", len(products), warned)
}
