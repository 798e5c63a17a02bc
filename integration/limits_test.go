package integration

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestLimitFlags: serve's Limits flags reach the sessions. A user past
// --max-user-connections gets 53300, a result past --max-result-rows
// and a statement past --max-api-calls get 54000, and the timeouts'
// defaults are what SHOW says.
func TestLimitFlags(t *testing.T) {
	t.Parallel()
	url := start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0",
		"--max-user-connections", "1", "--max-result-rows", "2", "--max-api-calls", "1",
		"--statement-timeout", "90s", "--idle-in-transaction-session-timeout", "1m")
	ctx := testContext(t)
	pc, err := pgconn.Connect(ctx, url+"?sslmode=disable&user=limited")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(context.Background())
	if _, err := pgconn.Connect(ctx, url+"?sslmode=disable&user=limited"); sqlstate(err) != "53300" || !strings.Contains(err.Error(), `too many connections for role "limited"`) {
		t.Errorf("second session of the user: %v, want 53300", err)
	}
	res, err := pc.Exec(ctx, "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res[0].Rows[0][0]) + " " + string(res[0].Rows[0][1]); got != "90s 1min" { // shown in the largest unit, as PostgreSQL shows them
		t.Errorf("timeouts %q, want 90s 1min", got)
	}
	if _, err := pc.Exec(ctx, "SELECT * FROM generate_series(1, 3)").ReadAll(); sqlstate(err) != "54000" {
		t.Errorf("three rows: %v, want 54000", err)
	}
	if _, err := pc.Exec(ctx, "SELECT count(*) FROM vpn_connections").ReadAll(); sqlstate(err) != "54000" {
		t.Errorf("three regions under --max-api-calls 1: %v, want 54000", err)
	}
	if _, err := pc.Exec(ctx, "SET vpnsql.max_api_calls = 0; SELECT count(*) FROM vpn_connections").ReadAll(); err != nil {
		t.Errorf("after lifting the limit: %v", err)
	}
}
