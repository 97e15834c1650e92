package example

import (
	"os"
	"testing"
)

func TestDbgBlocks(t *testing.T) {
	f := os.Getenv("DBGFILE")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for _, b := range exampleBlocks(string(data)) {
		t.Logf("block at %d json=%v:\n%s", b.line, isJSONBlock(b.text), b.text)
	}
}

func dumpNode(n *Node, ind string) string {
	s := ind
	if n.Key != "" {
		s += n.Key + ": "
	}
	switch n.Kind {
	case Object:
		s += "{"
	case Array:
		s += "["
	case String:
		s += "S" + `"` + n.Value + `"`
	case Number:
		s += "N" + n.Value
	case Bool:
		s += "B" + n.Value
	case Null:
		s += "null"
	}
	s += " @" + itoa(n.Line) + ":" + itoa(n.Col) + "\n"
	for _, c := range n.Children {
		s += dumpNode(c, ind+"  ")
	}
	return s
}

func TestDbgRepairs(t *testing.T) {
	f := os.Getenv("DBGREPAIR")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for _, b := range exampleBlocks(string(data)) {
		if !isJSONBlock(b.text) {
			if isXMLBlock(b.text) && os.Getenv("DBGXML") != "" {
				n, w, err := ParseXML(b.text)
				t.Logf("XML block %d: err=%v warns=%v", b.line, err, w)
				if n != nil && os.Getenv("DBGTREE") != "" {
					t.Log("\n" + dumpNode(n, ""))
				}
			}
			continue
		}
		n, w, err := ParseJSON(b.text)
		t.Logf("block %d: err=%v warns=%v", b.line, err, w)
		if n != nil && os.Getenv("DBGTREE") != "" {
			t.Log("\n" + dumpNode(n, ""))
		}
	}
}
