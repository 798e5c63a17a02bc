package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestFetchWithTies: FETCH FIRST n ROWS WITH TIES keeps the rows that sort
// equal to the n-th (expected values and errors are PostgreSQL 15's).
func TestFetchWithTies(t *testing.T) {
	tests := []struct {
		sql, want string
		code      pgerr.Code
	}{
		{sql: "SELECT x / 2 FROM generate_series(1, 6) x ORDER BY 1 FETCH FIRST 2 ROWS WITH TIES", want: "0 1 1"},
		{sql: "SELECT x / 2 FROM generate_series(1, 6) x ORDER BY 1 OFFSET 1 FETCH FIRST 2 ROWS WITH TIES", want: "1 1"},
		{sql: "SELECT x / 2 FROM generate_series(1, 6) x ORDER BY 1 FETCH FIRST 0 ROWS WITH TIES", want: ""},
		{sql: "SELECT x / 2 FROM generate_series(1, 6) x ORDER BY 1 FETCH FIRST 9 ROWS WITH TIES", want: "0 1 1 2 2 3"},
		{sql: "SELECT 2 UNION ALL SELECT 1 UNION ALL SELECT 1 ORDER BY 1 FETCH FIRST 1 ROW WITH TIES", want: "1 1"},
		{sql: "SELECT x FROM generate_series(1, 3) x FETCH FIRST 1 ROWS WITH TIES", code: pgerr.SyntaxError},
		{sql: "SELECT x FROM generate_series(1, 3) x ORDER BY x FETCH FIRST NULL ROWS WITH TIES", code: pgerr.InvalidRowCountInLimitClause},
	}
	for _, tt := range tests {
		_, rows, err := run(t, newTestSession(t), tt.sql)
		if tt.code != "" {
			if pgerr.From(err).Code != tt.code {
				t.Errorf("%s: err = %v, want %s", tt.sql, err, tt.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.sql, err)
			continue
		}
		var got []string
		for _, r := range rows {
			got = append(got, r[0])
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.sql, g, tt.want)
		}
	}
}
