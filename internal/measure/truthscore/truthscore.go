// Package truthscore measures how closely a generated response structure
// matches the structure Alibaba Cloud's official SDKs use for the same API
// (the "truth" files under shared/truth, see its README.md).
//
// A response is reduced to leaves: (wire path, kind). The path is the chain of
// wire names from the response root (the root itself is not part of the
// path) joined with ".", with "[]" appended after an array name:
//
//	{"Users":{"User":[{"Name":"x"}]}}  ->  Users.User[].Name
//	{"Tags":{"Tag":["a"]}}             ->  Tags.Tag[]
//
// When the response root is itself an array (a few SLS ROA APIs), paths
// start with "[]": "[].from", or just "[]" for an array of scalars.
//
// Wire names are used verbatim, so a name that contains a dot (CMS's
// "NameDesc.En") makes a path such as "Data.Resource[].NameDesc.En";
// generated leaves must be spelled the same way.
//
// Kinds are "string", "int", "float", "bool", "map", and "struct"/"array"
// for an empty struct or array, which is a leaf of its own. A map is always
// a leaf: its keys are dynamic, so its value type (truth sometimes gives it
// as "items") is not descended into.
package truthscore

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Leaf is one leaf of a response structure.
//
// Kind of a leaf: "string", "int", "float", "bool", "map", or
// "struct"/"array" for an empty struct or array leaf.
type Leaf struct {
	Path string // wire names from the response root joined with ".", with "[]" appended after an array name, e.g. "Users.User[].Name"; an array of scalars: "Tags.Tag[]"
	Kind string
}

// Leaf kinds.
const (
	KindString = "string"
	KindInt    = "int"
	KindFloat  = "float"
	KindBool   = "bool"
	KindMap    = "map"
	KindStruct = "struct" // empty struct leaf
	KindArray  = "array"  // array whose item type is unknown
)

// node is one node of a truth "response" tree.
type node struct {
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Fields []*node `json:"fields"`
	Items  *node   `json:"items"`
	NoBody bool    `json:"no_body"`
}

// scalarKinds maps the type words of truth files to leaf kinds. The words
// that occur in shared/truth responses are string, integer, long, float,
// double, boolean, map, struct and array; the rest are accepted for
// robustness (lower-cased first, so meta-style "Integer" works too).
var scalarKinds = map[string]string{
	"string":  KindString,
	"integer": KindInt,
	"long":    KindInt,
	"int":     KindInt,
	"int32":   KindInt,
	"int64":   KindInt,
	"float":   KindFloat,
	"double":  KindFloat,
	"boolean": KindBool,
	"bool":    KindBool,
	"map":     KindMap,
}

// TruthLeaves reads one truth JSON file's "response" tree and returns its
// leaves, sorted by Path.
//
// Type words: integer/long → int, float/double → float, boolean → bool,
// string → string, map → map (a leaf even when truth gives its value type
// as "items"), object → struct if it has fields else map; struct with
// fields and array (also repeatlist) are descended into; an empty struct
// is a "struct" leaf and an array without items an "array" leaf at
// "Name[]". An unknown type word is an error.
//
// The root: a struct's fields start the paths; a root marked "no_body" (or
// any empty root struct) yields no leaves; a root array yields paths
// starting with "[]". Truth's response is the SDK's ResponseBody, so it
// has no Tea-style {headers, statusCode, body} wrapper; should one appear
// (exactly those lower-case names, with "body" present), only "body" is
// kept. Elasticsearch's upper-case "Headers" field is kept: the SDK body
// struct and the pages both have it as a body field.
//
// A path that occurs more than once keeps its first occurrence in tree
// order.
func TruthLeaves(truthJSON []byte) ([]Leaf, error) {
	var file struct {
		Response *node `json:"response"`
	}
	if err := json.Unmarshal(truthJSON, &file); err != nil {
		return nil, fmt.Errorf("truthscore: %w", err)
	}
	root := file.Response
	if root == nil {
		return nil, fmt.Errorf("truthscore: no \"response\" in truth file")
	}
	root = stripTeaWrapper(root)
	var leaves []Leaf
	add := func(l Leaf) { leaves = append(leaves, l) }
	switch t := strings.ToLower(root.Type); {
	case root.NoBody:
		// No JSON body at all.
	case t == "struct" || (t == "object" && len(root.Fields) > 0):
		for _, f := range root.Fields {
			if err := walk(f, "", add); err != nil {
				return nil, err
			}
		}
	case t == "array" || t == "repeatlist":
		if err := walkArray(root, "[]", add); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("truthscore: unsupported response root type %q", root.Type)
	}
	return dedupe(leaves), nil
}

