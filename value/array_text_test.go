package value

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// The expected outputs and errors are PostgreSQL 15's.

func TestAppendArray(t *testing.T) {
	text := func(b []byte, v any) ([]byte, error) { return append(b, FormatText(v)...), nil }
	for _, tc := range []struct {
		in   []any
		want string
	}{
		{[]any{"a", "b c", nil, "", "null", `q"\`, "t\tab"}, `{a,"b c",NULL,"","null","q\"\\","t	ab"}`},
		{[]any{[]any{int64(1), int64(2)}, []any{int64(3), nil}}, `{{1,2},{3,NULL}}`},
		{[]any{}, `{}`},
	} {
		got, err := AppendArray(nil, tc.in, true, text)
		if err != nil || string(got) != tc.want {
			t.Errorf("AppendArray(%v) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

// TestParseArray: array_in's answers and DETAILs in PostgreSQL 15.
func TestParseArray(t *testing.T) {
	for _, tc := range []struct {
		in, want, detail string
		code             pgerr.Code
	}{
		{`{ a , "b" }`, `{a,b}`, "", ""},
		{`[1:2]={1,2}`, `{1,2}`, "", ""},
		{`{{1,2},{3,NULL}}`, `{{1,2},{3,NULL}}`, "", ""},
		{`{"a\"b",NULL,"NULL"}`, `{"a\"b",NULL,"NULL"}`, "", ""},
		{`{"a\\"b"}`, "", "Unexpected array element.", pgerr.InvalidTextRepresentation},
		{`{1,,2}`, "", `Unexpected "," character.`, pgerr.InvalidTextRepresentation},
		{`{,}`, "", `Unexpected "," character.`, pgerr.InvalidTextRepresentation},
		{`{"a"b}`, "", "Unexpected array element.", pgerr.InvalidTextRepresentation},
		{`{a`, "", "Unexpected end of input.", pgerr.InvalidTextRepresentation},
		{`{a}x`, "", "Junk after closing right brace.", pgerr.InvalidTextRepresentation},
		{`{}}`, "", "Junk after closing right brace.", pgerr.InvalidTextRepresentation},
		{`a`, "", `Array value must start with "{" or dimension information.`, pgerr.InvalidTextRepresentation},
		{`{{1},{2,3}}`, "", "Multidimensional arrays must have sub-arrays with matching dimensions.", pgerr.InvalidTextRepresentation},
		{`{a{b}`, "", `Unexpected "{" character.`, pgerr.InvalidTextRepresentation},
		{`{{{{{{{1}}}}}}}`, "", "", pgerr.ProgramLimitExceeded},
	} {
		v, err := ParseArray(tc.in, func(s string) (any, error) { return s, nil })
		if tc.code != "" {
			pe := pgerr.From(err)
			if pe.Code != tc.code || pe.Detail != tc.detail {
				t.Errorf("ParseArray(%q) = %v (%s), want %s %q", tc.in, err, pe.Detail, tc.code, tc.detail)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseArray(%q): %v", tc.in, err)
			continue
		}
		if got := FormatText(v); got != tc.want {
			t.Errorf("ParseArray(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
