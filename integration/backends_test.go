package integration

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestBackends_SignalsAndAdvisoryLocks: pg_cancel_backend,
// pg_terminate_backend and the advisory locks between real sessions, as
// PostgreSQL 15 has them: a user signals only its own sessions (42501
// otherwise), advisory locks are the server's, held to the end of the
// session or the transaction.
func TestBackends_SignalsAndAdvisoryLocks(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	ctx := testContext(t)
	connect := func(user string) (*pgx.Conn, int32) {
		c, err := pgx.Connect(ctx, withUser(url, user))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(context.Background()) })
		var pid int32
		if err := c.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		return c, pid
	}
	a, _ := connect("vpnsql")
	b, bpid := connect("vpnsql")
	other, _ := connect("alice")
	boolOf := func(c *pgx.Conn, sql string, args ...any) bool {
		t.Helper()
		var v bool
		if err := c.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return v
	}
	code := func(err error) string {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return pe.Code + " " + pe.Message
		}
		return "no error"
	}

	// Cancel: b's statement ends with 57014, the session goes on.
	done := make(chan error, 1)
	go func() { _, err := b.Exec(ctx, "SELECT pg_sleep(30)"); done <- err }()
	time.Sleep(200 * time.Millisecond)
	if !boolOf(a, "SELECT pg_cancel_backend($1)", bpid) {
		t.Fatal("pg_cancel_backend = false")
	}
	if err := <-done; code(err) != "57014 canceling statement due to user request" {
		t.Fatalf("cancelled statement: %v", err)
	}
	if _, err := other.Exec(ctx, "SELECT pg_cancel_backend($1)", bpid); code(err) != "42501 must be a member of the role whose query is being canceled or member of pg_signal_backend" {
		t.Fatalf("another user's cancel: %v", err)
	}
	if _, err := other.Exec(ctx, "SELECT pg_terminate_backend($1)", bpid); code(err) != "42501 must be a member of the role whose process is being terminated or member of pg_signal_backend" {
		t.Fatalf("another user's terminate: %v", err)
	}
	if boolOf(a, "SELECT pg_cancel_backend(999999)") {
		t.Fatal("pg_cancel_backend of no session = true")
	}
	if _, err := a.Exec(ctx, "SELECT pg_terminate_backend($1, -1)", bpid); code(err) != `22003 "timeout" must not be negative` {
		t.Fatalf("negative timeout: %v", err)
	}

	// Advisory locks: exclusive, waiting, unlock, a second unlock.
	if !boolOf(a, "SELECT pg_try_advisory_lock(42)") || boolOf(b, "SELECT pg_try_advisory_lock(42)") || boolOf(b, "SELECT pg_try_advisory_lock_shared(42)") {
		t.Fatal("exclusive lock 42 not exclusive")
	}
	go func() { _, err := b.Exec(ctx, "SELECT pg_advisory_lock(42)"); done <- err }()
	select {
	case err := <-done:
		t.Fatalf("pg_advisory_lock did not wait: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if !boolOf(a, "SELECT pg_advisory_unlock(42)") {
		t.Fatal("unlock = false")
	}
	if err := <-done; err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	if boolOf(a, "SELECT pg_advisory_unlock(42)") {
		t.Fatal("unlock of a lock not held = true")
	}
	// Shared locks share; a (int4, int4) key is not the bigint one.
	if !boolOf(a, "SELECT pg_try_advisory_lock_shared(5)") || !boolOf(other, "SELECT pg_try_advisory_lock_shared(5)") || boolOf(other, "SELECT pg_try_advisory_lock(5)") {
		t.Fatal("shared lock 5")
	}
	if !boolOf(a, "SELECT pg_try_advisory_lock(0, 5)") {
		t.Fatal("the pair (0, 5) conflicts with the bigint 5")
	}
	// Transaction-scoped: released by COMMIT, and at the end of a
	// statement outside a transaction block.
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7)"); err != nil {
		t.Fatal(err)
	}
	if boolOf(a, "SELECT pg_try_advisory_lock(7)") {
		t.Fatal("xact lock 7 not held in the transaction")
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if !boolOf(other, "SELECT pg_try_advisory_xact_lock(8)") || !boolOf(a, "SELECT pg_try_advisory_lock(7)") || !boolOf(a, "SELECT pg_try_advisory_lock(8)") {
		t.Fatal("xact locks outlived their transactions")
	}
	// pg_advisory_unlock_all, then a session's end releases its locks:
	// b holds 42 until a terminates it.
	if _, err := a.Exec(ctx, "SELECT pg_advisory_unlock_all()"); err != nil {
		t.Fatal(err)
	}
	if !boolOf(other, "SELECT pg_try_advisory_lock(7)") || !boolOf(other, "SELECT pg_advisory_unlock(7)") {
		t.Fatal("pg_advisory_unlock_all kept lock 7")
	}
	if !boolOf(a, "SELECT pg_terminate_backend($1, 5000)", bpid) {
		t.Fatal("pg_terminate_backend = false")
	}
	if _, err := b.Exec(ctx, "SELECT 1"); err == nil {
		t.Fatal("the terminated session still answers")
	}
	if !boolOf(a, "SELECT pg_try_advisory_lock(42)") {
		t.Fatal("the terminated session's lock 42 is still held")
	}
}

// TestBackends_AdvisoryDeadlock: two sessions each waiting for the
// other's advisory lock is PostgreSQL's 40P01 deadlock detected for the
// one that closes the cycle; the other then gets its lock.
func TestBackends_AdvisoryDeadlock(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	ctx := testContext(t)
	a, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	b, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	for _, q := range []struct {
		c   *pgx.Conn
		sql string
	}{{a, "SELECT pg_advisory_lock(1)"}, {b, "SELECT pg_advisory_lock(2)"}} {
		if _, err := q.c.Exec(ctx, q.sql); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { _, err := a.Exec(ctx, "SELECT pg_advisory_lock(2)"); done <- err }()
	time.Sleep(200 * time.Millisecond)
	_, err = b.Exec(ctx, "SELECT pg_advisory_lock(1)")
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "40P01" || pe.Message != "deadlock detected" {
		t.Fatalf("the cycle's second wait: %v, want 40P01 deadlock detected", err)
	}
	if _, err := b.Exec(ctx, "SELECT pg_advisory_unlock(2)"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the first waiter: %v", err)
	}
}
