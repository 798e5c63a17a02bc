package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestValueLimits: functions that would build a value past PostgreSQL's
// 1 GB limit fail with 54000 before allocating it (value.CheckStringBuffer
// and string_agg's Grow are tested beside their code).
func TestValueLimits(t *testing.T) {
	s := newTestSession(t)
	for _, tc := range []struct {
		sql  string
		code pgerr.Code
	}{
		{"SELECT length(repeat('y', 1073741824))", pgerr.ProgramLimitExceeded},
		{"SELECT length(repeat('ab', 600000000))", pgerr.ProgramLimitExceeded},
		{"SELECT length(lpad('y', 268435455))", pgerr.ProgramLimitExceeded},
		{"SELECT length(rpad('y', 300000000, 'ab'))", pgerr.ProgramLimitExceeded},
		{"SELECT length(lpad('y', 1000))", ""},
		{"SELECT length(repeat('ab', 1000))", ""},
	} {
		_, _, err := run(t, s, tc.sql)
		if got := pgerr.From(err); (tc.code == "" && err != nil) || (tc.code != "" && (got == nil || got.Code != tc.code)) {
			t.Errorf("%s: err = %v, want %q", tc.sql, err, tc.code)
		}
	}
}
