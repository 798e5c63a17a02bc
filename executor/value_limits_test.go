package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

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
	// string_agg's buffer: PostgreSQL 15's numbers for
	// string_agg(repeat('y', 1000000), ',') over 2000 rows.
	err := value.CheckStringBuffer(1073001073, 1000000)
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "out of memory" ||
		pe.Detail != "Cannot enlarge string buffer containing 1073001073 bytes by 1000000 more bytes." {
		t.Fatalf("got %v", err)
	}
	if err := value.CheckStringBuffer(1072001072, 1000000); err != nil {
		t.Fatalf("one row earlier: %v", err)
	}
	agg := funcs.Library().Aggregates["string_agg"]
	size := 0
	for i := 0; i < 3; i++ {
		if err := agg.Grow(&size, []any{"abc", ","}); err != nil {
			t.Fatal(err)
		}
	}
	if size != 12 {
		t.Fatalf("size %d", size)
	}
}
