package server

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestPrepareExecuteSQL runs SQL-level PREPARE and EXECUTE in simple
// Queries, one session, in order; the messages and codes are PostgreSQL
// 15's for the same statements.
func TestPrepareExecuteSQL(t *testing.T) {
	pc := startServer(t, Config{}).connect(t, "")
	ctx := context.Background()
	for _, tt := range []struct {
		sql, tag string
		rows     [][]string
		code     pgerr.Code
		msg      string
	}{
		{sql: `PREPARE p(text, int) AS SELECT id, n + $2 FROM ec2.things WHERE id = $1`, tag: "PREPARE"},
		{sql: `EXECUTE p('vpn-2', 10)`, tag: "SELECT 1", rows: [][]string{{"vpn-2", "12"}}},
		{sql: `EXECUTE p('vpn-3', '1')`, tag: "SELECT 1", rows: [][]string{{"vpn-3", "4"}}}, // unknown, as an int
		{sql: `EXECUTE p('vpn-9', 1)`, tag: "SELECT 0"},
		{sql: `EXECUTE p('vpn-2')`, code: pgerr.SyntaxError, msg: `wrong number of parameters for prepared statement "p"`},
		{sql: `EXECUTE p('vpn-2', now())`, code: pgerr.DatatypeMismatch, msg: "parameter $2 of type timestamp with time zone cannot be coerced to the expected type integer"},
		{sql: `EXECUTE nosuch`, code: pgerr.InvalidSqlStatementName, msg: `prepared statement "nosuch" does not exist`},
		{sql: `PREPARE p AS SELECT 1`, code: pgerr.DuplicatePstatement, msg: `prepared statement "p" already exists`},
		{sql: `PREPARE r(nosuchtype) AS SELECT 1`, code: pgerr.UndefinedObject, msg: `type "nosuchtype" does not exist`},
		{sql: `PREPARE j(jsonb) AS SELECT $1->>'k'`, tag: "PREPARE"},
		{sql: `EXECUTE j('{"k": "v"}')`, tag: "SELECT 1", rows: [][]string{{"v"}}},
		{sql: `PREPARE u AS SELECT $1`, tag: "PREPARE"}, // an untyped parameter is text
		{sql: `EXECUTE u(42)`, tag: "SELECT 1", rows: [][]string{{"42"}}},
		{sql: `DEALLOCATE p`, tag: "DEALLOCATE"},
		{sql: `EXECUTE p('vpn-2', 1)`, code: pgerr.InvalidSqlStatementName, msg: `prepared statement "p" does not exist`},
	} {
		results, err := pc.Exec(ctx, tt.sql).ReadAll()
		if tt.code != "" {
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != string(tt.code) || pe.Message != tt.msg || pe.Position != 0 {
				t.Errorf("%s: err = %v, want %s %q without a position", tt.sql, err, tt.code, tt.msg)
			}
			continue
		}
		if err != nil || len(results) != 1 {
			t.Errorf("%s: %v", tt.sql, err)
			continue
		}
		r := results[0]
		if got := r.CommandTag.String(); got != tt.tag {
			t.Errorf("%s: tag %q, want %q", tt.sql, got, tt.tag)
		}
		var rows [][]string
		for _, row := range r.Rows {
			var vals []string
			for _, v := range row {
				vals = append(vals, string(v))
			}
			rows = append(rows, vals)
		}
		if !slices.EqualFunc(rows, tt.rows, slices.Equal[[]string]) {
			t.Errorf("%s: rows %v, want %v", tt.sql, rows, tt.rows)
		}
	}
}
