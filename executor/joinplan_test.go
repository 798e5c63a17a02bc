package executor

import (
	"strings"
	"testing"
)

// TestJoinConditionsInWhere: a comma join whose conditions are in WHERE is
// joined on them, not built as a cross product first (which for these
// sizes would pass the intermediate-row limit), and answers as before.
func TestJoinConditionsInWhere(t *testing.T) {
	s := newTestSession(t)
	_, rows, err := run(t, s, `SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b, generate_series(1, 3000) c
		WHERE a = b AND b = c AND a % 2 = 0`)
	if err != nil || len(rows) != 1 || rows[0][0] != "1500" {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	_, rows, err = run(t, s, `SELECT a, b FROM generate_series(1, 5) a LEFT JOIN generate_series(3, 8) b ON a = b WHERE a > 1 AND b IS NULL ORDER BY 1`)
	if err != nil || len(rows) != 1 || strings.Join(rows[0], ",") != "2,NULL" {
		t.Fatalf("outer join: rows %v, err %v", rows, err)
	}
	_, rows, err = run(t, s, `EXPLAIN SELECT 1 FROM generate_series(1, 3) a JOIN generate_series(1, 3) b ON a = b`)
	if err != nil || !strings.Contains(rows[0][0], "Hash Join") {
		t.Fatalf("EXPLAIN: %v %v", rows, err)
	}
}
