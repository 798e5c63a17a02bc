package executor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestRunawayJoinFails(t *testing.T) {
	s := newTestSession(t)
	_, _, err := run(t, s, "SET vpnsql.statement_mem = '20MB'; SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b")
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.OutOfMemory || !strings.Contains(pe.Detail, `"Nested Loop"`) {
		t.Fatalf("err = %v, want 53200 in the Nested Loop", err)
	}
}

func TestLongJoinStopsWhenCancelled(t *testing.T) {
	s := newTestSession(t)
	stmts, err := s.Parse("SELECT count(*) FROM generate_series(1, 2000) a, generate_series(1, 2000) b WHERE a < b")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = s.Execute(ctx, p, nil)
	if !errors.Is(err, context.DeadlineExceeded) && pgerr.From(err).Code != pgerr.QueryCanceled {
		t.Fatalf("err = %v, want the statement cancelled", err)
	}
}

// TestLimits_Result: vpnsql.max_result_rows and vpnsql.max_result_bytes
// stop a result with 54000 and a hint; a result within them, or with
// the limit 0, is whole.
func TestLimits_Result(t *testing.T) {
	w := newWriteEnv(t)
	w.exec("SET vpnsql.max_result_rows = 3")
	if rows := w.exec("SELECT * FROM generate_series(1, 3)"); len(rows) != 3 {
		t.Fatalf("%d rows within the limit", len(rows))
	}
	pe := w.fail("SELECT * FROM generate_series(1, 4)")
	if pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "result exceeds vpnsql.max_result_rows (3 rows)" || !strings.Contains(pe.Hint, "LIMIT") {
		t.Errorf("rows: %s %q hint %q", pe.Code, pe.Message, pe.Hint)
	}
	w.exec("SET vpnsql.max_result_rows = 0")
	w.exec("SET vpnsql.max_result_bytes = '1kB'")
	w.exec("SELECT repeat('x', 100)")
	pe = w.fail("SELECT repeat('x', 2000)")
	if pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "result exceeds vpnsql.max_result_bytes (1kB)" || pe.Hint == "" {
		t.Errorf("bytes: %s %q hint %q", pe.Code, pe.Message, pe.Hint)
	}
	w.exec("RESET vpnsql.max_result_bytes")
	w.exec("SELECT repeat('x', 2000)")
	for _, bad := range []string{"SET vpnsql.max_result_rows = -1", "SET vpnsql.max_api_calls = 'many'", "SET vpnsql.max_result_bytes = '1 parsec'"} {
		if pe := w.fail(bad); pe.Code != pgerr.InvalidParameterValue {
			t.Errorf("%s: %s %s", bad, pe.Code, pe.Message)
		}
	}
}

// TestLimits_APICalls: past vpnsql.max_api_calls a statement fails with
// 54000 and the calls over the budget are never sent; a write fanning out
// over a cross join stops the same way, before its writes.
func TestLimits_APICalls(t *testing.T) {
	w := newWriteEnv(t)
	w.exec("SET vpnsql.cache_ttl = 0")
	w.exec("SELECT count(*) FROM vpn_connections") // learns the account id (STS), not charged
	w.reset()
	w.exec("SET vpnsql.max_api_calls = 2")
	pe := w.fail("SELECT * FROM vpn_connections") // three regions: three Describe calls
	if pe.Code != pgerr.ProgramLimitExceeded || pe.Message != "statement exceeds vpnsql.max_api_calls (2 API calls)" || !strings.Contains(pe.Hint, "region") {
		t.Errorf("%s %q hint %q", pe.Code, pe.Message, pe.Hint)
	}
	if n := len(w.calls()); n > 2 {
		t.Errorf("%d calls reached EC2, want at most 2", n)
	}
	w.exec("SELECT * FROM vpn_connections WHERE region = 'us-east-1'")

	// One delete per row of a cross join: refused once the budget is spent.
	w.exec("SET vpnsql.max_api_calls = 3")
	w.reset()
	pe = w.fail(`SELECT r.routes FROM vpn_connections v, generate_series(1, 10) g,
		LATERAL ec2.vpn_connection_route_create(v."vpnConnectionId", '10.99.' || g || '.0/24') r WHERE v.region = 'us-east-1'`)
	if pe.Code != pgerr.ProgramLimitExceeded {
		t.Errorf("cross join: %s %q", pe.Code, pe.Message)
	}
	if n := len(w.calls()); n > 3 {
		t.Errorf("%d calls reached EC2 under a budget of 3: %v", n, w.calls())
	}
	w.exec("SET vpnsql.max_api_calls = 0")
	w.exec("SELECT * FROM vpn_connections")
}

// TestLimits_ServerDefaults: Engine.Settings are a new session's values
// and what RESET returns to.
func TestLimits_ServerDefaults(t *testing.T) {
	w := newWriteEnv(t)
	w.eng.Settings = map[string]string{"statement_timeout": "30000", "vpnsql.max_api_calls": "7", "idle_in_transaction_session_timeout": "60000"}
	s, err := w.eng.NewSession(SessionInfo{User: "u", Database: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	w.s = s
	w.exec("SET vpnsql.max_api_calls = 9")
	w.exec("RESET vpnsql.max_api_calls")
	got := w.exec("SELECT current_setting('statement_timeout'), current_setting('vpnsql.max_api_calls'), current_setting('idle_in_transaction_session_timeout'), current_setting('idle_session_timeout')")
	if strings.Join(got[0], " ") != "30s 7 1min 0" { // in the largest unit, as SHOW gives them

		t.Errorf("settings %v", got[0])
	}
	w.eng.Settings = map[string]string{"vpnsql.max_api_calls": "lots"}
	if _, err := w.eng.NewSession(SessionInfo{User: "u", Database: "aws"}); err == nil {
		t.Error("a bad server default was accepted")
	}
}
