package ec2

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func sixTargets() []target {
	a := &Account{}
	ts := make([]target, 6)
	for i := range ts {
		ts[i] = target{account: a, region: string(rune('a' + i))}
	}
	return ts
}

// A reader that does not read holds the window: only MaxParallel calls
// start; reading lets the others go.
func TestRegionStream_WindowBoundsUnreadAnswers(t *testing.T) {
	var calls atomic.Int64
	st := streamOut(context.Background(), &Source{MaxParallel: 2}, sixTargets(), func(_ context.Context, tg target) ([][]any, error) {
		calls.Add(1)
		return [][]any{{tg.region}}, nil
	})
	defer st.Close()
	time.Sleep(50 * time.Millisecond)
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d calls started with nothing read, want 2 (the window)", n)
	}
	seen := map[string]bool{}
	for {
		rows, err := st.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rows == nil {
			break
		}
		seen[rows[0][0].(string)] = true
	}
	if len(seen) != 6 || calls.Load() != 6 {
		t.Fatalf("read %v after %d calls, want the six targets' rows", seen, calls.Load())
	}
}

// Close cancels the calls in flight and returns when their goroutines
// have ended.
func TestRegionStream_CloseCancels(t *testing.T) {
	var running atomic.Int64
	st := streamOut(context.Background(), &Source{}, sixTargets(), func(ctx context.Context, _ target) ([][]any, error) {
		running.Add(1)
		defer running.Add(-1)
		<-ctx.Done()
		return nil, ctx.Err()
	})
	for running.Load() < 6 {
		time.Sleep(time.Millisecond)
	}
	st.Close()
	if n := running.Load(); n != 0 {
		t.Fatalf("%d calls still running after Close", n)
	}
	if rows, err := st.Next(); rows != nil || err != nil {
		t.Fatalf("Next after Close = %v, %v; want the end", rows, err)
	}
}
