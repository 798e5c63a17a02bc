package integration

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// The server's limits, end to end with the vpnsql binary: graceful
// shutdown on SIGTERM, max connections, max message size, malformed
// messages, the idle timeouts.

// protoServer is a `vpnsql serve --demo` the test controls (signals).
type protoServer struct {
	url    string
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{}
	err    error // after exited
}

func startProtoServer(t *testing.T, args ...string) *protoServer {
	t.Helper()
	return startProtoServerBin(t, binary, args...)
}

// startProtoServerBin is startProtoServer with another build of vpnsql.
func startProtoServerBin(t *testing.T, bin string, args ...string) *protoServer {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--demo", "--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &protoServer{cmd: cmd, stderr: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stderr = s.stderr
	registerLog(strings.Join(cmd.Args[1:], " "), s.stderr)
	out, _ := scannedStdout(strings.Join(cmd.Args[1:], " "), stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := serveReady.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, out)
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
		if t.Failed() {
			t.Logf("vpnsql stderr:\n%s", s.stderr.String())
		}
	})
	select {
	case u := <-found:
		// As user postgres, database postgres, no TLS.
		pu, _ := url.Parse(u)
		s.url = "postgres://postgres@127.0.0.1:" + pu.Port() + "/postgres?sslmode=disable"
	case <-time.After(60 * time.Second):
		t.Fatalf("vpnsql did not become ready:\n%s", s.stderr.String())
	}
	return s
}

func (s *protoServer) addr() string {
	u, _ := url.Parse(s.url)
	return u.Host
}

// protoRaw is a session driven message by message after a normal
// startup (pgconn, then hijacked).
type protoRaw struct {
	t  *testing.T
	nc net.Conn
	fe *pgproto3.Frontend
}

func dialProtoRaw(t *testing.T, connString string) *protoRaw {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pc, err := pgconn.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	hj, err := pc.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hj.Conn.Close() })
	return &protoRaw{t: t, nc: hj.Conn, fe: hj.Frontend}
}

func (r *protoRaw) query(sql string) {
	r.t.Helper()
	r.fe.Send(&pgproto3.Query{String: sql})
	if err := r.fe.Flush(); err != nil {
		r.t.Fatalf("send: %v", err)
	}
}

// read renders backend messages up to ReadyForQuery, or up to the end of
// the connection ("closed"), or until the deadline ("timeout").
func (r *protoRaw) read(timeout time.Duration) []string {
	r.nc.SetReadDeadline(time.Now().Add(timeout))
	var out []string
	for {
		m, err := r.fe.Receive()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return append(out, "timeout")
			}
			return append(out, "closed")
		}
		switch m := m.(type) {
		case *pgproto3.ErrorResponse:
			out = append(out, fmt.Sprintf("%s %s %s", m.Severity, m.Code, m.Message))
		case *pgproto3.DataRow:
			out = append(out, fmt.Sprintf("DataRow %q", m.Values))
		case *pgproto3.CommandComplete:
			out = append(out, "CommandComplete "+string(m.CommandTag))
		case *pgproto3.ReadyForQuery:
			return append(out, "ReadyForQuery "+string(m.TxStatus))
		case *pgproto3.RowDescription:
			out = append(out, "RowDescription")
		default:
			out = append(out, fmt.Sprintf("%T", m))
		}
	}
}

