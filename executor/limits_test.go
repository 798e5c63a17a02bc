package executor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestRunawayJoinFails(t *testing.T) {
	s := newTestSession(t)
	_, _, err := run(t, s, "SET vpnsql.statement_mem = '20MB'; SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b")
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.OutOfMemory || !strings.Contains(pe.Detail, `"Nested Loop"`) {
		t.Fatalf("err = %v, want 53200 in the Nested Loop", err)
	}
}

func TestLongJoinStopsWhenCancelled(t *testing.T) {
	s := newTestSession(t)
	stmts, err := s.Parse("SELECT count(*) FROM generate_series(1, 2000) a, generate_series(1, 2000) b WHERE a < b")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = s.Execute(ctx, p, nil)
	if !errors.Is(err, context.DeadlineExceeded) && pgerr.From(err).Code != pgerr.QueryCanceled {
		t.Fatalf("err = %v, want the statement cancelled", err)
	}
}