// stripTeaWrapper descends into "body" when root is a Tea-style
// {headers, statusCode, body} response rather than the body itself.
func stripTeaWrapper(root *node) *node {
	var body *node
	for _, f := range root.Fields {
		switch f.Name {
		case "body":
			body = f
		case "headers", "statusCode":
		default:
			return root
		}
	}
	if body == nil {
		return root
	}
	return body
}

// walk emits the leaves of field n, whose parent path is prefix.
func walk(n *node, prefix string, add func(Leaf)) error {
	if n.Name == "" {
		return fmt.Errorf("truthscore: field without a name under %q", prefix)
	}
	path := n.Name
	if prefix != "" {
		path = prefix + "." + n.Name
	}
	return walkType(n, path, add)
}

// walkType emits the leaves of a node (a field or array items) at path.
func walkType(n *node, path string, add func(Leaf)) error {
	t := strings.ToLower(n.Type)
	if t == "object" {
		t = "map"
		if len(n.Fields) > 0 {
			t = "struct"
		}
	}
	switch t {
	case "struct":
		if len(n.Fields) == 0 {
			add(Leaf{Path: path, Kind: KindStruct})
			return nil
		}
		for _, f := range n.Fields {
			if err := walk(f, path, add); err != nil {
				return err
			}
		}
		return nil
	case "array", "repeatlist":
		return walkArray(n, path+"[]", add)
	}
	if k, ok := scalarKinds[t]; ok {
		add(Leaf{Path: path, Kind: k})
		return nil
	}
	return fmt.Errorf("truthscore: %s: unknown type %q", path, n.Type)
}

// walkArray emits the leaves of array n, path already ending in "[]".
func walkArray(n *node, path string, add func(Leaf)) error {
	if n.Items == nil {
		add(Leaf{Path: path, Kind: KindArray})
		return nil
	}
	return walkType(n.Items, path, add)
}

