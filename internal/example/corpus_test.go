package example

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const corpusDocs = "../../../shared/corpus/docs"

// codeBlock is a code block found under an example heading of a page.
type codeBlock struct {
	line int // line of the block's first content line in the page
	text string
}

var (
	atxHeading    = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*)$`)
	setextUnder   = regexp.MustCompile(`^ {0,3}(=+|-+)\s*$`)
	fenceOpen     = regexp.MustCompile("^([ \t]*(?:[-*+]|[0-9]+\\.)?[ \t]*)(```+|~~~+)")
	listItem      = regexp.MustCompile(`^[ \t]*([-*+]|[0-9]+\.)[ \t]`)
	httpBody      = regexp.MustCompile(`(?m)^\s*Body\s*[:：]?\s*$`)
	httpHeader    = regexp.MustCompile(`(?mi)^\s*Headers?\s*[:：]?\s*$`)
	exampleMarker = "示例"
)

// exampleBlocks returns the fenced and indented code blocks of a page that lie under a
// heading containing 示例 (示例, 返回示例, 正常返回示例, ...). It is a rough extraction.
func exampleBlocks(md string) []codeBlock {
	lines := strings.Split(md, "\n")
	type heading struct {
		level int
		text  string
	}
	var headings []heading
	setHeading := func(level int, text string) {
		for len(headings) > 0 && headings[len(headings)-1].level >= level {
			headings = headings[:len(headings)-1]
		}
		headings = append(headings, heading{level, text})
	}
	inExample := func() bool {
		for _, h := range headings {
			if strings.Contains(h.text, exampleMarker) {
				return true
			}
		}
		return false
	}
	var blocks []codeBlock
	prevBlank := true
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if m := atxHeading.FindStringSubmatch(l); m != nil {
			setHeading(len(m[1]), m[2])
			prevBlank = false
			continue
		}
		if i > 0 && setextUnder.MatchString(l) {
			prev := strings.TrimSpace(lines[i-1])
			if prev != "" && !strings.HasPrefix(prev, "|") && !strings.HasPrefix(prev, "-") {
				level := 2
				if strings.Contains(l, "=") {
					level = 1
				}
				setHeading(level, prev)
				prevBlank = false
				continue
			}
		}
		if m := fenceOpen.FindStringSubmatch(l); m != nil {
			indent, fence := len(m[1]), m[2]
			var body []string
			j := i + 1
			for ; j < len(lines); j++ {
				t := strings.TrimRight(lines[j], "\r")
				if strings.HasPrefix(strings.TrimSpace(t), fence[:3]) {
					break
				}
				k := 0
				for k < indent && k < len(t) && (t[k] == ' ' || t[k] == '\t') {
					k++
				}
				body = append(body, t[k:])
			}
			if inExample() {
				blocks = append(blocks, codeBlock{i + 2, strings.Join(body, "\n")})
			}
			i = j
			prevBlank = false
			continue
		}
		if prevBlank && inExample() && isIndented(l) && !listItem.MatchString(l) {
			var body []string
			j := i
			for ; j < len(lines); j++ {
				t := strings.TrimRight(lines[j], "\r")
				if strings.TrimSpace(t) == "" {
					body = append(body, "")
					continue
				}
				if !isIndented(t) || fenceOpen.MatchString(t) {
					break
				}
				if strings.HasPrefix(t, "\t") {
					body = append(body, t[1:])
				} else {
					body = append(body, t[4:])
				}
			}
			blocks = append(blocks, codeBlock{i + 1, strings.Join(body, "\n")})
			i = j - 1
			prevBlank = false
			continue
		}
		prevBlank = strings.TrimSpace(l) == ""
	}
	return blocks
}

func isIndented(l string) bool { return strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t") }

// isJSONBlock reports whether a block looks like a JSON example: it starts with '{' or
// '[', or with a "//" comment or an HTTP status line followed by a '{'.
func isJSONBlock(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return true
	}
	if strings.HasPrefix(t, "HTTP/") {
		// Raw HTTP: the body follows a "Body :" line, or the headers and a blank
		// line; a "Header" brace block alone holds no JSON example.
		if httpBody.MatchString(t) {
			return true
		}
		return !httpHeader.MatchString(t) && strings.ContainsAny(t, "{[")
	}
	if strings.HasPrefix(t, "//") {
		return strings.ContainsAny(t, "{[")
	}
	return false
}

func isXMLBlock(text string) bool {
	t := strings.TrimSpace(text)
	if strings.HasPrefix(t, "HTTP/") {
		return strings.Contains(t, "<") && !strings.ContainsAny(t, "{[")
	}
	return strings.HasPrefix(t, "<")
}

