package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
)

// TestTableStats_LastCompleteScan: reltuples, n_live_tup and
// pg_stat_get_live_tuples report the row count of the table's last
// complete scan (no constraint sent, read to the end), -1 / 0 / 0 before
// the first, as for a table never analysed (catalog/stats.go).
func TestTableStats_LastCompleteScan(t *testing.T) {
	s, _ := newSimSession(t)
	s.engine.Catalog.Add(pgcatalog.Tables(s.engine.Catalog)...)
	stats := func() string {
		t.Helper()
		_, rows, err := run(t, s, `SELECT c.reltuples, s.n_live_tup, pg_stat_get_live_tuples(c.oid), c.relpages
			FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = 'vpn_connections'`)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(rows[0], " ")
	}
	steps := []struct{ sql, want string }{
		{"", "-1 0 0 0"},
		{"SELECT count(*) FROM vpn_connections WHERE region = 'us-east-1'", "-1 0 0 0"}, // a constraint was sent
		{"SELECT * FROM vpn_connections LIMIT 1", "-1 0 0 0"},                           // not read to the end
		{`SELECT "vpnConnectionId" FROM vpn_connections WHERE state <> 'deleted'`, "11 11 11 0"},
		{"SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-1'", "11 11 11 0"}, // a partial scan changes nothing
	}
	for _, st := range steps {
		if st.sql != "" {
			if _, _, err := run(t, s, st.sql); err != nil {
				t.Fatal(err)
			}
		}
		if got := stats(); got != st.want {
			t.Fatalf("after %q: reltuples, n_live_tup, pg_stat_get_live_tuples, relpages = %s, want %s", st.sql, got, st.want)
		}
	}
}
