package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestUnsupportedFeatures keeps docs/sql.md's "not supported yet" list
// true: each form fails with the SQLSTATE the page gives, and the
// known differences from PostgreSQL 15 behave as described there.
func TestUnsupportedFeatures(t *testing.T) {
	for _, sql := range []string{
		"SELECT ARRAY[[1, 2], [3, 4]]",
		"SELECT '{{1},{2}}'::int[]",
		"SELECT sum(x) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM generate_series(1, 3) x",
		"SELECT sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM generate_series(1, 3) x",
		"SELECT sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM generate_series(1, 3) x",
		"SELECT * FROM ((VALUES (1)) a(x) JOIN (VALUES (1)) b(x) USING (x)) AS j",
		"SELECT x, GROUPING(x) FROM generate_series(1, 2) x GROUP BY ROLLUP (x)",
		"SELECT 'infinity'::timestamptz",
		"COPY vpn_connections FROM STDIN",
		"COPY (SELECT 1) TO STDOUT (FORMAT binary)",
		"CREATE TABLE t (a int)",
		"SELECT '(1,2)'::point", // a built-in type pg_type lists but the engine lacks
		"SELECT CAST(NULL AS pg_catalog.tsvector)",
	} {
		s := newTestSession(t)
		_, _, err := run(t, s, sql)
		if got := pgerr.From(err).Code; err == nil || got != pgerr.FeatureNotSupported {
			t.Errorf("%s: err = %v, want SQLSTATE 0A000", sql, err)
		}
	}
	// PREPARE and EXECUTE reach the executor only through the extended
	// protocol (the server runs them in a simple Query): the hint points
	// to the protocol's own prepared statements.
	for _, sql := range []string{"PREPARE p(text) AS SELECT $1", "EXECUTE p('x')"} {
		_, _, err := run(t, newTestSession(t), sql)
		if pe := pgerr.From(err); err == nil || pe.Code != pgerr.FeatureNotSupported || !strings.Contains(pe.Hint, "extended protocol") {
			t.Errorf("%s: err = %v (hint %q), want 0A000 with a hint", sql, err, pgerr.From(err).Hint)
		}
	}
	// A type PostgreSQL does not have either does not exist.
	if _, _, err := run(t, newTestSession(t), "SELECT 1::nosuchtype"); pgerr.From(err).Code != pgerr.UndefinedObject {
		t.Errorf("unknown type: err = %v, want 42704", err)
	}
	// The parser is PostgreSQL 17's: newer literal forms are accepted.
	s := newTestSession(t)
	if _, rows, err := run(t, s, "SELECT 0x1F, 1_000"); err != nil || rows[0][0] != "31" || rows[0][1] != "1000" {
		t.Errorf("SELECT 0x1F, 1_000 = %v, %v", rows, err)
	}
}
