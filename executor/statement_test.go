package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

func parseOne(t *testing.T, s *Session, sql string) *Statement {
	t.Helper()
	stmts, err := s.Parse(sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("%s: %d statements", sql, len(stmts))
	}
	return stmts[0]
}

func TestStatement_Deallocate(t *testing.T) {
	s := newTestSession(t)
	long := "p123456789012345678901234567890123456789012345678901234567890123456789"
	for sql, want := range map[string]string{
		"DEALLOCATE x":                     "x",
		"deallocate PREPARE Foo ":          "foo",
		`DEALLOCATE "A""b"`:                `A"b`,
		"/* c */ DEALLOCATE all;":          "*",
		"DEALLOCATE allx":                  "allx",
		"DEALLOCATE PREPARE ALL":           "*",
		"DEALLOCATE " + long:               long[:63], // the grammar truncates names, as PostgreSQL's
		"SELECT 1":                         "",
		"SELECT 'DEALLOCATE x'":            "",
		"-- DEALLOCATE x\nDISCARD ALL":     "",
		`DEALLOCATE "_PLAN0x55748fdadb20"`: "_PLAN0x55748fdadb20",
		"DEALLOCATE _PLAN0x55748fdadb20":   "_plan0x55748fdadb20",
	} {
		name, all, ok := parseOne(t, s, sql).Deallocate()
		got := name
		if all {
			got = "*"
		}
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("Deallocate(%q) = %q, want %q", sql, got, want)
		}
	}
}

func TestStatement_Query(t *testing.T) {
	s := newTestSession(t)
	for sql, want := range map[string]bool{
		"SELECT 1":                     true,
		"/* x */ ((SELECT 1))":         true,
		"VALUES (1)":                   true,
		"TABLE pg_class":               true,
		"WITH a AS (SELECT 1) TABLE a": true,
		"SELECT 1 UNION SELECT 2":      true,
		"WITH d AS (DELETE FROM ec2.vpn_connections RETURNING 1) SELECT * FROM d": false,
		"DELETE FROM ec2.vpn_connections RETURNING 1":                             false,
		"EXPLAIN SELECT 1":     false,
		"SHOW TimeZone":        false,
		"-- SELECT\nSET x = 1": false,
	} {
		if got := parseOne(t, s, sql).Query(); got != want {
			t.Errorf("Query(%q) = %v, want %v", sql, got, want)
		}
	}
}

// TestSession_CheckAborted: in an aborted block only the statements that
// end it run, at Prepare and Execute, and no rows are described.
func TestSession_CheckAborted(t *testing.T) {
	s := newTestSession(t)
	if _, _, err := run(t, s, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	s.Failed()
	if s.TxStatus() != TxFailed {
		t.Fatalf("status %c, want E", s.TxStatus())
	}
	for sql, allowed := range map[string]bool{
		"SELECT 1":                false,
		"SELECT * FROM nosuch":    false, // 25P02, not 42P01: nothing is planned
		"SET TimeZone = 'UTC'":    false,
		"DEALLOCATE x":            false,
		"BEGIN":                   false,
		"SAVEPOINT a":             false,
		"COMMIT":                  true,
		"END":                     true,
		"ROLLBACK":                true,
		"ABORT":                   true,
		"ROLLBACK TO SAVEPOINT a": true,
	} {
		st := parseOne(t, s, sql)
		err := s.CheckAborted(st)
		if allowed != (err == nil) {
			t.Errorf("CheckAborted(%q) = %v, want allowed %v", sql, err, allowed)
		}
		_, perr := s.Prepare(t.Context(), st, nil)
		if !allowed && pgerr.From(perr).Code != pgerr.InFailedSqlTransaction {
			t.Errorf("Prepare(%q) = %v, want 25P02", sql, perr)
		}
	}
	p, err := s.Prepare(t.Context(), parseOne(t, s, "ROLLBACK"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckDescribe(p); err != nil {
		t.Errorf("CheckDescribe(ROLLBACK) = %v, want nil: it returns no rows", err)
	}
	if err := s.CheckDescribe(&Prepared{Columns: []expr.Column{{Name: "x"}}}); pgerr.From(err).Code != pgerr.InFailedSqlTransaction {
		t.Errorf("CheckDescribe(rows) = %v, want 25P02", err)
	}
	if err := s.CheckDescribe(nil); err != nil {
		t.Errorf("CheckDescribe(empty query) = %v, want nil", err)
	}
	c, err := s.Execute(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if s.TxStatus() != TxIdle {
		t.Fatalf("status %c after ROLLBACK, want I", s.TxStatus())
	}
	if err := s.CheckAborted(parseOne(t, s, "SELECT 1")); err != nil {
		t.Errorf("after ROLLBACK: %v", err)
	}
}
