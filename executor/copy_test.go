package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/stmt"
)

// TestCopyOutLine checks the text and CSV line formats against what
// PostgreSQL 15 writes for the same values (integration/copy_test.go
// compares whole COPY outputs with a real server).
func TestCopyOutLine(t *testing.T) {
	text := &CopyOut{stmt.CopyFormat{Delimiter: '\t', Null: `\N`}}
	csv := &CopyOut{stmt.CopyFormat{CSV: true, Delimiter: ',', Null: "", Quote: '"', Escape: '"', ForceQuote: []bool{false, false, false}}}
	for _, tc := range []struct {
		c      *CopyOut
		fields []string // "<NULL>" for NULL
		want   string
	}{
		{text, []string{"a", "<NULL>", ""}, "a\t\\N\t\n"},
		{text, []string{"tab\there", "new\nline", `back\slash`}, `tab\there` + "\t" + `new\nline` + "\t" + `back\\slash` + "\n"},
		{&CopyOut{stmt.CopyFormat{Delimiter: '|', Null: "nil"}}, []string{"a|b", "<NULL>"}, `a\|b|nil` + "\n"},
		{csv, []string{"x,y", `"q"`, ""}, `"x,y","""q""",""` + "\n"},
		{csv, []string{"plain", "<NULL>", "cr\rlf"}, "plain,,\"cr\rlf\"\n"},
		{&CopyOut{stmt.CopyFormat{CSV: true, Delimiter: ',', Quote: '"', Escape: '"', ForceQuote: []bool{false}}}, []string{`\.`}, `"\."` + "\n"},
		{&CopyOut{stmt.CopyFormat{CSV: true, Delimiter: ',', Null: "N", Quote: '\'', Escape: '\\', ForceQuote: []bool{true, false}}}, []string{`it's`, "N"}, `'it\'s','N'` + "\n"},
	} {
		fields := make([][]byte, len(tc.fields))
		for i, f := range tc.fields {
			if f != "<NULL>" {
				fields[i] = []byte(f)
			}
		}
		if got := string(tc.c.Line(nil, fields)); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.fields, got, tc.want)
		}
	}
}
