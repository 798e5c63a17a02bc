package executor

import (
	"strings"
	"testing"
)

// TestRowsFrom_Lockstep: ROWS FROM and several set-returning calls of
// GROUP BY run their functions in lockstep, the shorter ones NULL past
// their end (expected values are PostgreSQL 15's).
func TestRowsFrom_Lockstep(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b']))", "generate_series,unnest: 1|a 2|b 3|NULL"},
		{"SELECT * FROM ROWS FROM (generate_series(1, 2), generate_series(5, 5)) WITH ORDINALITY AS t(a, b, n)", "a,b,n: 1|5|1 2|NULL|2"},
		{"SELECT * FROM ROWS FROM (generate_series(1, 2)) AS t", "t: 1 2"},
		{"SELECT jsonb_array_elements_text('[1,2,3]') AS k, generate_series(1, 2) AS g, count(*) FROM (VALUES (1), (2)) v(x) GROUP BY 1, 2 ORDER BY 1, 2",
			"k,g,count: 1|1|2 2|2|2 3|NULL|2"},
		{"SELECT count(*) FROM (VALUES (1)) v(x) GROUP BY generate_series(1, 2), generate_series(1, 2)", "count: 1 1"},
	}
	for _, tt := range tests {
		names, rows, err := run(t, newTestSession(t), tt.sql)
		if err != nil {
			t.Errorf("%s: %v", tt.sql, err)
			continue
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, "|"))
		}
		if g := strings.Join(names, ",") + ": " + strings.Join(got, " "); g != tt.want {
			t.Errorf("%s\n got  %s\n want %s", tt.sql, g, tt.want)
		}
	}
}
