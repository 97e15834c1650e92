package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Adding a page to a package changes none of the other pages' files: names
// belong to their page. Checked on every product of the dev corpus: each
// product's first copies generated with and without its last page.
func TestNamesStableWhenAPageIsAdded(t *testing.T) {
	products, err := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "docs", "*"))
	if err != nil || len(products) == 0 {
		t.Skip("../shared/corpus is absent; the stability check runs on its products")
	}
	for _, dir := range products {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		var srcs []Source
		for _, f := range files {
			if containsCopy(f) {
				continue
			}
			b, _ := os.ReadFile(f)
			srcs = append(srcs, Source{Name: filepath.Base(f), Data: b})
		}
		if len(srcs) < 2 {
			continue
		}
		all := Package(srcs, Options{Package: "p"})
		fewer := Package(srcs[:len(srcs)-1], Options{Package: "p"})
		for name, b := range fewer.Files {
			if name == "doc.gen.go" {
				continue
			}
			if !bytes.Equal(b, all.Files[name]) {
				t.Errorf("%s: adding %s changed %s", filepath.Base(dir), srcs[len(srcs)-1].Name, name)
			}
		}
	}
}

func containsCopy(f string) bool {
	b := filepath.Base(f)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '_' && b[i+1] == '_' && b[i+2] >= '0' && b[i+2] <= '9' {
			return true
		}
	}
	return false
}
