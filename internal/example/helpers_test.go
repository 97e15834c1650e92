package example

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// render writes a tree compactly: objects {"k":v,...}, arrays [v,...], strings quoted,
// numbers and booleans as written, null. Keys are quoted, so spaces in them show.
func render(n *Node) string {
	var b strings.Builder
	renderTo(&b, n)
	return b.String()
}

func renderTo(b *strings.Builder, n *Node) {
	switch n.Kind {
	case Object, Array:
		open, close := "{", "}"
		if n.Kind == Array {
			open, close = "[", "]"
		}
		b.WriteString(open)
		for i, c := range n.Children {
			if i > 0 {
				b.WriteByte(',')
			}
			if n.Kind == Object {
				b.WriteString(strconv.Quote(c.Key))
				b.WriteByte(':')
			}
			renderTo(b, c)
		}
		b.WriteString(close)
	case String:
		b.WriteString(strconv.Quote(n.Value))
	case Number, Bool:
		b.WriteString(n.Value)
	case Null:
		b.WriteString("null")
	default:
		fmt.Fprintf(b, "<kind %d>", n.Kind)
	}
}

// nodeAt follows a path of member names and array indexes separated by '/'.
func nodeAt(n *Node, path string) *Node {
	if path == "" {
		return n
	}
	for _, step := range strings.Split(path, "/") {
		var next *Node
		if n.Kind == Array {
			if i, err := strconv.Atoi(step); err == nil && i >= 0 && i < len(n.Children) {
				next = n.Children[i]
			}
		} else {
			for _, c := range n.Children {
				if c.Key == step {
					next = c
					break
				}
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func fmtWarnings(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, fmt.Sprintf("%d:%d: %s", w.Line, w.Col, w.Msg))
	}
	return out
}

// checkPositions asserts "line:col" positions of nodes named by path.
func checkPositions(t *testing.T, root *Node, pos map[string]string) {
	t.Helper()
	for path, want := range pos {
		n := nodeAt(root, path)
		if n == nil {
			t.Errorf("no node at %q", path)
			continue
		}
		if got := fmt.Sprintf("%d:%d", n.Line, n.Col); got != want {
			t.Errorf("position of %q = %s, want %s", path, got, want)
		}
	}
}

// checkInvariants asserts properties every result must have.
func checkInvariants(t *testing.T, src string, n *Node, ws []Warning, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is %T, want *Error", err, err)
		}
		if e.Line < 1 || e.Col < 1 || e.Msg == "" {
			t.Fatalf("bad error %+v", e)
		}
		if n != nil {
			t.Fatalf("non-nil node with error %v", err)
		}
	} else if n == nil {
		t.Fatal("nil node without error")
	}
	lines := strings.Count(src, "\n") + 1
	for _, w := range ws {
		if w.Line < 1 || w.Col < 1 || w.Line > lines || w.Msg == "" {
			t.Fatalf("bad warning %+v (input has %d lines)", w, lines)
		}
	}
	if n != nil {
		walk(n, 0, func(c *Node, depth int) {
			if c.Line < 1 || c.Col < 1 || c.Line > lines {
				t.Fatalf("bad position %d:%d of node %q", c.Line, c.Col, c.Key)
			}
			if c.Kind < Object || c.Kind > Null {
				t.Fatalf("bad kind %d", c.Kind)
			}
			if depth > MaxDepth+1 {
				t.Fatalf("tree deeper than MaxDepth")
			}
		})
	}
}

func walk(n *Node, depth int, f func(*Node, int)) {
	f(n, depth)
	for _, c := range n.Children {
		walk(c, depth+1, f)
	}
}
