// Package naming turns wire names into Go identifiers. Wire names never
// change; Go names are exported, valid and unique within their scope.
package naming

import (
	"fmt"
	"go/token"
	"strings"
	"unicode"
)

// Exported returns an exported Go identifier for a wire name: separators
// dropped with the next letter upper-cased, a leading digit prefixed with N,
// characters Go does not allow in identifiers spelled as Uxxxx.
func Exported(wire string) string {
	var b strings.Builder
	up := true
	for _, r := range wire {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if b.Len() == 0 && unicode.IsDigit(r) {
				b.WriteByte('N')
			}
			if up {
				r = unicode.ToUpper(r)
				up = false
			}
			b.WriteRune(r)
		case r == '_' || r == '-' || r == '.' || r == ' ' || r == '/' || r == ':' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			up = true
		default:
			if b.Len() == 0 {
				b.WriteByte('X')
			}
			fmt.Fprintf(&b, "U%04X", r)
			up = true
		}
	}
	s := b.String()
	if s == "" {
		s = "Field"
	}
	if !token.IsIdentifier(s) || !token.IsExported(s) {
		s = "X" + s
	}
	return s
}

// Unique hands out names in one scope, suffixing 2, 3, … on a clash.
type Unique struct{ used map[string]bool }

// Reserve marks names as taken.
func (u *Unique) Reserve(names ...string) {
	if u.used == nil {
		u.used = map[string]bool{}
	}
	for _, n := range names {
		u.used[n] = true
	}
}

// Name returns want, or want2, want3, … if taken, and marks it taken.
func (u *Unique) Name(want string) string {
	if u.used == nil {
		u.used = map[string]bool{}
	}
	name := want
	for i := 2; u.used[name]; i++ {
		name = fmt.Sprintf("%s%d", want, i)
	}
	u.used[name] = true
	return name
}

// PackageName makes a Go package name from a product or directory name.
func PackageName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if n == "" || token.IsKeyword(n) {
		n = "api" + n
	}
	return n
}

// FileName is the snake_case file stem for an Action. A stem the go tool
// would read as a build constraint (…_windows, …_amd64, …_linux_test) or
// that a package-level file uses (doc) gets an "_api" suffix.
func FileName(action string) string {
	var b strings.Builder
	rs := []rune(action)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	stem := b.String()
	parts := strings.Split(stem, "_")
	if n := len(parts); n > 0 && parts[n-1] == "test" {
		parts = parts[:n-1]
	}
	last := ""
	if n := len(parts); n > 1 {
		last = parts[n-1]
	}
	if knownOSArch[last] || stem == "doc" || stem == "" {
		stem += "_api"
	}
	return stem
}

// knownOSArch are the GOOS and GOARCH values the go tool recognises in file
// names (go/build's lists, including ones it reserves).
var knownOSArch = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos
		386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm`) {
		knownOSArch[w] = true
	}
}

// XMLName reports whether a wire name can be an XML element name that
// encoding/xml reads back (no namespace colon).
func XMLName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return !strings.HasPrefix(strings.ToLower(s), "xml")
}
