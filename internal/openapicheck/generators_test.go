package openapicheck

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cccgen/cccgen/internal/cli"
)

// products are the corpus products whose export both generators get: RPC
// (ecs, ram: Ram, Ims and Sts in one document), ROA (elasticsearch, mse) and
// SLS. Each takes about half a minute per generator on two cores, so not all
// 24 run in CI.
var products = []string{"ecs", "elasticsearch", "mse", "ram", "sls"}

// TestGeneratorsCompile exports each product with cccgen -openapi, runs
// oapi-codegen (types and client) and ogen on the document, and builds and
// vets what they generate.
func TestGeneratorsCompile(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "docs")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("../shared/corpus is absent (%v): nothing to export", err)
	}
	if testing.Short() {
		t.Skip("runs two code generators and builds their output")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go command")
	}
	// The generated packages live inside this module for its requirements.
	work, err := os.MkdirTemp(".", "gen-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(work) })
	run := func(dir string, name string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
		}
		return out
	}
	cfg := filepath.Join(work, "ogen.yml")
	if err := os.WriteFile(cfg, []byte("generator:\n  ignore_not_implemented: [\"nested objects in form parameters\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Build the generators once.
	bin := t.TempDir()
	run(".", gobin, "build", "-o", bin, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen", "github.com/ogen-go/ogen/cmd/ogen")
	for _, p := range products {
		var stdout, stderr bytes.Buffer
		if code := cli.Run([]string{"-openapi", filepath.Join(corpus, p)}, &stdout, &stderr); code != cli.ExitOK {
			t.Fatalf("cccgen -openapi %s: exit %d\n%s", p, code, stderr.String())
		}
		doc := filepath.Join(work, p+".json")
		if err := os.WriteFile(doc, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		oc := filepath.Join(work, p, "oc")
		if err := os.MkdirAll(oc, 0o755); err != nil {
			t.Fatal(err)
		}
		code := run(".", filepath.Join(bin, "oapi-codegen"), "-generate", "types,client", "-package", "oc", doc)
		if err := os.WriteFile(filepath.Join(oc, "client.go"), code, 0o644); err != nil {
			t.Fatal(err)
		}
		// ogen has no form style for nested objects (Tag.N.Key, x-cccgen-flat):
		// it leaves those operations out, saying so, and generates the rest.
		out := run(".", filepath.Join(bin, "ogen"), "-config", cfg, "-package", "og", "-target", filepath.Join(work, p, "og"), "-clean", doc)
		_ = out
	}
	run(".", gobin, "vet", "./"+filepath.ToSlash(work)+"/...")
	t.Logf("oapi-codegen and ogen output for %s builds and vets", strings.Join(products, ", "))
}
