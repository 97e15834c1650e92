package lenient

import (
	"strings"
	"testing"
)

func TestInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		bits int
		want int64
		ok   bool
	}{
		{"200", 32, 200, true},
		{"-17", 32, -17, true},
		{" 42 ", 64, 42, true},
		{"", 32, 0, true},
		{"  ", 64, 0, true},
		{"1.0", 32, 1, true},
		{"1e3", 64, 1000, true},
		{"1585214916000", 64, 1585214916000, true},
		{"1585214916000", 32, 0, false}, // out of range, also by the float route
		{"3e9", 32, 0, false},
		{"2147483647", 32, 2147483647, true},
		{"-2147483648", 32, -2147483648, true},
		{"2147483648", 32, 0, false},
		{"9223372036854775807", 64, 9223372036854775807, true},
		{"1.5", 64, 0, false},
		{"-", 32, 0, false},
		{"abc", 64, 0, false},
		{"12%", 32, 0, false},
	} {
		got, err := Int(c.in, c.bits)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("Int(%q, %d) = %d, %v; want %d, ok=%v", c.in, c.bits, got, err, c.want, c.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "is not an integer") {
			t.Errorf("Int(%q): error %q", c.in, err)
		}
	}
}

func TestFloat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.5", 0.5, true},
		{"-12.25", -12.25, true},
		{"12.5%", 12.5, true},
		{" 3 ", 3, true},
		{"", 0, true},
		{"1e-3", 0.001, true},
		{"0.1234567890123456789", 0.1234567890123456789, true}, // past the fast path
		{"1.2.3", 0, false},
		{"x", 0, false},
	} {
		got, err := Float(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("Float(%q) = %v, %v; want %v, ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{
		"true": true, "True": true, " TRUE ": true, "1": true, "yes": true, "Y": true,
		"false": false, "FALSE": false, "0": false, "no": false, "n": false, "": false, " ": false,
	} {
		if got, err := Bool(in); err != nil || got != want {
			t.Errorf("Bool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"t", "2", "enabled", "truee"} {
		if _, err := Bool(in); err == nil || !strings.Contains(err.Error(), "is not a boolean") {
			t.Errorf("Bool(%q): error %v", in, err)
		}
	}
}

// fastFloat agrees with strconv wherever it answers.
func TestFastFloat(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "0.5", "123456789012345", "1234567.89012345", "-0.00000000001", "99.99"} {
		f, ok := fastFloat(s)
		g, err := Float(s + " ") // the space forces the strconv route
		if !ok || err != nil || f != g {
			t.Errorf("fastFloat(%q) = %v, %v; strconv %v, %v", s, f, ok, g, err)
		}
	}
	for _, s := range []string{"1.", ".", "1e3", "1234567890123456", "--1", "1.2.3"} {
		if _, ok := fastFloat(s); ok {
			t.Errorf("fastFloat(%q) answered", s)
		}
	}
}
