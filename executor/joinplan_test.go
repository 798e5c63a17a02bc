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

// TestJoinOrder: a comma join written in an order that would cross two
// items before a third connects them is joined in an order that does not,
// and its columns keep their written order.
func TestJoinOrder(t *testing.T) {
	s := newTestSession(t)
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		// a and b share no condition; c connects them.
		{`SELECT a, b, c FROM generate_series(1, 3000) a, generate_series(1, 3000) b, generate_series(1, 3000) c
			WHERE a = c AND b = c AND c % 1000 = 0 ORDER BY 1`, []string{"1000,1000,1000", "2000,2000,2000", "3000,3000,3000"}},
		// The filtered item comes first; x has one column, y two.
		{`SELECT * FROM generate_series(1, 3000) x, (SELECT g, g * 2 FROM generate_series(1, 3000) g) y(p, q), generate_series(1, 3000) z
			WHERE z = 7 AND y.p = z AND x = y.q`, []string{"14,7,14,7"}},
		// Nothing connects b: the cross product stays (small here).
		{`SELECT count(*) FROM generate_series(1, 10) a, generate_series(1, 10) b, generate_series(1, 10) c WHERE a = c`, []string{"100"}},
	} {
		_, rows, err := run(t, s, tc.sql)
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, ","))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s:\n got %v\nwant %v", tc.sql, got, tc.want)
		}
	}
}

// TestJoinOuterAtChainBottom: pgJDBC's ResultSetMetaData shape (an outer
// join at the bottom of an inner-join chain, joined to a derived table on
// two columns, with a WHERE condition on the outer join's columns alone)
// once crashed placing conjuncts (index out of range [-1]).
func TestJoinOuterAtChainBottom(t *testing.T) {
	s := newTestSession(t)
	_, rows, err := run(t, s, `SELECT a, b, v.n FROM generate_series(1, 3) a
		JOIN generate_series(1, 3) c ON a = c
		LEFT JOIN generate_series(2, 3) b ON b = a
		JOIN (SELECT 2 AS k, 20 AS n UNION ALL SELECT 3, 30) v ON (v.k = a AND v.k = c)
		WHERE a IN (2, 3) ORDER BY 1`)
	if err != nil || len(rows) != 2 || strings.Join(rows[0], ",") != "2,2,20" || strings.Join(rows[1], ",") != "3,3,30" {
		t.Fatalf("rows %v, err %v", rows, err)
	}
}
