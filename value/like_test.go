package value

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestLikeMatch(t *testing.T) {
	tests := []struct {
		text, pattern string
		esc           rune
		want          bool
		errCode       pgerr.Code
	}{
		{"hello", "h%", '\\', true, ""},
		{"hello", "h_llo", '\\', true, ""},
		{"h%", `h\%`, '\\', true, ""},
		{"hx", `h\%`, '\\', false, ""},
		{"", "%", '\\', true, ""},
		{"x", "", '\\', false, ""},
		{"A_B", "A#_B", '#', true, ""},
		{"A%B", "A%B", 0, true, ""},
		// The escape is only examined when matching reaches it.
		{"a", `a\`, '\\', false, ""},
		{"ab", `a\`, '\\', false, pgerr.InvalidEscapeSequence},
	}
	for _, tc := range tests {
		r, err := LikeMatch([]rune(tc.text), []rune(tc.pattern), tc.esc)
		if tc.errCode != "" {
			if pgerr.From(err).Code != tc.errCode {
				t.Errorf("%q LIKE %q: err = %v, want %s", tc.text, tc.pattern, err, tc.errCode)
			}
			continue
		}
		if err != nil || (r == LikeTrue) != tc.want {
			t.Errorf("%q LIKE %q = %v, %v; want %v", tc.text, tc.pattern, r, err, tc.want)
		}
	}
}
