package executor

import (
	"context"
	"errors"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestPrepare_FoldsConstants checks that constant errors come from
// planning, before a RowDescription could be sent, as PostgreSQL's
// constant folding makes them, and that the parts PostgreSQL leaves
// unsimplified are not computed (bind/fold.go).
func TestPrepare_FoldsConstants(t *testing.T) {
	tests := []struct {
		sql      string
		prepErr  pgerr.Code // "" when planning succeeds
		want     string     // the single value, when it succeeds
		runError pgerr.Code // an error only when it runs
	}{
		{sql: "SELECT 1/0", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT 1.0/0", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT 2147483647 + 1", prepErr: pgerr.NumericValueOutOfRange},
		{sql: "SELECT sqrt(-1)", prepErr: pgerr.InvalidArgumentForPowerFunction},
		{sql: "SELECT 1 WHERE 1/0 = 1", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT (SELECT 1/0)", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT x FROM generate_series(1, 3) x WHERE x > 5 AND 1/0 = 1", prepErr: pgerr.DivisionByZero},
		// An arm PostgreSQL cannot drop is still simplified: this fails for any x.
		{sql: "SELECT CASE WHEN x > 5 THEN 1/0 ELSE 0 END FROM generate_series(1, 1) x", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT 1/0 = 1 AND false", prepErr: pgerr.DivisionByZero},
		{sql: "SELECT CASE WHEN false THEN 1/0 END", want: "NULL"},
		{sql: "SELECT CASE WHEN NULL THEN 1/0 ELSE 2 END", want: "2"},
		{sql: "SELECT CASE WHEN true THEN 1 ELSE 1/0 END", want: "1"},
		{sql: "SELECT CASE 1 WHEN 2 THEN 1/0 ELSE 3 END", want: "3"},
		{sql: "SELECT coalesce(1, 1/0)", want: "1"},
		{sql: "SELECT false AND 1/0 = 1", want: "f"},
		{sql: "SELECT true OR 1/0 = 1", want: "t"},
		// Volatile: computed per row, when it runs.
		{sql: "SELECT 1/(random() * 0)::int", runError: pgerr.DivisionByZero},
	}
	s := newTestSession(t)
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			stmts, err := s.Parse(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Prepare(context.Background(), stmts[0], nil)
			if tt.prepErr != "" {
				var pe *pgerr.Error
				if !errors.As(err, &pe) || pe.Code != tt.prepErr {
					t.Fatalf("Prepare: got %v, want %s", err, tt.prepErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Prepare: %v", err)
			}
			_ = p
			_, rows, err := run(t, s, tt.sql)
			if tt.runError != "" {
				var pe *pgerr.Error
				if !errors.As(err, &pe) || pe.Code != tt.runError {
					t.Fatalf("run: got %v, want %s", err, tt.runError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || len(rows[0]) != 1 || rows[0][0] != tt.want {
				t.Fatalf("got %v, want %s", rows, tt.want)
			}
		})
	}
}
