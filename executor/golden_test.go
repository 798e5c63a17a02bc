package executor

import (
	"os"
	"strings"
	"testing"
)

// TestQueriesMatchPostgres runs testdata/queries.sql and compares the
// output, formatted as `psql -X -A -F '|' -t` prints it, with
// testdata/queries.expected, which is that psql command's output (with
// PGTZ=UTC) against
// a real PostgreSQL 15 (regenerate it there, never by hand).
func TestQueriesMatchPostgres(t *testing.T) {
	src, err := os.ReadFile("testdata/queries.sql")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/queries.expected")
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, q := range strings.Split(strings.TrimSpace(string(src)), ";\n") {
		s := newTestSession(t)
		_, rows, err := run(t, s, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		for _, r := range rows {
			for i, v := range r {
				if v == "NULL" {
					r[i] = ""
				}
			}
			got.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	if os.Getenv("VPNSQL_WRITE_GOT") != "" {
		os.WriteFile("testdata/queries.got", []byte(got.String()), 0o644)
	}
	if got.String() != string(want) {
		t.Errorf("output differs from PostgreSQL's\n--- got\n%s--- want\n%s", got.String(), want)
	}
}