// readManifest returns the json_parse column of the corpus manifest keyed by file name
// (docs/<product>/<Action>.md), or nil when the manifest cannot be read.
func readManifest(t *testing.T, path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Logf("manifest: %v", err)
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var fileCol, parseCol = -1, -1
	m := map[string]string{}
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if fileCol < 0 {
			for i, c := range cols {
				switch c {
				case "file":
					fileCol = i
				case "json_parse":
					parseCol = i
				}
			}
			if fileCol < 0 || parseCol < 0 {
				t.Logf("manifest: no file/json_parse columns")
				return nil
			}
			continue
		}
		if len(cols) > fileCol && len(cols) > parseCol {
			m[cols[fileCol]] = cols[parseCol]
		}
	}
	return m
}

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDocs); err != nil {
		t.Skip("corpus ../shared/corpus absent: " + err.Error())
	}
	manifest := readManifest(t, filepath.Join(corpusDocs, "..", "manifest.tsv"))
	files, err := filepath.Glob(filepath.Join(corpusDocs, "*", "*.md"))
	if err != nil || len(files) == 0 {
		t.Skip("corpus ../shared/corpus absent: no pages")
	}
	sort.Strings(files)

	var jsonBlocks, jsonClean, jsonRepaired, jsonFailed int
	var xmlBlocks, xmlClean, xmlRepaired, xmlFailed int
	var pagesChecked, pagesOK int
	repairCounts := map[string]int{}
	var failures []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel := "docs/" + filepath.ToSlash(strings.TrimPrefix(file, filepath.Clean(corpusDocs)+string(filepath.Separator)))
		pageJSON, pageFailed := 0, false
		for _, b := range exampleBlocks(string(data)) {
			switch {
			case isJSONBlock(b.text):
				jsonBlocks++
				pageJSON++
				_, warns, err := ParseJSON(b.text)
				switch {
				case err != nil:
					jsonFailed++
					pageFailed = true
					failures = append(failures, rel+":"+itoa(b.line)+": JSON: "+err.Error())
				case len(warns) > 0:
					jsonRepaired++
					seen := map[string]bool{}
					for _, w := range warns {
						k := repairKind(w.Msg)
						if !seen[k] {
							seen[k] = true
							repairCounts[k]++
						}
					}
				default:
					jsonClean++
				}
			case isXMLBlock(b.text):
				xmlBlocks++
				_, warns, err := ParseXML(b.text)
				switch {
				case err != nil:
					xmlFailed++
					t.Logf("%s:%d: XML: %v", rel, b.line, err)
				case len(warns) > 0:
					xmlRepaired++
				default:
					xmlClean++
				}
			}
		}
		status, known := manifest[rel]
		if manifest != nil && (!known || status == "NA") {
			continue
		}
		pagesChecked++
		if pageJSON == 0 {
			failures = append(failures, rel+": no JSON example block found")
			continue
		}
		if !pageFailed {
			pagesOK++
		}
	}
	t.Logf("pages: %d, JSON blocks: %d (strict %d, with repairs %d, failed %d)",
		len(files), jsonBlocks, jsonClean, jsonRepaired, jsonFailed)
	t.Logf("XML blocks: %d (clean %d, with repairs %d, failed %d)", xmlBlocks, xmlClean, xmlRepaired, xmlFailed)
	var kinds []string
	for k := range repairCounts {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return repairCounts[kinds[i]] > repairCounts[kinds[j]] })
	for _, k := range kinds {
		t.Logf("  blocks repaired with %q: %d", k, repairCounts[k])
	}
	for _, f := range failures {
		t.Log("failure: " + f)
	}
	if pagesChecked == 0 {
		t.Fatal("no pages with a JSON example")
	}
	share := float64(pagesOK) / float64(pagesChecked)
	t.Logf("pages with json_parse not NA: %d, all JSON examples read: %d (%.1f%%)", pagesChecked, pagesOK, 100*share)
	if share < 0.98 {
		t.Errorf("only %.1f%% of the pages with a JSON example were read without error, want at least 98%%", 100*share)
	}
}

// repairKind groups warning messages for the summary.
func repairKind(msg string) string {
	for _, p := range []string{"unquoted value", "unquoted member name", "leading text skipped", "invalid escape", "value of member"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, p) {
			return p
		}
	}
	if strings.HasSuffix(msg, "read as space") {
		return "space read as space"
	}
	if strings.HasSuffix(msg, "skipped") && (strings.HasPrefix(msg, ".") || strings.HasPrefix(msg, "…")) {
		return "ellipsis skipped"
	}
	return msg
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
