package value

import (
	"testing"

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
