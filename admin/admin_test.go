package admin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/server"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return rec.Code, string(b)
}

// TestServer_Readyz: not ready until listening and a source answered;
// not ready again once draining; /healthz says ok throughout.
func TestServer_Readyz(t *testing.T) {
	h := &Health{}
	s := &Server{Metrics: NewMetrics(Sources{}), Health: h}
	handler := s.Handler()
	for _, step := range []struct {
		do   func()
		code int
		body string
	}{
		{func() {}, 503, "not listening yet"},
		{h.Listening, 503, "no AWS source has answered yet"},
		{func() { h.APICall(ec2.APICall{Service: "EC2", Result: "AuthFailure"}) }, 503, "no AWS source"},
		{func() { h.APICall(ec2.APICall{Service: "STS", Result: "ok"}) }, 503, "no AWS source"}, // credentials, not a region
		{func() { h.APICall(ec2.APICall{Service: "EC2", Result: "ok"}) }, 200, "ready"},
		{h.Draining, 503, "draining"},
	} {
		step.do()
		code, body := get(t, handler, "/readyz")
		if code != step.code || !strings.Contains(body, step.body) {
			t.Errorf("/readyz = %d %q, want %d %q", code, body, step.code, step.body)
		}
		if code, _ := get(t, handler, "/healthz"); code != 200 {
			t.Errorf("/healthz = %d", code)
		}
	}
}

// TestServer_Pprof: /debug/pprof/ only when asked for.
func TestServer_Pprof(t *testing.T) {
	for _, on := range []bool{false, true} {
		s := &Server{Metrics: NewMetrics(Sources{}), Health: &Health{}, Pprof: on}
		code, _ := get(t, s.Handler(), "/debug/pprof/")
		if want := map[bool]int{false: 404, true: 200}[on]; code != want {
			t.Errorf("pprof %v: /debug/pprof/ = %d, want %d", on, code, want)
		}
	}
}

// TestMetrics_Events: each event lands in its series.
func TestMetrics_Events(t *testing.T) {
	m := NewMetrics(Sources{Version: "test", Sessions: func() int { return 2 },
		Cache: func() ec2.CacheStats {
			return ec2.CacheStats{Hits: 5, Misses: 3, Evictions: 1, Entries: 2, Bytes: 4096}
		},
		Logins: func() server.LoginStats {
			return server.LoginStats{Tracked: 4, Locked: 1, Failures: 12, LockedAttempts: 3, Lockouts: 1}
		}})
	m.Login(server.LoginEvent{Outcome: server.LoginSuccess})
	m.Login(server.LoginEvent{Outcome: server.LoginFailure})
	m.Statement(server.StatementEvent{Kind: "select", Duration: time.Millisecond})
	m.Statement(server.StatementEvent{Kind: "insert", SQLState: "58030", Duration: time.Millisecond})
	m.APICall(ec2.APICall{AccountID: "1", Region: "r", Service: "EC2", Action: "DescribeVpnConnections", Result: "ok",
		Attempts: 3, Throttles: 2, Latency: 20 * time.Millisecond})
	m.APICall(ec2.APICall{Action: "DescribeVpnConnections", CacheHit: true}) // the cache's, not an API call
	m.AuditFailure()
	_, body := get(t, (&Server{Metrics: m, Health: &Health{}}).Handler(), "/metrics")
	for _, want := range []string{
		`vpnsql_build_info{version="test"} 1`,
		`vpnsql_sessions 2`,
		`vpnsql_sessions_total 1`,
		`vpnsql_login_attempts_total{outcome="failure"} 1`,
		`vpnsql_statements_total{kind="select",outcome="ok",sqlstate="00000"} 1`,
		`vpnsql_statements_total{kind="insert",outcome="error",sqlstate="58030"} 1`,
		`vpnsql_statement_duration_seconds_count{kind="select"} 1`,
		`vpnsql_api_calls_total{account="1",action="DescribeVpnConnections",outcome="ok",region="r",service="EC2"} 1`,
		`vpnsql_api_call_duration_seconds_count{action="DescribeVpnConnections",service="EC2"} 1`,
		`vpnsql_api_retries_total{account="1",action="DescribeVpnConnections",region="r"} 2`,
		`vpnsql_api_throttles_total{account="1",action="DescribeVpnConnections",region="r"} 2`,
		`vpnsql_audit_write_failures_total 1`,
		`vpnsql_cache_hits_total 5`, `vpnsql_cache_misses_total 3`, `vpnsql_cache_evictions_total 1`,
		`vpnsql_cache_entries 2`, `vpnsql_cache_bytes 4096`,
		`vpnsql_login_limit_tracked 4`, `vpnsql_login_limit_locked 1`, `vpnsql_login_limit_failures_total 12`,
		`vpnsql_login_limit_lockouts_total 1`, `vpnsql_login_limit_locked_attempts_total 3`,
		`go_goroutines `, `process_start_time_seconds `,
	} {
		if !strings.Contains(body, "\n"+want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
}

// BenchmarkMetrics_Statement is the cost the metrics add to a statement.
func BenchmarkMetrics_Statement(b *testing.B) {
	m := NewMetrics(Sources{})
	ev := server.StatementEvent{Kind: "select", Duration: 3 * time.Millisecond}
	for b.Loop() {
		m.Statement(ev)
	}
}

// BenchmarkMetrics_APICall is the cost the metrics add to an API call.
func BenchmarkMetrics_APICall(b *testing.B) {
	m := NewMetrics(Sources{})
	c := ec2.APICall{AccountID: "123456789012", Region: "eu-west-1", Service: "EC2", Action: "DescribeVpnConnections",
		Result: "ok", Attempts: 1, Latency: 40 * time.Millisecond}
	for b.Loop() {
		m.APICall(c)
	}
}