func protoWant(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestProtocolShutdown sends SIGTERM to the binary while one session is
// idle, one runs a statement shorter than the drain period (10s) and one
// runs a longer one: the idle session ends at once with 57P01, the short
// statement finishes and then its session ends, the long one is cancelled
// with 57P01 when the drain period is over, and no new session starts.
func TestProtocolShutdown(t *testing.T) {
	t.Parallel()
	srv := startProtoServer(t)
	idle := dialProtoRaw(t, srv.url)
	short := dialProtoRaw(t, srv.url)
	long := dialProtoRaw(t, srv.url)
	short.query("SELECT pg_sleep(2) AS short")
	long.query("SELECT pg_sleep(60) AS long")
	ctx := testContext(t)
	for _, q := range []string{"SELECT pg_sleep(2) AS short", "SELECT pg_sleep(60) AS long"} {
		if err := protoWaitActive(ctx, srv.url, q); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	check := func(name string, within time.Duration, r *protoRaw, want ...string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := r.read(30 * time.Second)
			if got[len(got)-1] == "ReadyForQuery I" {
				got = append(got, r.read(30*time.Second)...)
			}
			protoWant(t, name, got, want...)
			if d := time.Since(start); d > within {
				t.Errorf("%s: ended after %v", name, d)
			}
		}()
	}
	const fatal = "FATAL 57P01 terminating connection due to administrator command"
	check("idle session", 2*time.Second, idle, fatal, "closed")
	check("short statement", 5*time.Second, short, "RowDescription", `DataRow [""]`, "CommandComplete SELECT 1", "ReadyForQuery I", fatal, "closed")
	check("long statement", 20*time.Second, long, "RowDescription", fatal, "closed")
	// New connections are refused at once.
	time.Sleep(200 * time.Millisecond)
	if nc, err := net.DialTimeout("tcp", srv.addr(), time.Second); err == nil {
		nc.Close()
		t.Error("still accepting connections after SIGTERM")
	}
	wg.Wait()
	if d := time.Since(start); d < 9*time.Second {
		t.Errorf("the long statement was cancelled after %v, before the 10s drain period", d)
	}
	select {
	case <-srv.exited:
	case <-time.After(10 * time.Second):
		t.Fatal("vpnsql still runs after its sessions ended")
	}
	if log := srv.stderr.String(); !strings.Contains(log, "shutting down") || !strings.Contains(log, "cancelling running statements") {
		t.Errorf("log does not tell the shutdown:\n%s", log)
	}
	t.Logf("vpnsql exited: %v", srv.err)
}

// TestProtocolMaxConnections: --max-connections 2 refuses the third
// session with 53300; a CancelRequest still gets through and does not
// count; a slot frees when a session ends.
func TestProtocolMaxConnections(t *testing.T) {
	t.Parallel()
	srv := startProtoServer(t, "--max-connections", "2")
	ctx := testContext(t)
	a := protoConnect(t, srv.url)
	b := protoConnect(t, srv.url)
	_, err := pgconn.Connect(ctx, srv.url)
	if got := protoPgError(err); got != "FATAL 53300 sorry, too many clients already" {
		t.Errorf("third connection: %s", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := b.Exec(ctx, "SELECT pg_sleep(10)").ReadAll()
		done <- err
	}()
	// pg_stat_activity needs a session: ask on a.
	for {
		res, err := a.Exec(ctx, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'").ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if string(res[0].Rows[0][0]) == "1" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := b.CancelRequest(ctx); err != nil {
		t.Fatal(err)
	}
	if got := protoPgError(<-done); got != "ERROR 57014 canceling statement due to user request" {
		t.Errorf("cancelled statement: %s", got)
	}
	a.Close(ctx)
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := pgconn.Connect(ctx, srv.url)
		if err == nil {
			c.Close(ctx)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no slot after a session ended: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestProtocolMessageLimits: a message over --max-message-size and a
// malformed message end only their own session with FATAL 08P01.
func TestProtocolMessageLimits(t *testing.T) {
	t.Parallel()
	srv := startProtoServer(t, "--max-message-size", "4096")
	other := protoConnect(t, srv.url)
	ctx := testContext(t)

	big := dialProtoRaw(t, srv.url)
	big.query("SELECT length('" + strings.Repeat("x", 3900) + "') AS n")
	protoWant(t, "a message under the limit", big.read(10*time.Second), "RowDescription", `DataRow ["3900"]`, "CommandComplete SELECT 1", "ReadyForQuery I")
	big.query("SELECT length('" + strings.Repeat("x", 5000) + "') AS n")
	protoWant(t, "a message over the limit", big.read(10*time.Second), "FATAL 08P01 invalid message length", "closed")

	bad := dialProtoRaw(t, srv.url)
	bad.nc.Write([]byte{'Q', 0, 0, 0, 3})
	protoWant(t, "a malformed message", bad.read(10*time.Second), "FATAL 08P01 invalid message format", "closed")
	unknown := dialProtoRaw(t, srv.url)
	unknown.nc.Write([]byte{'z', 0, 0, 0, 4})
	protoWant(t, "an unknown message type", unknown.read(10*time.Second), "FATAL 08P01 invalid frontend message type 122", "closed")

	if res, err := other.Exec(ctx, "SELECT 'unaffected'").ReadAll(); err != nil || string(res[0].Rows[0][0]) != "unaffected" {
		t.Errorf("another session after the failures: %v", err)
	}
}

// TestProtocolIdleTimeouts: --idle-session-timeout ends a session idle
// outside a transaction block with 57P05; the session setting
// idle_in_transaction_session_timeout ends one idle inside a block with
// 25P03, exactly as PostgreSQL 15 does (checked against it).
func TestProtocolIdleTimeouts(t *testing.T) {
	t.Parallel()
	srv := startProtoServer(t, "--idle-session-timeout", "300ms")
	idle := dialProtoRaw(t, srv.url)
	start := time.Now()
	protoWant(t, "idle session", idle.read(10*time.Second), "FATAL 57P05 terminating connection due to idle-session timeout", "closed")
	if d := time.Since(start); d < 250*time.Millisecond || d > 5*time.Second {
		t.Errorf("idle session ended after %v, want about 300ms", d)
	}

	ref := "postgres://postgres@" + startProtoReference(t) + "/postgres?sslmode=disable"
	sessions := map[string][]string{}
	for _, tg := range []struct{ name, url string }{{"vpnsql", srv.url}, {"postgres", ref}} {
		r := dialProtoRaw(t, tg.url)
		var got []string
		for _, q := range []string{"SET idle_in_transaction_session_timeout = 1000", "BEGIN", "SELECT 1 AS still_alive"} {
			r.query(q)
			got = append(got, r.read(10*time.Second)...)
		}
		start := time.Now()
		got = append(got, r.read(10*time.Second)...)
		if d := time.Since(start); d < 900*time.Millisecond || d > 6*time.Second {
			t.Errorf("%s: idle in transaction ended after %v, want about 1s", tg.name, d)
		}
		sessions[tg.name] = got
	}
	protoWant(t, "idle in transaction", sessions["vpnsql"], sessions["postgres"]...)
	protoWant(t, "idle in transaction (PostgreSQL)", sessions["postgres"][len(sessions["postgres"])-2:],
		"FATAL 25P03 terminating connection due to idle-in-transaction timeout", "closed")
}

// protoConnect opens a pgconn session, closed when the test ends.
func protoConnect(t *testing.T, connString string) *pgconn.PgConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pc, err := pgconn.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { pc.Close(context.Background()) })
	return pc
}

func protoPgError(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity + " " + pe.Code + " " + pe.Message
	}
	if err == nil {
		return "no error"
	}
	return err.Error()
}
