package udiff

import "testing"

func TestUnified(t *testing.T) {
	if Unified("a", "b", "x\n", "x\n") != "" {
		t.Error("equal texts gave a diff")
	}
	old := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	new := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n"
	want := "--- a\n+++ b\n@@ -2,9 +2,10 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n+11\n"
	if got := Unified("a", "b", old, new); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Unified("a", "b", "", "x\n"); got != "--- a\n+++ b\n@@ -1,0 +1,1 @@\n+x\n" {
		t.Errorf("from empty: %q", got)
	}
}
