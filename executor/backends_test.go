package executor

import (
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// TestAdvisoryLocks_BetweenSessions: two sessions of one engine share
// its advisory locks: exclusive against both kinds, waits until the
// holder unlocks, released at Close, and a wait that closes a cycle is
// 40P01.
func TestAdvisoryLocks_BetweenSessions(t *testing.T) {
	eng := &Engine{Catalog: catalog.New()}
	open := func(pid int32) *Session {
		s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws", PID: pid})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := open(1), open(2)
	one := func(s *Session, sql string) string {
		t.Helper()
		_, rows, err := run(t, s, sql)
		if err != nil {
			return string(pgerr.From(err).Code)
		}
		return rows[0][0]
	}
	if one(a, "SELECT pg_try_advisory_lock(1)") != "t" || one(b, "SELECT pg_try_advisory_lock(1)") != "f" || one(b, "SELECT pg_try_advisory_lock_shared(1)") != "f" {
		t.Fatal("lock 1 not exclusive")
	}
	if one(a, "SELECT pg_try_advisory_lock(1)") != "t" || one(a, "SELECT pg_advisory_unlock(1)") != "t" || one(b, "SELECT pg_try_advisory_lock(1)") != "f" {
		t.Fatal("a re-entrant lock released by one unlock")
	}
	done := make(chan string, 1)
	go func() { done <- one(b, "SELECT pg_advisory_lock(1)") }()
	select {
	case got := <-done:
		t.Fatalf("pg_advisory_lock did not wait: %s", got)
	case <-time.After(100 * time.Millisecond):
	}
	if one(a, "SELECT pg_advisory_unlock(1)") != "t" {
		t.Fatal("unlock")
	}
	if got := <-done; got != "" {
		t.Fatalf("the waiter got %q", got)
	}
	// b holds 1; a takes 2 and waits for 1; b waiting for 2 closes the cycle.
	if one(a, "SELECT pg_try_advisory_lock(2)") != "t" {
		t.Fatal("lock 2")
	}
	go func() { done <- one(a, "SELECT pg_advisory_lock(1)") }()
	time.Sleep(100 * time.Millisecond)
	if got := one(b, "SELECT pg_advisory_lock(2)"); got != string(pgerr.TRDeadlockDetected) {
		t.Fatalf("closing the cycle: %q, want 40P01", got)
	}
	b.Close() // b's locks go with it, so a gets 1
	if got := <-done; got != "" {
		t.Fatalf("a's wait after b closed: %q", got)
	}
	a.Close()
	c := open(3)
	if one(c, "SELECT pg_try_advisory_lock(1)") != "t" || one(c, "SELECT pg_try_advisory_lock(2)") != "t" {
		t.Fatal("closed sessions' locks still held")
	}
}
