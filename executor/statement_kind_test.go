package executor

import "testing"

// TestStatement_Kind: the command names the metrics count statements by.
func TestStatement_Kind(t *testing.T) {
	s := newTestSession(t)
	for sql, want := range map[string]string{
		"SELECT 1":                           "select",
		"VALUES (1)":                         "select",
		"INSERT INTO t VALUES (1)":           "insert",
		"UPDATE t SET a = 1 WHERE b = 2":     "update",
		"DELETE FROM t WHERE a = 1":          "delete",
		"EXPLAIN SELECT 1":                   "explain",
		"COPY t TO STDOUT":                   "copy",
		"SET TimeZone = 'UTC'":               "set",
		"SHOW TimeZone":                      "show",
		"BEGIN":                              "transaction",
		"DEALLOCATE ALL":                     "utility",
		"SELECT * FROM ec2.f('vpn-1') AS r":  "select",
		"WITH d AS (DELETE FROM t) SELECT 1": "select",
	} {
		stmts, err := s.Parse(sql)
		if err != nil || len(stmts) != 1 {
			t.Fatalf("Parse(%q) = %v, %v", sql, stmts, err)
		}
		if got := stmts[0].Kind(); got != want {
			t.Errorf("Kind(%q) = %q, want %q", sql, got, want)
		}
	}
}
