package executor

import (
	"context"
	"errors"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func newTestSession(t *testing.T) *Session {
	t.Helper()
	eng := &Engine{Catalog: catalog.New()}
	s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// run executes every statement of a query string and returns the last
// statement's rows as text.
func run(t *testing.T, s *Session, sql string, params ...any) ([]string, [][]string, error) {
	t.Helper()
	stmts, err := s.Parse(sql)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var rows [][]string
	for _, st := range stmts {
		p, err := s.Prepare(context.Background(), st, nil)
		if err != nil {
			return nil, nil, err
		}
		c, err := s.Execute(context.Background(), p, params)
		if err != nil {
			return nil, nil, err
		}
		names, rows = nil, nil
		var types []*value.Type
		for _, col := range c.Columns() {
			names = append(names, col.Name)
			types = append(types, value.TypeByOID(col.TypeOID))
		}
		for {
			r, err := c.Next(context.Background())
			if err != nil {
				c.Close()
				return nil, nil, err
			}
			if r == nil {
				c.Close()
				break
			}
			var out []string
			for i, v := range r {
				switch v {
				case nil:
					out = append(out, "NULL")
				case true:
					out = append(out, "t")
				case false:
					out = append(out, "f")
				default:
					out = append(out, value.FormatTyped(v, types[i]))
				}
			}
			rows = append(rows, out)
		}
	}
	return names, rows, nil
}

func TestSelectWithoutFrom(t *testing.T) {
	tests := []struct {
		sql   string
		names []string
		row   []string
	}{
		{"SELECT 1", []string{"?column?"}, []string{"1"}},
		{"SELECT 1 + 2 AS three, 'x' || 'y'", []string{"three", "?column?"}, []string{"3", "xy"}},
		{"SELECT 'abc' LIKE 'a%', 'abc' ILIKE 'A_C', 'x' NOT LIKE 'y'", []string{"?column?", "?column?", "?column?"}, []string{"t", "t", "t"}},
		{"SELECT NULL IS NULL, 1 IN (2, 3), 2 IN (1, NULL)", []string{"?column?", "?column?", "?column?"}, []string{"t", "f", "NULL"}},
		{"SELECT NOT (1 = 1) OR NULL", []string{"?column?"}, []string{"NULL"}},
		{"SELECT count(*)", []string{"count"}, []string{"1"}},
		{"SELECT '{\"a\": {\"b\": 2}}'::jsonb -> 'a' ->> 'b'", []string{"?column?"}, []string{"2"}},
		{"SELECT current_database(), current_schema, current_user", []string{"current_database", "current_schema", "current_user"}, []string{"aws", "ec2", "alice"}},
		{"SELECT 7 / 2, 7.0 / 2 > 3, -5 % 3", []string{"?column?", "?column?", "?column?"}, []string{"3", "t", "-2"}},
		{"SELECT coalesce(NULL, 'b'), nullif(1, 1)", []string{"coalesce", "nullif"}, []string{"b", "NULL"}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			names, rows, err := run(t, newTestSession(t), tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 {
				t.Fatalf("rows = %v", rows)
			}
			if len(names) != len(tt.names) || len(rows[0]) != len(tt.row) {
				t.Fatalf("got %v %v", names, rows)
			}
			for i := range names {
				if names[i] != tt.names[i] || rows[0][i] != tt.row[i] {
					t.Errorf("column %d: got %s=%s, want %s=%s", i, names[i], rows[0][i], tt.names[i], tt.row[i])
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		sql  string
		code pgerr.Code
		msg  string
		pos  int32
	}{
		{"SELECT * FROM nope", pgerr.UndefinedTable, `relation "nope" does not exist`, 15},
		{"SELECT 1 +", pgerr.SyntaxError, `syntax error at end of input`, 11},
		{"SELECT 2147483647 + 1", pgerr.NumericValueOutOfRange, "integer out of range", 0},
		{"SELECT 1 / 0", pgerr.DivisionByZero, "division by zero", 0},
		{"SELECT 'x'::int", pgerr.InvalidTextRepresentation, `invalid input syntax for type integer: "x"`, 8},
		{"SELECT nofunc(1)", pgerr.UndefinedFunction, "function nofunc(integer) does not exist", 8},
		{"SELECT 1 = 'a'::text", pgerr.UndefinedFunction, "operator does not exist: integer = text", 10},
		{"SET nosuch = 1", pgerr.UndefinedObject, `unrecognized configuration parameter "nosuch"`, 0},
		{"SHOW nosuch", pgerr.UndefinedObject, `unrecognized configuration parameter "nosuch"`, 0},
		{"SET client_encoding = 'LATIN1'", pgerr.InvalidParameterValue, `invalid value for parameter "client_encoding": "LATIN1"`, 0},
		{"SELECT stat FROM (SELECT 1 AS state) t", pgerr.UndefinedColumn, `column "stat" does not exist`, 8},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			_, _, err := run(t, newTestSession(t), tt.sql)
			var pe *pgerr.Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if pe.Code != tt.code || pe.Message != tt.msg || pe.Position != tt.pos {
				t.Errorf("got %s %q at %d, want %s %q at %d", pe.Code, pe.Message, pe.Position, tt.code, tt.msg, tt.pos)
			}
		})
	}
}

func TestTransactionsAndSettings(t *testing.T) {
	s := newTestSession(t)
	if _, _, err := run(t, s, "BEGIN; SET LOCAL search_path = public"); err != nil {
		t.Fatal(err)
	}
	if s.TxStatus() != TxActive || s.Setting("search_path") != "public" {
		t.Fatalf("status %c path %q", s.TxStatus(), s.Setting("search_path"))
	}
	s.Failed()
	if _, _, err := run(t, s, "SELECT 1"); err == nil || pgerr.From(err).Code != pgerr.InFailedSqlTransaction {
		t.Fatalf("in failed tx: %v", err)
	}
	if _, _, err := run(t, s, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if s.TxStatus() != TxIdle || s.Setting("search_path") != "ec2, public" {
		t.Fatalf("after rollback: status %c path %q", s.TxStatus(), s.Setting("search_path"))
	}
	if _, _, err := run(t, s, "SET DateStyle = 'ISO, DMY'"); err != nil {
		t.Fatal(err)
	}
	if got := s.ChangedParameters()["DateStyle"]; got != "ISO, DMY" {
		t.Errorf("changed DateStyle = %q", got)
	}
	names, rows, err := run(t, s, "SHOW datestyle")
	if err != nil || names[0] != "DateStyle" || rows[0][0] != "ISO, DMY" {
		t.Errorf("SHOW: %v %v %v", names, rows, err)
	}
}

// TestSelectNoColumns: a select list may be empty (SELECT, SELECT FROM t,
// SELECT UNION SELECT); its rows still form a result set, so Columns is
// empty but not nil, and the server sends a RowDescription before them.
func TestSelectNoColumns(t *testing.T) {
	for _, tt := range []struct {
		sql  string
		rows int
	}{
		{"SELECT", 1},
		{"SELECT FROM generate_series(1, 3)", 3},
		{"SELECT UNION ALL SELECT", 2},
		{"WITH x AS (SELECT) SELECT FROM x", 1},
	} {
		t.Run(tt.sql, func(t *testing.T) {
			s := newTestSession(t)
			stmts, err := s.Parse(tt.sql)
			if err != nil {
				t.Fatal(err)
			}
			p, err := s.Prepare(context.Background(), stmts[0], nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.Columns == nil {
				t.Error("Prepared.Columns is nil")
			}
			c, err := s.Execute(context.Background(), p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Columns() == nil {
				t.Error("Cursor.Columns() is nil")
			}
			n := 0
			for {
				r, err := c.Next(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if r == nil {
					break
				}
				n++
			}
			if n != tt.rows {
				t.Errorf("%d rows, want %d", n, tt.rows)
			}
		})
	}
}
