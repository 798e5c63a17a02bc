package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/internal/sqlgen"
)

// hostileTimeout is the statement_timeout of the hostile sessions; the
// client gives each statement hostileGrace more before calling it hung.
const (
	hostileTimeout = 2 * time.Second
	hostileGrace   = 3 * time.Second
)

// hostileShapes are the shapes the tests run: sqlgen.Hostile, plus
// sqlgen.KnownCrashers with VPNSQL_TEST_KNOWN_CRASHERS=1 (to see them
// fail today, or to check the fix before moving them into Hostile).
func hostileShapes() []sqlgen.Shape {
	if os.Getenv("VPNSQL_TEST_KNOWN_CRASHERS") != "" {
		return append(append([]sqlgen.Shape{}, sqlgen.Hostile...), sqlgen.KnownCrashers...)
	}
	return sqlgen.Hostile
}

// hostileServer is a demo server under a memory limit with two sessions:
// one that runs the hostile statements and a control session that checks
// the server still answers. After a crash it starts a new server, so one
// crashing shape does not hide what the others do.
type hostileServer struct {
	url             string
	proc            *process
	session, contrl *pgx.Conn
}

// newHostileServer starts the server; t owns it (and a restarted one).
func newHostileServer(t testing.TB) *hostileServer {
	h := &hostileServer{}
	h.startServer(t)
	return h
}

func (h *hostileServer) startServer(t testing.TB) {
	t.Helper()
	// The memory accounts are set well below the process limit, so a
	// runaway statement ends with 53200 at a few hundred MB, quickly.
	h.url, h.proc = startLimited(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0",
		"--statement-mem", "256MB", "--max-memory", "1GB")
	h.contrl = h.connect(t)
	h.session = h.connect(t)
}

// replaceServer kills the server, which may still be busy with a
// statement that ignores its cancel (busy servers left behind would slow
// every later statement), and starts another.
func (h *hostileServer) replaceServer(t testing.TB) {
	t.Helper()
	h.proc.cmd.Process.Kill()
	h.startServer(t)
}

func (h *hostileServer) connect(t testing.TB) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(h.url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["statement_timeout"] = fmt.Sprint(hostileTimeout.Milliseconds())
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// alive says whether the server answers SELECT 1 on the control session.
func (h *hostileServer) alive() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var one int
	return h.contrl.QueryRow(ctx, "SELECT 1").Scan(&one) == nil && one == 1
}

// run sends st and returns what is wrong with how it ended ("" when it
// ended with a result or a PostgreSQL error, in time, the session and the
// server still up). A server found dead, before or after, is restarted,
// owned by t.
func (h *hostileServer) run(t testing.TB, st sqlgen.Statement) string {
	t.Helper()
	if !h.alive() {
		h.replaceServer(t)
	} else if h.session.IsClosed() {
		h.session = h.connect(t)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout+hostileGrace)
	defer cancel()
	began := time.Now()
	err := execStatement(ctx, h.session.PgConn(), st)
	took := time.Since(began)
	problem := judgeHostile(err)
	t.Logf("%s: %s in %s", st.Shape, hostileOutcome(err), took.Round(time.Millisecond))
	if ctx.Err() != nil {
		problem = fmt.Sprintf("no answer within %s (statement_timeout %s): %v", hostileTimeout+hostileGrace, hostileTimeout, err)
	}
	if !h.alive() {
		if h.proc.running() {
			problem = fmt.Sprintf("the server stopped answering after %s (%v), still running: killed", took.Round(time.Millisecond), err)
		} else {
			problem = fmt.Sprintf("the server died after %s (%v):\n%s", took.Round(time.Millisecond), err,
				crashReport(h.proc.stderr.String()))
		}
		h.replaceServer(t)
		return problem
	}
	pingCtx, cancelPing := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelPing()
	if h.session.IsClosed() || h.session.Ping(pingCtx) != nil {
		if problem == "" && !malformedMessage(err) {
			problem = fmt.Sprintf("the session ended (%v)", err)
		}
		h.session = h.connect(t)
	}
	return problem
}

// malformedMessage says whether err is the FATAL 08P01 with which the
// server ends a session that sent a malformed message, such as a Query
// whose text holds a NUL byte (docs/protocol.md; PostgreSQL answers that
// one with an ERROR and keeps the session).
func malformedMessage(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Severity == "FATAL" && pg.Code == "08P01"
}

// crashReport is the part of a dead server's stderr that says why: from
// the Go runtime's fatal error or panic line on, or else its end.
func crashReport(stderr string) string {
	for _, mark := range []string{"fatal error:", "panic:", "SIGSEGV", "signal arrived during cgo"} {
		if i := strings.Index(stderr, mark); i >= 0 {
			end := min(len(stderr), i+1200)
			return stderr[i:end]
		}
	}
	return tail(stderr, 1500)
}

// execStatement sends st over the simple protocol, or with its
// parameters over the extended protocol, and reads every result.
func execStatement(ctx context.Context, conn *pgconn.PgConn, st sqlgen.Statement) error {
	if st.Params == nil {
		_, err := conn.Exec(ctx, st.SQL).ReadAll()
		return err
	}
	params := make([][]byte, len(st.Params))
	for i, p := range st.Params {
		params[i] = []byte(p)
	}
	return conn.ExecParams(ctx, st.SQL, params, nil, nil, nil).Read().Err
}

