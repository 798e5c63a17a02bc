package executor

import (
	"fmt"
	"sort"
	"testing"
)

// A window computed over a CTE's rows must not change what the CTE's
// other readers see (the rows are cached and shared).
func TestWindowOverCTEKeepsItsRows(t *testing.T) {
	s := newTestSession(t)
	_, rows, err := run(t, s, `WITH c AS (SELECT x FROM generate_series(1, 3) x)
		SELECT (SELECT sum(rn) FROM (SELECT row_number() OVER () AS rn FROM c) s), c.x, d.y
		FROM c, (VALUES (10)) d(y)`)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(rows))
	for i, r := range rows {
		got[i] = fmt.Sprint(r)
	}
	sort.Strings(got)
	if got, want := fmt.Sprint(got), "[[6 1 10] [6 2 10] [6 3 10]]"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
