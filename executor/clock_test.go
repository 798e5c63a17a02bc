package executor

import (
	"context"
	"testing"
	"time"
)

// TestClock: now() is the transaction's start, the same for every
// statement of a block; statement_timestamp() is each statement's own.
func TestClock(t *testing.T) {
	s := newTestSession(t)
	const q = "SELECT now()::text, statement_timestamp()::text"
	now := func() (string, string) {
		t.Helper()
		time.Sleep(2 * time.Millisecond) // the clocks have microseconds
		_, rows, err := run(t, s, q)
		if err != nil {
			t.Fatal(err)
		}
		return rows[0][0], rows[0][1]
	}
	if _, _, err := run(t, s, "BEGIN"); err != nil {
		t.Fatal(err)
	}
	n1, st1 := now()
	n2, st2 := now()
	if n1 != n2 {
		t.Errorf("now() changed inside a transaction block: %s, then %s", n1, n2)
	}
	if st1 == st2 {
		t.Errorf("statement_timestamp() is %s for two statements", st1)
	}
	if n1 > st1 {
		t.Errorf("now() %s is after statement_timestamp() %s", n1, st1)
	}
	if _, _, err := run(t, s, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if n3, _ := now(); n3 == n1 {
		t.Errorf("now() after COMMIT is still the block's %s", n1)
	}
}

// TestClock_Portal: a portal read after another statement ran keeps the
// times of its own execution.
func TestClock_Portal(t *testing.T) {
	s := newTestSession(t)
	ctx := context.Background()
	stmts, err := s.Parse("SELECT now(), statement_timestamp() FROM generate_series(1, 2)")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Prepare(ctx, stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Execute(ctx, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first, err := c.Next(ctx)
	if err != nil || first == nil {
		t.Fatalf("first row: %v %v", first, err)
	}
	time.Sleep(2 * time.Millisecond)
	if _, _, err := run(t, s, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	second, err := c.Next(ctx)
	if err != nil || second == nil {
		t.Fatalf("second row: %v %v", second, err)
	}
	for i, name := range []string{"now()", "statement_timestamp()"} {
		if !first[i].(time.Time).Equal(second[i].(time.Time)) {
			t.Errorf("%s: first row %v, second row %v after another statement ran", name, first[i], second[i])
		}
	}
}