// dedupe keeps the first leaf of each path and sorts by path.
func dedupe(leaves []Leaf) []Leaf {
	seen := make(map[string]bool, len(leaves))
	out := make([]Leaf, 0, len(leaves))
	for _, l := range leaves {
		if seen[l.Path] {
			continue
		}
		seen[l.Path] = true
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// pathNames splits a leaf path into the names Visible looks for: "[]" is
// dropped and the rest split at ".". A wire name that itself contains a
// dot ("NameDesc.En") is thus looked for piecewise; since "." is never an
// identifier character, the pieces occur whenever the whole name does, so
// this never hides a leaf the page shows.
func pathNames(path string) []string {
	var names []string
	for _, s := range strings.Split(strings.ReplaceAll(path, "[]", ""), ".") {
		if s != "" {
			names = append(names, s)
		}
	}
	return names
}

// Visible reports whether every wire name on the leaf's path occurs
// somewhere in pageText (the raw Markdown page), so that the page could
// show the leaf.
//
// Matching rule: each name (see pathNames) must occur case-sensitively as
// a whole identifier: not directly preceded or followed by an ASCII
// letter, digit, '_' or '-' (so "Id" is not found in "InstanceId", nor
// "Count" in "X-Total-Count"; Chinese text, punctuation, Markdown table
// bars, XML angle brackets and JSON quotes are all boundaries). Before
// matching, HTML entities are decoded and Markdown backslash escapes
// removed ("doc\_value" → "doc_value"). A path with no names (the "[]" of
// a root array of scalars) is visible.
func Visible(l Leaf, pageText string) bool {
	return newPage(pageText).visible(l.Path)
}

// page caches the normalised text and name lookups of one page.
type page struct {
	text  string
	found map[string]bool
}

func newPage(pageText string) *page {
	return &page{text: normalise(pageText), found: map[string]bool{}}
}

func (p *page) visible(path string) bool {
	for _, name := range pathNames(path) {
		ok, cached := p.found[name]
		if !cached {
			ok = containsIdent(p.text, name)
			p.found[name] = ok
		}
		if !ok {
			return false
		}
	}
	return true
}

// normalise decodes HTML entities and drops Markdown backslash escapes of
// ASCII punctuation.
func normalise(s string) string {
	s = html.UnescapeString(s)
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	isAlnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	return c > ' ' && c < 0x7f && !isAlnum
}

// isIdentByte reports whether c can continue a wire name.
func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// containsIdent reports whether name occurs in text as a whole identifier.
func containsIdent(text, name string) bool {
	for off := 0; ; {
		i := strings.Index(text[off:], name)
		if i < 0 {
			return false
		}
		start := off + i
		end := start + len(name)
		if (start == 0 || !isIdentByte(text[start-1])) && (end == len(text) || !isIdentByte(text[end])) {
			return true
		}
		off = start + 1
	}
}

// Score compares generated leaves with truth leaves for one page.
type Score struct {
	TruthVisible, Recalled  int      // recall = Recalled / TruthVisible (paths only)
	Generated, Precise      int      // precision = Precise / Generated (paths only)
	KindAgree, KindCompared int      // among recalled paths, how many have the same kind
	Missing, Extra          []string // paths missing from generated (visible truth only) and generated paths truth lacks, sorted
}

// Compare scores generated against truth for the page whose raw Markdown
// is pageText. Both inputs are deduplicated by path (first leaf wins).
// Recall counts only the truth leaves Visible in the page; precision
// checks generated paths against all truth paths, visible or not. Kinds
// are compared on the recalled paths, so KindCompared == Recalled. Paths
// are compared case-sensitively.
func Compare(truth, generated []Leaf, pageText string) Score {
	truth = dedupe(truth)
	generated = dedupe(generated)
	truthKind := make(map[string]string, len(truth))
	for _, l := range truth {
		truthKind[l.Path] = l.Kind
	}
	genKind := make(map[string]string, len(generated))
	for _, l := range generated {
		genKind[l.Path] = l.Kind
	}
	p := newPage(pageText)
	s := Score{Missing: []string{}, Extra: []string{}}
	for _, l := range truth {
		if !p.visible(l.Path) {
			continue
		}
		s.TruthVisible++
		k, ok := genKind[l.Path]
		if !ok {
			s.Missing = append(s.Missing, l.Path)
			continue
		}
		s.Recalled++
		s.KindCompared++
		if k == l.Kind {
			s.KindAgree++
		}
	}
	s.Generated = len(generated)
	for _, l := range generated {
		if _, ok := truthKind[l.Path]; ok {
			s.Precise++
		} else {
			s.Extra = append(s.Extra, l.Path)
		}
	}
	return s
}

// Pages reads pages.tsv in truthDir and returns the map page path (as in
// its "file" column, e.g. "docs/ccc/GetInstanceSummaryReportSinceMidnight.md")
// → truth path relative to truthDir (its "truth" column). Columns are
// found by the header line; a file listed twice is an error.
func Pages(truthDir string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(truthDir, "pages.tsv"))
	if err != nil {
		return nil, fmt.Errorf("truthscore: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	fileCol, truthCol := -1, -1
	pages := map[string]string{}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if fileCol < 0 {
			for i, c := range cols {
				switch strings.TrimSpace(c) {
				case "file":
					fileCol = i
				case "truth":
					truthCol = i
				}
			}
			if fileCol < 0 || truthCol < 0 {
				return nil, fmt.Errorf("truthscore: pages.tsv: header lacks file and truth columns: %q", text)
			}
			continue
		}
		if len(cols) <= fileCol || len(cols) <= truthCol {
			return nil, fmt.Errorf("truthscore: pages.tsv:%d: too few columns", line)
		}
		file, truth := cols[fileCol], cols[truthCol]
		if file == "" || truth == "" {
			return nil, fmt.Errorf("truthscore: pages.tsv:%d: empty file or truth", line)
		}
		if prev, dup := pages[file]; dup {
			return nil, fmt.Errorf("truthscore: pages.tsv:%d: %s listed twice (%s, %s)", line, file, prev, truth)
		}
		pages[file] = truth
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("truthscore: pages.tsv: %w", err)
	}
	if fileCol < 0 {
		return nil, fmt.Errorf("truthscore: pages.tsv: empty")
	}
	return pages, nil
}

var reIndex = regexp.MustCompile(`\.[0-9]+(\.|$)`)

// FlatKey writes a flattened request key's list indexes as N, as truth's
// request_wire_keys do: Tag.1.Key → Tag.N.Key, Id.2 → Id.N.
func FlatKey(k string) string { return IndexesAsN(reIndex, k) }

// IndexesAsN replaces every match of an index pattern (.1, .n) with .N,
// repeatedly, since adjacent indexes (.1.2) share a dot.
func IndexesAsN(re *regexp.Regexp, k string) string {
	for {
		n := re.ReplaceAllString(k, ".N$1")
		if n == k {
			return k
		}
		k = n
	}
}
