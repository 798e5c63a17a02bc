package integration

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The operator's surface (docs/operations.md): the admin listener's
// metrics and health, and the audit log, on `vpnsql serve` against
// `vpnsql sim`.

var adminReady = regexp.MustCompile(`vpnsql admin listener: (http://\S+)/metrics`)

// opsServer is a vpnsql serve whose process the test signals.
type opsServer struct {
	pgURL, adminURL string
	cmd             *exec.Cmd
	stderr, stdout  *lockedBuffer // both scanned for secrets at the end of the suite
	exited          chan struct{}
}

// startOpsServer starts serve against the simulator at simURL with args
// added, and waits for its ready line (the admin line comes before it).
func startOpsServer(t *testing.T, simURL string, args ...string) *opsServer {
	t.Helper()
	args = append([]string{"serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1,eu-west-1,ap-southeast-2"}, args...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), simEnv(simURL)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &opsServer{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	registerLog(strings.Join(args, " "), s.stderr)
	out, stdoutLog := scannedStdout(strings.Join(args, " "), stdout)
	s.stdout = stdoutLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-s.exited
		}
		if t.Failed() {
			t.Logf("serve stderr:\n%s", s.stderr.String())
		}
	})
	ready := make(chan [2]string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		var admin string
		for sc.Scan() {
			if m := adminReady.FindStringSubmatch(sc.Text()); m != nil {
				admin = m[1]
			}
			if m := serveReady.FindStringSubmatch(sc.Text()); m != nil {
				ready <- [2]string{m[1], admin}
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case r := <-ready:
		s.pgURL, s.adminURL = r[0], r[1]
	case <-time.After(60 * time.Second):
		t.Fatalf("vpnsql serve did not become ready:\n%s", s.stderr.String())
	}
	return s
}

// url is the server's URL for a user and password, without TLS.
func (s *opsServer) url(user, password string) string {
	return strings.Replace(s.pgURL, "postgres://", "postgres://"+user+":"+password+"@", 1) + "?sslmode=disable&application_name=ops-test"
}

// get fetches an admin path: status and body (status 0: no answer).
func (s *opsServer) get(t *testing.T, path string) (int, string) {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(s.adminURL + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls until cond holds, or fails the test after 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// scrape reads /metrics: each series' value by its text, name{labels}.
func (s *opsServer) scrape(t *testing.T) map[string]float64 {
	t.Helper()
	code, body := s.get(t, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// writeConfig writes a --config file with one write user.
func writeConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.json")
	cfg := `{"auth": "scram-sha-256", "users": {"admin": {"password": "admin-secret", "role": "write"}}}`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func auditLines(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("%s: %v\n%s", path, err, b)
		}
		out = append(out, m)
	}
	return out
}

const opsSecret = "ops_s3cret_psk"

// TestOpsMetricsAndAudit runs a scripted workload (a failed and a good
// login, reads twice so the cache answers, an unknown column, INSERT,
// UPDATE, a write function, a throttled read, DELETE) and checks the
// metrics' deltas and the audit log's lines, rotated in the middle.
func TestOpsMetricsAndAudit(t *testing.T) {
	t.Parallel()
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	sim := writesServer{simURL: simURL}
	cgw, vgw := sim.gateways(t, "198.51.100.77")
	auditPath := filepath.Join(t.TempDir(), "audit.log")
	s := startOpsServer(t, simURL, "--config", writeConfig(t), "--admin-listen", "127.0.0.1:0", "--audit-log", auditPath)
	waitFor(t, "/readyz", func() bool { code, _ := s.get(t, "/readyz"); return code == 200 })
	before := s.scrape(t)
	ctx := testContext(t)

	_, err := pgx.Connect(ctx, s.url("admin", "wrong"))
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "28P01" {
		t.Fatalf("wrong password: %v", err)
	}
	conn, err := pgx.Connect(ctx, s.url("admin", "admin-secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`SELECT count(*) FROM vpn_connections`)
	exec(`SELECT count(*) FROM vpn_connections`) // from the cache
	if v := s.scrape(t)["vpnsql_sessions"]; v != 1 {
		t.Errorf("vpnsql_sessions = %v with one session open", v)
	}
	if _, err := conn.Exec(ctx, `SELECT "noSuchColumn" FROM vpn_connections`); !errors.As(err, &pe) || pe.Code != "42703" {
		t.Fatalf("unknown column: %v", err)
	}
	var id string
	err = conn.QueryRow(ctx, `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options)
		VALUES ('`+cgw+`', 'ipsec.1', '`+vgw+`', '{"staticRoutesOnly": true, "tunnelOptionSet": [{"preSharedKey": "`+opsSecret+`"}]}')
		RETURNING "vpnConnectionId"`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	exec(`UPDATE vpn_connections SET tags = '{"Name": "ops"}' WHERE "vpnConnectionId" = '` + id + `'`)
	exec(`SELECT routes FROM ec2.vpn_connection_route_create('` + id + `', '10.30.0.0/16')`)

	// Rotation: rename, SIGHUP, and the next line goes to a new file.
	if err := os.Rename(auditPath, auditPath+".1"); err != nil {
		t.Fatal(err)
	}
	s.cmd.Process.Signal(syscall.SIGHUP)
	waitFor(t, "the reopened audit log", func() bool { _, err := os.Stat(auditPath); return err == nil })

	// One throttled read: the SDK retries it.
	fault, _ := http.Post(simURL+"/_sim/faults", "application/json", strings.NewReader(
		`{"action": "DescribeVpnConnections", "region": "eu-west-1", "kind": "error", "code": "RequestLimitExceeded", "count": 1}`))
	fault.Body.Close()
	exec(`SET vpnsql.cache_ttl = 0`)
	exec(`SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-1'`)
	exec(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `'`)
	// A call AWS refuses: its outcome line has the error code.
	_, err = conn.Exec(ctx, `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('cgw-00000000000000000', 'ipsec.1', '`+vgw+`')`)
	if !errors.As(err, &pe) || pe.Code != "23503" {
		t.Fatalf("INSERT with an unknown customer gateway: %v", err)
	}
	conn.Close(ctx)
	waitFor(t, "the session to end", func() bool { return s.scrape(t)["vpnsql_sessions"] == 0 })

	after := s.scrape(t)
	delta := func(series string) float64 { return after[series] - before[series] }
	for series, want := range map[string]float64{
		`vpnsql_login_attempts_total{outcome="success"}`:                                                        1,
		`vpnsql_login_attempts_total{outcome="failure"}`:                                                        1,
		`vpnsql_sessions_total`:                                                                                 1,
		`vpnsql_statements_total{kind="select",outcome="ok",sqlstate="00000"}`:                                  4,
		`vpnsql_statements_total{kind="select",outcome="error",sqlstate="42703"}`:                               1,
		`vpnsql_statements_total{kind="insert",outcome="ok",sqlstate="00000"}`:                                  1,
		`vpnsql_statements_total{kind="insert",outcome="error",sqlstate="23503"}`:                               1,
		`vpnsql_statements_total{kind="update",outcome="ok",sqlstate="00000"}`:                                  1,
		`vpnsql_statements_total{kind="delete",outcome="ok",sqlstate="00000"}`:                                  1,
		`vpnsql_statements_total{kind="set",outcome="ok",sqlstate="00000"}`:                                     1,
		`vpnsql_statement_duration_seconds_count{kind="select"}`:                                                5, // the unknown column too: pgx sent it as a Query
		`vpnsql_api_throttles_total{account="123456789012",action="DescribeVpnConnections",region="eu-west-1"}`: 1,
		`vpnsql_api_retries_total{account="123456789012",action="DescribeVpnConnections",region="eu-west-1"}`:   1,
	} {
		if got := delta(series); got != want {
			t.Errorf("%s went up by %v, want %v", series, got, want)
		}
	}
	for _, action := range []string{"CreateVpnConnection", "CreateTags", "CreateVpnConnectionRoute", "DeleteVpnConnection"} {
		series := `vpnsql_api_calls_total{account="123456789012",action="` + action + `",outcome="ok",region="us-east-1",service="EC2"}`
		if got := delta(series); got != 1 {
			t.Errorf("%s went up by %v, want 1", series, got)
		}
	}
	refused := `vpnsql_api_calls_total{account="123456789012",action="CreateVpnConnection",outcome="InvalidCustomerGatewayID.NotFound",region="us-east-1",service="EC2"}`
	if got := delta(refused); got != 1 {
		t.Errorf("%s went up by %v, want 1", refused, got)
	}
	for _, series := range []string{"vpnsql_cache_hits_total", "vpnsql_cache_misses_total", "vpnsql_cache_evictions_total",
		"vpnsql_client_received_bytes_total", "vpnsql_client_sent_bytes_total",
		`vpnsql_api_call_duration_seconds_count{action="DescribeVpnConnections",service="EC2"}`} {
		if delta(series) <= 0 {
			t.Errorf("%s did not go up", series)
		}
	}
	if delta("vpnsql_cache_hits_total") < 3 {
		t.Errorf("cache hits went up by %v, want the second read's 3 regions", delta("vpnsql_cache_hits_total"))
	}

	// The audit log: logins, then an intent and an outcome per write
	// call, with the simulator's request ids; the later call in the new
	// file; the pre-shared key nowhere.
	requestIDs := map[string][]string{} // by action, in order
	for _, r := range sim.requests(t) {
		if writeActions[r.Action] {
			requestIDs[r.Action] = append(requestIDs[r.Action], r.RequestID)
		}
	}
	// check compares lines with the calls named "Action" or "Action=outcome".
	check := func(file string, lines []map[string]any, actions ...string) {
		t.Helper()
		i := 0
		if len(lines) != 2*len(actions) {
			t.Fatalf("%s: %d lines, want %d: %v", file, len(lines), 2*len(actions), lines)
		}
		for _, action := range actions {
			action, outcome, failed := strings.Cut(action, "=")
			if !failed {
				outcome = "ok"
			}
			var requestID string
			if ids := requestIDs[action]; len(ids) > 0 {
				requestID, requestIDs[action] = ids[0], ids[1:]
			}
			intent, done := lines[i], lines[i+1]
			i += 2
			for _, l := range []map[string]any{intent, done} {
				if l["action"] != action || l["user"] != "admin" || l["application_name"] != "ops-test" ||
					l["account"] != "123456789012" || l["region"] != "us-east-1" || l["statement"] == "" {
					t.Errorf("%s: %s line %v", file, action, l)
				}
			}
			if intent["event"] != "write_intent" || intent["outcome"] != nil {
				t.Errorf("%s: %s intent %v", file, action, intent)
			}
			if done["event"] != "write" || done["outcome"] != outcome || done["request_id"] != requestID || requestID == "" ||
				failed != (done["message"] != nil) {
				t.Errorf("%s: %s outcome %v, want %s and request id %q", file, action, done, outcome, requestID)
			}
		}
	}
	old := auditLines(t, auditPath+".1")
	if len(old) < 2 {
		t.Fatalf("rotated audit log: %v", old)
	}
	failed, ok := old[0], old[1]
	if failed["event"] != "login" || failed["outcome"] != "failure" || failed["user"] != "admin" || failed["sqlstate"] != "28P01" ||
		!strings.HasPrefix(failed["address"].(string), "127.0.0.1:") || failed["tls"] != false {
		t.Errorf("failed login line %v", failed)
	}
	if ok["event"] != "login" || ok["outcome"] != "success" || ok["application_name"] != "ops-test" || ok["method"] != "scram-sha-256" {
		t.Errorf("login line %v", ok)
	}
	check("audit.log.1", old[2:], "CreateVpnConnection", "CreateTags", "CreateVpnConnectionRoute")
	check("audit.log", auditLines(t, auditPath), "DeleteVpnConnection", "CreateVpnConnection=InvalidCustomerGatewayID.NotFound")
	if params, _ := json.Marshal(old[2]["parameters"]); !strings.Contains(string(params), `"PreSharedKey":"\u003credacted\u003e"`) {
		t.Errorf("CreateVpnConnection parameters %s, want the pre-shared key redacted", params)
	}
	for _, f := range []string{auditPath, auditPath + ".1"} {
		if b, _ := os.ReadFile(f); bytes.Contains(b, []byte(opsSecret)) {
			t.Errorf("%s holds the pre-shared key", f)
		}
	}
}

// TestAuditUnwritableRefusesWrites: with the audit log on a full device,
// a write fails with 58030 and no write call reaches the simulator; the
// session goes on. With the audit log on stdout the write is made and
// logged there, its pre-shared key redacted.
func TestAuditUnwritableRefusesWrites(t *testing.T) {
	t.Parallel()
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	sim := writesServer{simURL: simURL}
	cgw, vgw := sim.gateways(t, "198.51.100.78")
	s := startOpsServer(t, simURL, "--audit-log", "/dev/full")
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, strings.Replace(s.pgURL, "postgres://", "postgres://ops@", 1)+"?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var id string
	if err := conn.QueryRow(ctx, `SELECT "vpnConnectionId" FROM vpn_connections WHERE state = 'available' LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	clearSimRequests(t, simURL)
	for _, sql := range []string{
		`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('` + cgw + `', 'ipsec.1', '` + vgw + `')`,
		`UPDATE vpn_connections SET tags = '{"Name": "x"}' WHERE "vpnConnectionId" = '` + id + `'`,
		`DELETE FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `'`,
		`SELECT * FROM ec2.vpn_connection_route_create('` + id + `', '10.31.0.0/16')`,
	} {
		_, err := conn.Exec(ctx, sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "58030" || !strings.Contains(pe.Detail, "was not sent") {
			t.Errorf("%s: %v, want 58030", sql, err)
		}
	}
	if w := sim.writes(t); len(w) != 0 {
		t.Errorf("write calls reached the simulator: %v", w)
	}
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		t.Errorf("session after the refusal: %v", err)
	}
	if !strings.Contains(s.stderr.String(), "audit log write failed") {
		t.Errorf("no error logged for the audit log:\n%s", s.stderr.String())
	}

	// The same INSERT, with a pre-shared key, against a server whose audit
	// log is stdout: its login and write lines come out there, the key
	// redacted (the end of the suite scans that stdout too).
	out := startOpsServer(t, simURL, "--audit-log", "stdout")
	conn2, err := pgx.Connect(ctx, strings.Replace(out.pgURL, "postgres://", "postgres://ops@", 1)+"?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	if _, err := conn2.Exec(ctx, `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options)
		VALUES ('`+cgw+`', 'ipsec.1', '`+vgw+`', '{"staticRoutesOnly": true, "tunnelOptionSet": [{"preSharedKey": "`+opsSecret+`"}]}')`); err != nil {
		t.Fatal(err)
	}
	events := func() map[string]map[string]any {
		got := map[string]map[string]any{}
		for _, line := range strings.Split(out.stdout.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(line), &m) == nil {
				ev, _ := m["event"].(string)
				got[ev] = m
			}
		}
		return got
	}
	waitFor(t, "the write's audit line on stdout", func() bool { return events()["write"] != nil })
	lines := events()
	if l := lines["login"]; l == nil || l["user"] != "ops" || l["outcome"] != "success" {
		t.Errorf("login line on stdout: %v", l)
	}
	for _, ev := range []string{"write_intent", "write"} {
		l := lines[ev]
		params, _ := json.Marshal(l["parameters"])
		if l["action"] != "CreateVpnConnection" || !strings.Contains(string(params), `"PreSharedKey":"\u003credacted\u003e"`) {
			t.Errorf("%s line on stdout: %v", ev, l)
		}
	}
	if lines["write"]["outcome"] != "ok" {
		t.Errorf("write line on stdout: %v", lines["write"])
	}
	if strings.Contains(out.stdout.String(), opsSecret) {
		t.Errorf("the pre-shared key on stdout:\n%s", out.stdout.String())
	}
}

// TestAdminHealthLifecycle: /readyz is 503 until a source answers (never,
// with no endpoint), 200 once one does, 503 while draining with /healthz
// still 200, and the listener is gone when the process is; `vpnsql health
// --admin-listen` follows /readyz.
func TestAdminHealthLifecycle(t *testing.T) {
	t.Parallel()
	health := func(adminURL string) error {
		return exec.Command(binary, "health", "--admin-listen", strings.TrimPrefix(adminURL, "http://"), "--timeout", "3s").Run()
	}

	// The account resolves (STS answers: serve refuses to start without
	// one, docs/aws.md), but no EC2 call succeeds: not ready, and says why.
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	setSimFaults(t, simURL, `[{"action": "DescribeVpnConnections", "kind": "http", "status": 503}]`)
	dead := startOpsServer(t, simURL, "--admin-listen", "127.0.0.1:0")
	waitFor(t, "a failed probe", func() bool {
		_, body := dead.get(t, "/readyz")
		return strings.Contains(body, "no AWS source has answered yet: ")
	})
	if code, _ := dead.get(t, "/readyz"); code != 503 {
		t.Errorf("/readyz with no endpoint = %d", code)
	}
	if code, body := dead.get(t, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if health(dead.adminURL) == nil {
		t.Error("vpnsql health passed against a server that is not ready")
	}
	if code, _ := dead.get(t, "/debug/pprof/"); code != 404 {
		t.Errorf("/debug/pprof/ without --admin-pprof = %d", code)
	}

	setSimFaults(t, simURL, `[]`)
	s := startOpsServer(t, simURL, "--admin-listen", "127.0.0.1:0", "--admin-pprof", "--shutdown-drain", "5s")
	waitFor(t, "/readyz", func() bool { code, _ := s.get(t, "/readyz"); return code == 200 })
	if err := health(s.adminURL); err != nil {
		t.Errorf("vpnsql health against a ready server: %v", err)
	}
	if code, _ := s.get(t, "/debug/pprof/"); code != 200 {
		t.Errorf("/debug/pprof/ with --admin-pprof = %d", code)
	}

	// Drain: a statement runs on while /readyz says 503.
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, strings.Replace(s.pgURL, "postgres://", "postgres://ops@", 1)+"?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	done := make(chan error, 1)
	go func() { _, err := conn.Exec(ctx, "SELECT pg_sleep(2)"); done <- err }()
	watcher, err := pgx.Connect(ctx, strings.Replace(s.pgURL, "postgres://", "postgres://ops@", 1)+"?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the statement to start", func() bool {
		var n int
		err := watcher.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'`).Scan(&n)
		return err == nil && n == 1
	})
	watcher.Close(ctx)
	s.cmd.Process.Signal(syscall.SIGTERM)
	waitFor(t, "/readyz to say draining", func() bool {
		code, body := s.get(t, "/readyz")
		return code == 503 && strings.Contains(body, "draining")
	})
	if code, _ := s.get(t, "/healthz"); code != 200 {
		t.Errorf("/healthz while draining = %d", code)
	}
	if err := <-done; err != nil {
		t.Errorf("the statement running through the drain: %v", err)
	}
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not exit after the drain")
	}
	if code, _ := s.get(t, "/healthz"); code != 0 {
		t.Errorf("/healthz after exit = %d, want no answer", code)
	}
	if s.cmd.ProcessState.ExitCode() != 0 {
		t.Errorf("exit code %d", s.cmd.ProcessState.ExitCode())
	}
}
