// Package lenient holds the one set of rules by which cccgen reads a
// scalar that the service (or a page's example) may spell loosely: numbers
// and booleans quoted or not, blank for zero, a percent sign after a
// number, booleans as 0/1 or yes/no. The runtime's decoders (acsrt), the
// generated tests' comparison (acsrt/acstest) and the resolver's check of
// an example against a field's kind (internal/resolve) all use it, so the
// three cannot drift apart.
package lenient

import (
	"fmt"
	"strconv"
	"strings"
)

// Int reads s as an integer of the given size (32 or 64): surrounding
// space is ignored, blank is 0, and a float with an integral value in range
// (1.0, 1e3) is accepted, as services write some integers that way.
func Int(s string, bits int) (int64, error) {
	if v, ok := plainInt(s, bits); ok {
		return v, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(t, 10, bits)
	if err == nil {
		return v, nil
	}
	f, ferr := strconv.ParseFloat(t, 64)
	if ferr != nil || f != float64(int64(f)) || bits == 32 && int64(int32(f)) != int64(f) {
		return 0, fmt.Errorf("%q is not an integer", t)
	}
	return int64(f), nil
}

// plainInt reads [-]digits (at most 18, so no overflow) of the size, with
// no allocation; ok is false for anything else.
func plainInt(s string, bits int) (int64, bool) {
	n := len(s)
	if n == 0 || n > 18 {
		return 0, false
	}
	j := 0
	if s[0] == '-' {
		j = 1
	}
	if j == n {
		return 0, false
	}
	var v int64
	for ; j < n; j++ {
		c := s[j] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + int64(c)
	}
	if s[0] == '-' {
		v = -v
	}
	if bits != 64 && int64(int32(v)) != v {
		return 0, false
	}
	return v, true
}

// Float reads s as a float64: surrounding space is ignored, blank is 0, a
// trailing percent sign is dropped ("12.5%" is 12.5).
func Float(s string) (float64, error) {
	if f, ok := fastFloat(s); ok {
		return f, nil
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", t)
	}
	return f, nil
}

// Bool reads s as a boolean: true/false, 1/0, yes/no, y/n in any case,
// surrounding space ignored; blank is false.
func Bool(s string) (bool, error) {
	switch s { // the usual spellings first, without allocating
	case "true", "1":
		return true, nil
	case "false", "0", "":
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "y":
		return true, nil
	case "false", "0", "no", "n", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean", s)
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastFloat parses [-]digits[.digits] with at most 15 significant digits
// exactly (the mantissa and the power of ten are exact float64s, so one
// division rounds correctly, as strconv would); anything else is left to
// strconv.
func fastFloat(s string) (float64, bool) {
	n := len(s)
	if n == 0 || n > 16 {
		return 0, false
	}
	j := 0
	neg := s[0] == '-'
	if neg {
		j = 1
	}
	var m uint64
	digits, frac := 0, -1
	for ; j < n; j++ {
		c := s[j]
		if c == '.' {
			if frac >= 0 {
				return 0, false
			}
			frac = 0
			continue
		}
		c -= '0'
		if c > 9 {
			return 0, false
		}
		m = m*10 + uint64(c)
		digits++
		if frac >= 0 {
			frac++
		}
	}
	if digits == 0 || digits > 15 || frac == 0 {
		return 0, false
	}
	f := float64(m)
	if frac > 0 {
		f /= pow10[frac]
	}
	if neg {
		f = -f
	}
	return f, true
}
