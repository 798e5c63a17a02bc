package server

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// TestServer_Observers: OnLogin hears each login's outcome (abandoned,
// failure, success, refused) and OnStatement each statement's kind and
// SQLSTATE, in the simple and the extended protocol, failures before
// they run included.
func TestServer_Observers(t *testing.T) {
	var mu sync.Mutex
	var logins []LoginEvent
	var stmts []string
	env := startServer(t, Config{Auth: AuthSCRAM, Users: StaticUsers{"alice": {Password: "secret"}}, MaxConnections: 1,
		OnLogin: func(ev LoginEvent) { mu.Lock(); logins = append(logins, ev); mu.Unlock() },
		OnStatement: func(ev StatementEvent) {
			mu.Lock()
			stmts = append(stmts, ev.Kind+" "+ev.SQLState)
			mu.Unlock()
		}})
	waitLogins := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			mu.Lock()
			got := len(logins)
			mu.Unlock()
			if got >= n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d logins reported, want %d", got, n)
			}
		}
	}
	ctx := context.Background()

	// Abandoned: the client leaves at the password request.
	c := env.dial(t)
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "alice", "database": "aws"}})
	c.until("AuthenticationSASL")
	c.nc.Close()
	waitLogins(1)
	if _, err := pgconn.Connect(ctx, env.connString("password=wrong")); pgCode(err) != "28P01" {
		t.Fatalf("wrong password: %v", err)
	}
	waitLogins(2)
	pc := env.connect(t, "password=secret application_name=obs")
	waitLogins(3)
	if _, err := pgconn.Connect(ctx, env.connString("password=secret")); pgCode(err) != "53300" {
		t.Fatalf("second session: %v", err)
	}
	waitLogins(4)

	pc.Exec(ctx, "SELECT 1; SHOW TimeZone").ReadAll()
	pc.Exec(ctx, "SELEC 1").ReadAll()
	pc.ExecParams(ctx, "SELECT $1::int4", [][]byte{[]byte("1")}, nil, nil, nil).Read()
	pc.Prepare(ctx, "bad", "SELECT nosuch", nil)

	mu.Lock()
	defer mu.Unlock()
	var got []string
	for _, ev := range logins {
		if ev.User != "alice" || ev.Method != "scram-sha-256" || ev.TLS || !strings.HasPrefix(ev.Address, "127.0.0.1:") {
			t.Errorf("login event %+v", ev)
		}
		got = append(got, ev.Outcome+" "+ev.SQLState+" "+ev.ApplicationName)
	}
	want := []string{"abandoned  ", "failure 28P01 ", "success  obs", "refused 53300 "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("logins:\n got %q\nwant %q", got, want)
	}
	want = []string{"select ", "show ", "invalid 42601", "select ", "select 42703"}
	if strings.Join(stmts, "|") != strings.Join(want, "|") {
		t.Errorf("statements:\n got %q\nwant %q", stmts, want)
	}
}
