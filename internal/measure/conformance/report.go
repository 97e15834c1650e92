// Aggregating page results into the report's figures.

package conformance

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// report aggregates the page results.
func (r *runner) report(rep *Report) {
	byProduct := map[string]*Stats{}
	causes := map[string]*Cause{}
	for _, u := range r.units {
		for _, p := range u.pages {
			rep.Pages = append(rep.Pages, p.res)
		}
	}
	sort.Slice(rep.Pages, func(i, j int) bool { return rep.Pages[i].File < rep.Pages[j].File })
	rep.Total.Name = "Total"
	for _, p := range rep.Pages {
		if !p.TestsPassed && p.Cause == "" {
			p.Cause = "failed without a message"
		}
		s := byProduct[p.Product]
		if s == nil {
			s = &Stats{Name: p.Product}
			byProduct[p.Product] = s
		}
		s.add(p)
		rep.Total.add(p)
		if p.Cause != "" {
			key := NormaliseCause(p.Cause)
			c := causes[key]
			if c == nil {
				c = &Cause{Msg: key}
				causes[key] = c
			}
			c.Count++
			if len(c.Pages) < 3 {
				c.Pages = append(c.Pages, p.File)
			}
		}
	}
	for _, name := range sortedKeys(byProduct) {
		rep.Products = append(rep.Products, byProduct[name])
	}
	for _, c := range causes {
		rep.Causes = append(rep.Causes, *c)
	}
	sort.Slice(rep.Causes, func(i, j int) bool {
		if rep.Causes[i].Count != rep.Causes[j].Count {
			return rep.Causes[i].Count > rep.Causes[j].Count
		}
		return rep.Causes[i].Msg < rep.Causes[j].Msg
	})
	if len(rep.Causes) > 10 {
		rep.Causes = rep.Causes[:10]
	}
	var far []*PageResult
	for _, p := range rep.Pages {
		if p.HasTruth() && p.Distance() > 0 {
			far = append(far, p)
		}
	}
	sort.SliceStable(far, func(i, j int) bool { return far[i].Distance() > far[j].Distance() })
	if len(far) > 20 {
		far = far[:20]
	}
	rep.Furthest = far
	r.reportOfficial(rep)
}

var (
	causePos    = regexp.MustCompile(`(?:^|\s)(?:vet: )?[^\s:]*\.(?:go|md)(?::\d+)+:?\s*`)
	causeFile   = regexp.MustCompile(`^[^\s:]+\.go: `)
	causeQuoted = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|“[^”]*”|「[^」]*」|'[^'\\s]{1,60}'")
	causeNumber = regexp.MustCompile(`\b[0-9]+(?:\.[0-9]+)?\b`)
	causeTest   = regexp.MustCompile(`^Test[A-Za-z0-9_]*?(JSONExample|XMLExample|RequestExample|RoundTrip|Client): `)
	causeSpace  = regexp.MustCompile(`\s+`)
)

// NormaliseCause strips file positions, generated file names, test names,
// quoted values and numbers from a failure message so that the same
// failure on different pages groups together.
func NormaliseCause(msg string) string {
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	msg = causeTest.ReplaceAllString(msg, "Test…$1: ")
	msg = causeFile.ReplaceAllString(msg, "")
	msg = causePos.ReplaceAllString(msg, " ")
	msg = causeQuoted.ReplaceAllStringFunc(msg, func(q string) string {
		r := []rune(q)
		return string(r[0]) + "…" + string(r[len(r)-1])
	})
	msg = causeNumber.ReplaceAllString(msg, "N")
	msg = causeSpace.ReplaceAllString(strings.TrimSpace(msg), " ")
	if len(msg) > 160 {
		msg = msg[:157] + "..."
		for !utf8Valid(msg) {
			msg = msg[:len(msg)-4] + "..."
		}
	}
	return msg
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(n)/float64(d), 'f', 1, 64) + "%"
}
