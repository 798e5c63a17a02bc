package value

import (
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/vpnsql/vpnsql/pgerr"
)

// TestCheckStringBuffer: string_agg's buffer fails where PostgreSQL 15's
// does, with its numbers for string_agg(repeat('y', 1000000), ',') over
// 2000 rows.
func TestCheckStringBuffer(t *testing.T) {
	err := CheckStringBuffer(1073001073, 1000000)
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "out of memory" ||
		pe.Detail != "Cannot enlarge string buffer containing 1073001073 bytes by 1000000 more bytes." {
		t.Fatalf("got %v", err)
	}
	if err := CheckStringBuffer(1072001072, 1000000); err != nil {
		t.Fatalf("one row earlier: %v", err)
	}
}

// TestNumericUnderflow: exp and power of results far below the smallest
// numeric are zero at once, with PostgreSQL 15's scales (measured there),
// not series to hundreds of millions of digits (the fuzzer's finding #0:
// 0.001 ^ 123456789.123456789 ran past statement_timeout).
func TestNumericUnderflow(t *testing.T) {
	num := func(s string) pgtype.Numeric {
		n, err := ParseNumeric(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		base, exp string // base "" for exp(exp)
		scale     int32
		zero      bool
	}{
		{"0.001", "123456789.123456789", 1000, true},
		{"0.5", "5000.5", 1000, true},
		{"0.5", "3000.5", 919, false},
		{"", "-7000.5", 1000, true},
		{"", "-5999.5", 1000, true},
	} {
		var r pgtype.Numeric
		var err error
		if tc.base == "" {
			r, err = NumericExp(num(tc.exp))
		} else {
			r, err = NumericPower(num(tc.base), num(tc.exp))
		}
		if err != nil || ScaleOf(r) != tc.scale || (r.Int.Sign() == 0) != tc.zero {
			t.Errorf("%s ^ %s: scale %d, zero %v, %v; want scale %d, zero %v", tc.base, tc.exp, ScaleOf(r), r.Int.Sign() == 0, err, tc.scale, tc.zero)
		}
	}
}
