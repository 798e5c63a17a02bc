package bind_test

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/exec"
)

// TestBind_NamedWindows: window calls over named windows, OVER (w ...)
// copies and WINDOW w2 AS (w1 ...) definitions, with PostgreSQL 15's
// rules for what a copy may add and its errors (42P20, 42704).
func TestBind_NamedWindows(t *testing.T) {
	runBindCases(t, []bindCase{
		{sql: "SELECT sum(relpages) OVER w, rank() OVER w FROM pg_class WINDOW w AS (PARTITION BY relkind ORDER BY relpages)",
			want: "types: int8, int8"},
		{sql: "SELECT sum(relpages) OVER x FROM pg_class WINDOW w AS (PARTITION BY relkind)",
			want: `42704 window "x" does not exist @27`},
		{sql: "SELECT sum(relpages) OVER (w ORDER BY relname) FROM pg_class WINDOW w AS (PARTITION BY relkind ORDER BY relpages)",
			want: `42P20 cannot override ORDER BY clause of window "w" @27`},
		{sql: "SELECT sum(relpages) OVER (w ORDER BY relname) FROM pg_class WINDOW w AS (PARTITION BY relkind)",
			want: "types: int8"},
		{sql: "SELECT sum(relpages) OVER (w) FROM pg_class WINDOW w AS (ORDER BY relpages ROWS 1 PRECEDING)",
			want: `42P20 cannot copy window "w" because it has a frame clause HINT: Omit the parentheses in this OVER clause. @27`},
		{sql: "SELECT sum(relpages) OVER w FROM pg_class WINDOW w AS (ORDER BY relpages), w AS (ORDER BY relname)",
			want: `42P20 window "w" is already defined @81`},
		{sql: "SELECT lag(relname) OVER w, ntile(3) OVER w, percent_rank() OVER w FROM pg_class WINDOW w AS (ORDER BY oid)",
			want: "types: name, int4, float8"},
		{sql: "SELECT sum(relpages) OVER w2 FROM pg_class WINDOW w1 AS (PARTITION BY relkind), w2 AS (w1 ORDER BY relpages)",
			want: "types: int8"},
		{sql: "SELECT sum(relpages) OVER (w PARTITION BY relname) FROM pg_class WINDOW w AS (ORDER BY relpages)",
			want: `42P20 cannot override PARTITION BY clause of window "w" @27`},
		{sql: "SELECT sum(relpages) OVER w2 FROM pg_class WINDOW w2 AS (w1 ORDER BY relpages), w1 AS (PARTITION BY relkind)",
			want: `42704 window "w1" does not exist @57`},
		{sql: "SELECT sum(relpages) OVER (w ORDER BY relname) FROM pg_class WINDOW w AS (ROWS 1 PRECEDING)",
			want: `42P20 cannot copy window "w" because it has a frame clause @27`},
		{sql: "SELECT sum(relpages) OVER w FROM pg_class WINDOW w AS (ORDER BY relpages ROWS 1 PRECEDING)",
			want: "types: int8"},
		{sql: "SELECT 1 FROM pg_class WINDOW w AS (ORDER BY relpages), w2 AS (w ORDER BY relname)",
			want: `42P20 cannot override ORDER BY clause of window "w" @63`},
	})
}

// TestBind_NamedWindowChain: a window defined on another keeps the
// other's PARTITION BY: sum(x) OVER w2 ... WINDOW w1 AS (PARTITION BY p),
// w2 AS (w1 ORDER BY x) summed across partitions before (PostgreSQL
// gives 1, 3, 3 over (p, x) = (1, 1), (1, 2), (2, 3); vpnsql gave 1, 3, 6).
func TestBind_NamedWindowChain(t *testing.T) {
	s := newSession(t)
	q, _, err := bindSelect(t, s, "SELECT sum(x) OVER w2 FROM (VALUES (1, 1), (1, 2), (2, 3)) v(p, x) WINDOW w1 AS (PARTITION BY p), w2 AS (w1 ORDER BY x)")
	if err != nil {
		t.Fatal(err)
	}
	call := q.(*exec.SelectPlan).Windows.Calls[0]
	if len(call.Partition) != 1 || len(call.Order) != 1 {
		t.Errorf("window has %d PARTITION BY and %d ORDER BY expressions, want 1 and 1", len(call.Partition), len(call.Order))
	}
}
