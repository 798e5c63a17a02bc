package server

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor"
)

func TestShutdown_EndsIdleSessions(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := env.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	c.expect(`ErrorResponse FATAL 57P01 "terminating connection due to administrator command"`)
	if !c.closed() {
		t.Error("connection still open")
	}
	if _, err := net.DialTimeout("tcp", env.addr, time.Second); err == nil {
		t.Error("still accepting connections")
	}
}

func TestShutdown_WaitsForRunningStatement(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT * FROM slow"})
	waitScan(t, env)
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- env.srv.Shutdown(ctx)
	}()
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v while a statement ran", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(env.slow.release)
	c.expect("RowDescription*", `DataRow "done"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I",
		`ErrorResponse FATAL 57P01 "terminating connection due to administrator command"`)
	if err := <-done; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
}

func TestShutdown_CancelsAtDeadline(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT * FROM slow"})
	waitScan(t, env)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := env.srv.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown: %v", err)
	}
	c.expect("RowDescription*", `ErrorResponse FATAL 57P01 "terminating connection due to administrator command"`)
	if !c.closed() {
		t.Error("connection still open")
	}
}

func TestSessions(t *testing.T) {
	env := startServer(t, Config{})
	a := env.connect(t, "application_name=first")
	b := env.start(t, map[string]string{"application_name": "second"})
	if _, err := a.Exec(context.Background(), "BEGIN").ReadAll(); err != nil {
		t.Fatal(err)
	}
	b.send(&pgproto3.Query{String: "SELECT * FROM slow"})
	waitScan(t, env)
	got := map[string]SessionInfo{}
	for _, s := range env.srv.Sessions() {
		got[s.ApplicationName] = s
	}
	first, second := got["first"], got["second"]
	if first.State != "idle in transaction" || first.User != "alice" || first.Database != "aws" || first.XactStart.IsZero() || first.Query != "BEGIN" {
		t.Errorf("first: %+v", first)
	}
	if second.State != "active" || second.Query != "SELECT * FROM slow" || second.ClientAddr != "127.0.0.1" || second.PID == 0 || second.BackendStart.IsZero() {
		t.Errorf("second: %+v", second)
	}
	close(env.slow.release)
	b.until("ReadyForQuery")
}

func TestIdleTimeouts(t *testing.T) {
	env := startServer(t, Config{IdleSessionTimeout: 100 * time.Millisecond})
	c := env.start(t, nil)
	c.expect(`ErrorResponse FATAL 57P05 "terminating connection due to idle-session timeout"`)
	if !c.closed() {
		t.Error("connection still open")
	}
	// In a transaction block idle_session_timeout does not apply;
	// idle_in_transaction_session_timeout does.
	c = env.start(t, map[string]string{"idle_in_transaction_session_timeout": "300"})
	c.send(&pgproto3.Query{String: "BEGIN"})
	c.until("ReadyForQuery")
	start := time.Now()
	c.expect(`ErrorResponse FATAL 25P03 "terminating connection due to idle-in-transaction timeout"`)
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("ended after %v", d)
	}
}

func TestMaxMessageSize(t *testing.T) {
	env := startServer(t, Config{MaxMessageSize: 1024})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT '" + strings.Repeat("x", 900) + "'"})
	c.until("ReadyForQuery")
	c.send(&pgproto3.Query{String: "SELECT '" + strings.Repeat("x", 2000) + "'"})
	c.expect(`ErrorResponse FATAL 08P01 "invalid message length"`)
	if !c.closed() {
		t.Error("connection still open")
	}
}

func TestMalformedMessages(t *testing.T) {
	env := startServer(t, Config{})
	for _, tc := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"unknown type", []byte{'z', 0, 0, 0, 4}, `ErrorResponse FATAL 08P01 "invalid frontend message type 122"`},
		{"password after startup", []byte{'p', 0, 0, 0, 5, 0}, `ErrorResponse FATAL 08P01 "invalid frontend message type 112"`},
		{"short length", []byte{'Q', 0, 0, 0, 3}, `ErrorResponse FATAL 08P01 "invalid message format"`},
		{"negative length", []byte{'Q', 0xff, 0xff, 0xff, 0xff}, `ErrorResponse FATAL 08P01 "invalid message format"`},
		{"truncated bind", []byte{'B', 0, 0, 0, 7, 0, 0, 0}, `ErrorResponse FATAL 08P01 "invalid message format"`},
		{"describe without terminator", []byte{'D', 0, 0, 0, 6, 'S', 'x'}, `ErrorResponse FATAL 08P01 "invalid message format"`},
		{"query without terminator", []byte{'Q', 0, 0, 0, 5, 'x'}, `ErrorResponse FATAL 08P01 "invalid message format"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.start(t, nil)
			c.sendRaw(tc.raw)
			c.expect(tc.want)
			if !c.closed() {
				t.Error("connection still open")
			}
		})
	}
	// The server is unharmed.
	pc := env.connect(t, "")
	if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
}

func TestUnsupportedMessages(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.FunctionCall{Function: 1})
	c.expect(`ErrorResponse ERROR 0A000 "fastpath function calls are not supported"`, "ReadyForQuery I")
	// COPY messages outside COPY are ignored, as in PostgreSQL.
	c.send(&pgproto3.CopyData{Data: []byte("x")}, &pgproto3.CopyDone{}, &pgproto3.Query{String: "SELECT 1"})
	c.expect("RowDescription*", `DataRow "1"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
	c.send(&pgproto3.Terminate{})
	if !c.closed() {
		t.Error("connection still open after Terminate")
	}
}

// bombTable panics when the executor asks for its columns (while
// planning): the statement fails, the session goes on.
type bombTable struct{ testTable }

func (*bombTable) Columns() []catalog.Column { panic("boom") }

func TestPanicWhilePlanning(t *testing.T) {
	bomb := &bombTable{testTable{name: "bomb", oid: 16399}}
	env := startServer(t, Config{Engine: &executor.Engine{Catalog: catalog.New(bomb)}})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT * FROM bomb"})
	c.expect(`ErrorResponse ERROR XX000 "internal error: boom"`, "ReadyForQuery I")
	c.send(&pgproto3.Query{String: "SELECT 1"})
	c.expect("RowDescription*", `DataRow "1"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
	if !strings.Contains(env.logs.String(), "panic in statement") {
		t.Error("panic not logged")
	}
}
