package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// generate_series has no row cap of its own: an aggregate over it streams
// in constant memory, and a statement that keeps its rows meets the
// statement's row account (54000), never a silently short series.
func TestGenerateSeries_Streams(t *testing.T) {
	// With a memory account of 8MB, a statement that held the 400,000
	// input rows (about 16MB) would fail: this one holds none.
	s := newTestSession(t)
	if _, _, err := run(t, s, "SET vpnsql.statement_mem = '8MB'"); err != nil {
		t.Fatal(err)
	}
	_, rows, err := run(t, s, "SELECT count(*), min(x), max(x), count(*) FILTER (WHERE x % 2 = 0), bool_and(x > 0) FROM generate_series(1, 400000) x WHERE x <> 5")
	if err != nil {
		t.Fatal(err, pgerr.From(err).Detail)
	}
	if got := rows[0]; got[0] != "399999" || got[1] != "1" || got[2] != "400000" || got[3] != "200000" || got[4] != "t" {
		t.Fatalf("got %v", got)
	}
	for _, tc := range []struct{ sql, want string }{
		{"SELECT count(*) FROM generate_series(1, 0)", "0"},
		{"SELECT sum(x), sum(x::bigint), sum(x * 0.5) FROM generate_series(1, 200000) x", "20000100000"},
		{"SELECT sum(x) FROM generate_series(1, 0) x", "NULL"},
		{"SELECT max(x) FROM generate_series(1, 0) x", "NULL"},
		{"SELECT count(*) FROM generate_series(10, 1, -3)", "4"},
		{"SELECT count(*) FROM generate_series('2024-01-01'::timestamp, '2024-01-02', '1 hour')", "25"},
		{"SELECT max(o) FROM generate_series(5, 9) WITH ORDINALITY AS g(x, o)", "5"},
	} {
		_, rows, err := run(t, s, tc.sql)
		if err != nil || rows[0][0] != tc.want {
			t.Errorf("%s = %v, %v; want %s", tc.sql, rows, err, tc.want)
		}
	}
}

func TestGenerateSeries_RowAccount(t *testing.T) {
	s := newTestSession(t)
	_, _, err := run(t, s, "SET vpnsql.statement_mem = '2MB'; SELECT x FROM generate_series(1, 200000) x ORDER BY x DESC LIMIT 1")
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.OutOfMemory {
		t.Fatalf("err = %v, want 53200", err)
	}
}
