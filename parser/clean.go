package parser

import (
	"html"
	"regexp"
	"strings"
)

var (
	reLink     = regexp.MustCompile(`!?\[([^\]]*)\]\(([^)]*)\)`)
	reDocID    = regexp.MustCompile(`~~[0-9A-Za-z_#.-]+~~`)
	reListItem = regexp.MustCompile(`^(?:[-*+]|\d+[.)])\s+`)
)

// unescape removes Markdown backslash escapes of ASCII punctuation.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~')
}

// stripInline removes inline Markdown: links keep their text, doc-id links
// vanish, emphasis markers and code backticks go, escapes are undone.
func stripInline(s string) string {
	s = reLink.ReplaceAllStringFunc(s, func(m string) string {
		sub := reLink.FindStringSubmatch(m)
		text := sub[1]
		if text == "" && strings.HasPrefix(sub[2], "~~") {
			return ""
		}
		return text
	})
	s = reDocID.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "`", "")
	s = unescape(s)
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return s
}

// isSpace reports the white space that pages use, EM and ideographic spaces included.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u2002', '\u2003', '\u3000', '\u200b', '\ufeff':
		return true
	}
	return false
}

// cleanInline is a cell reduced to one line of plain text.
func cleanInline(s string) string {
	s = stripInline(s)
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// cleanBlock is a cell or paragraph reduced to plain text lines: fences and
// blank lines dropped, list items kept as "- " lines.
func cleanBlock(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimFunc(l, isSpace)
		if t == "" || isFence(t) {
			continue
		}
		t = reListItem.ReplaceAllString(t, "- ")
		t = strings.Join(strings.FieldsFunc(stripInline(t), isSpace), " ")
		if t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}
