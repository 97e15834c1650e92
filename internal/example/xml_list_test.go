package example

import "testing"

func TestXMLListAttr(t *testing.T) {
	root, _, err := ParseXML(`<R><A list="true"><B>1</B></A><C list='true' x="1"/><D list="false"><E/></D><F blist="true"><G/></F></R>`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, c := range root.Children[0].Children {
		got[c.Key] = c.List
	}
	want := map[string]bool{"A": true, "C": false, "D": false, "F": false}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: List = %v, want %v", k, got[k], v)
		}
	}
}
