package server

import (
	"context"
	"maps"
	"testing"
	"time"
)

// TestServer_SetUsers: a reload that removes a user ends that user's idle
// and running sessions with 57P01, as pg_terminate_backend words it; the
// other users' sessions go on, and the removed user cannot log in again.
func TestServer_SetUsers(t *testing.T) {
	users := testUsers(t)
	env := startServer(t, Config{Auth: AuthSCRAM, Users: users})
	idle := env.connect(t, "password=secret")
	running := env.connect(t, "password=secret")
	other := env.connect(t, "user=bob password=hunter2")

	res := make(chan error, 1)
	go func() {
		_, err := running.Exec(context.Background(), "SELECT * FROM slow").ReadAll()
		res <- err
	}()
	<-env.slow.scanning
	next := maps.Clone(users)
	delete(next, "alice")
	if n := env.srv.SetUsers(next); n != 2 {
		t.Errorf("SetUsers terminated %d sessions, want 2", n)
	}
	const want = "FATAL 57P01 terminating connection due to administrator command"
	select {
	case err := <-res:
		if got := pgMessage(err); got != want {
			t.Errorf("running statement: %q, want %q", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the running statement was not ended")
	}
	_, err := idle.Exec(context.Background(), "SELECT 1").ReadAll()
	if got := pgMessage(err); got != want && !idle.IsClosed() {
		t.Errorf("idle session: %q, want %q", got, want)
	}
	if _, err := other.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Errorf("another user's session: %v", err)
	}
	_, err = connectFrom(env, "127.0.0.1", "alice", "secret")
	if got := pgMessage(err); got != `FATAL 28P01 password authentication failed for user "alice"` {
		t.Errorf("removed user logging in: %q", got)
	}
}

// TestServer_UserConnectionLimit: a user's sessions past its limit get
// PostgreSQL's 53300; other users are not counted against it, and a
// closed session frees its place.
func TestServer_UserConnectionLimit(t *testing.T) {
	users := testUsers(t)
	bob := users["bob"]
	bob.ConnectionLimit = 2
	users["bob"] = bob
	env := startServer(t, Config{Auth: AuthSCRAM, Users: users, MaxUserConnections: 1})
	env.connect(t, "user=bob password=hunter2")
	second := env.connect(t, "user=bob password=hunter2")
	_, err := connectFrom(env, "127.0.0.1", "bob", "hunter2")
	if got, want := pgMessage(err), `FATAL 53300 too many connections for role "bob"`; got != want {
		t.Errorf("third session: %q, want %q", got, want)
	}
	env.connect(t, "password=secret")
	_, err = connectFrom(env, "127.0.0.1", "alice", "secret")
	if got, want := pgMessage(err), `FATAL 53300 too many connections for role "alice"`; got != want {
		t.Errorf("alice past the server's per-user default: %q, want %q", got, want)
	}
	second.Close(context.Background())
	deadline := time.Now().Add(5 * time.Second)
	for {
		pc, err := connectFrom(env, "127.0.0.1", "bob", "hunter2")
		if err == nil {
			pc.Close(context.Background())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed session's place was not freed: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestServer_KilledSessionRunsNothingMore: the read a kill interrupts can
// return data instead of the timeout when both arrive at once, so a killed
// session checks again after its read. Setting only the flag, without
// the interrupt, makes that race certain.
func TestServer_KilledSessionRunsNothingMore(t *testing.T) {
	env := startServer(t, Config{Auth: AuthSCRAM, Users: testUsers(t)})
	pc := env.connect(t, "password=secret")
	env.srv.mu.Lock()
	for c := range env.srv.conns {
		c.killed.Store(true)
	}
	env.srv.mu.Unlock()
	// The session may also have ended before its read (the flag set
	// between its ReadyForQuery and its check): closed then, not run.
	_, err := pc.Exec(context.Background(), "SELECT 1").ReadAll()
	if got, want := pgMessage(err), "FATAL 57P01 terminating connection due to administrator command"; got != want && !pc.IsClosed() {
		t.Errorf("a statement after the kill: %q, want %q", got, want)
	}
}