// judgeHostile says what is wrong with a statement's error: nil and
// PostgreSQL errors are right, except internal errors (XX) and messages
// that show Go's or the parser's internals.
func judgeHostile(err error) string {
	if err == nil {
		return ""
	}
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return fmt.Sprintf("not a PostgreSQL error: %v", err)
	}
	// PostgreSQL itself answers a string past 1 GB built by || with this
	// internal error.
	if strings.HasPrefix(pg.Code, "XX") && !strings.HasPrefix(pg.Message, "invalid memory alloc request size") {
		return fmt.Sprintf("internal error %s: %s", pg.Code, pg.Message)
	}
	for _, leak := range []string{"proto:", "runtime error", "goroutine ", "panic", "cgo"} {
		if strings.Contains(pg.Message, leak) {
			return fmt.Sprintf("%s: %q shows internals", pg.Code, pg.Message)
		}
	}
	return ""
}

// hostileOutcome is "ok" or the error's SQLSTATE and message, for the log.
func hostileOutcome(err error) string {
	var pg *pgconn.PgError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &pg):
		msg := pg.Message
		if len(msg) > 80 {
			msg = msg[:80] + "..."
		}
		return pg.Code + " " + msg
	}
	return err.Error()
}

func describe(st sqlgen.Statement) string {
	s := st.SQL
	if len(s) > 160 {
		s = fmt.Sprintf("%s... (%d bytes)", s[:160], len(st.SQL))
	}
	if st.Params != nil {
		s += fmt.Sprintf(" with %d parameters", len(st.Params))
	}
	return fmt.Sprintf("%q", s)
}

// hostileSeeds are the seeds TestHostileShapes runs each shape with: 2
// and 3 (the fuzz target's seed corpus has 1), or 2 to N+1 with
// VPNSQL_TEST_HOSTILE_SEEDS=N for a wider run.
func hostileSeeds(t *testing.T) []uint64 {
	n := 2
	if v := os.Getenv("VPNSQL_TEST_HOSTILE_SEEDS"); v != "" {
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			t.Fatalf("VPNSQL_TEST_HOSTILE_SEEDS=%q: want a number of seeds", v)
		}
	}
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i + 2)
	}
	return seeds
}

// TestHostileShapes runs every hostile shape (by default with seeds 2 and
// 3; the fuzz target's seed corpus has seed 1) against one server and checks that
// each statement ends in time with a result or a PostgreSQL error, that
// the server survives, and that afterwards its goroutines and Go heap
// after a GC are back near where they started.
func TestHostileShapes(t *testing.T) {
	h := newHostileServer(t)
	// The baseline includes the SDK's idle keep-alive connections to
	// every account and region (two goroutines each): a pool, not a leak.
	warm, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := h.session.Exec(warm, "SELECT count(*) FROM vpn_connections"); err != nil {
		t.Fatal(err)
	}
	base := h.proc.stats(t)
	t.Logf("baseline: %s", base)
	crashed := false
	for _, shape := range hostileShapes() {
		t.Run(shape.Name, func(t *testing.T) {
			for _, seed := range hostileSeeds(t) {
				st := shape.Generate(seed)
				proc := h.proc
				if problem := h.run(t, st); problem != "" {
					t.Errorf("seed %d: %s: %s", seed, describe(st), problem)
				}
				crashed = crashed || proc != h.proc
			}
		})
	}
	if crashed {
		t.Log("the server was restarted after a crash: the heap check compares a new server")
		return
	}
	after := h.proc.stats(t)
	t.Logf("after: %s", after)
	if after.HeapAlloc > base.HeapAlloc+64<<20 {
		t.Errorf("Go heap after GC %.1f MiB, %.1f MiB at the start: the statements left memory behind", mib(after.HeapAlloc), mib(base.HeapAlloc))
	}
	if after.Goroutines > base.Goroutines+10 {
		t.Errorf("%d goroutines, %d at the start: the statements left goroutines behind", after.Goroutines, base.Goroutines)
	}
}

// FuzzHostileSQL runs a generated hostile statement (shape pick, seed)
// and, when raw is not empty, raw as a statement of its own, against the
// real server. The seed corpus is every shape once and a few recorded
// statements; `make fuzz` mutates them.
func FuzzHostileSQL(f *testing.F) {
	shapes := hostileShapes()
	for i := range shapes {
		f.Add(uint16(i), uint64(1), "")
	}
	for _, raw := range []string{
		"SELECT 1",
		`SELECT "vpnConnectionId", state, tags->>'Name' FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1`,
		"SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relname = 'vpn_connections'",
		"SELECT jsonb_path_query('[1,2,{\"a\":[3]}]', '$.**')",
		"SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.US TZ')",
		"WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n) FROM t",
	} {
		f.Add(uint16(0), uint64(0), raw)
	}
	h := newHostileServer(f)
	f.Fuzz(func(t *testing.T, pick uint16, seed uint64, raw string) {
		st := shapes[int(pick)%len(shapes)].Generate(seed)
		if problem := h.run(t, st); problem != "" {
			t.Errorf("%s seed %d: %s: %s", st.Shape, seed, describe(st), problem)
		}
		// A mutated statement may not loosen the session's limits.
		if raw == "" || strings.Contains(strings.ToLower(raw), "timeout") {
			return
		}
		if problem := h.run(t, sqlgen.Statement{Shape: "raw", SQL: raw}); problem != "" {
			t.Errorf("%s: %s", describe(sqlgen.Statement{SQL: raw}), problem)
		}
	})
}
