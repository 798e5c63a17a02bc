package ec2

import (
	"context"
	"strings"
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
	st := streamOut(context.Background(), &Source{MaxParallel: 2}, sixTargets(), nil, func(_ context.Context, tg target) ([][]any, error) {
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
	st := streamOut(context.Background(), &Source{}, sixTargets(), nil, func(ctx context.Context, _ target) ([][]any, error) {
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

// Targets the cache answers come first and are not called; the others are
// called as before; a scan the cache answers whole starts no call at all.
func TestRegionStream_CachedTargets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cached string // the regions the cache answers
		first  string // what Next returns before any call's answer
	}{
		{"none", "", ""},
		{"some", "bdf", "bdf"},
		{"all", "abcdef", "abcdef"},
	} {
		var calls atomic.Int64
		release := make(chan struct{})
		var ready []regionResult
		for i, tg := range sixTargets() {
			if strings.Contains(tc.cached, tg.region) {
				ready = append(ready, regionResult{target: i, rows: [][]any{{tg.region}}})
			}
		}
		st := streamOut(context.Background(), &Source{}, sixTargets(), ready, func(_ context.Context, tg target) ([][]any, error) {
			calls.Add(1)
			<-release // held until the cached answers are read
			return [][]any{{tg.region}}, nil
		})
		var got string
		for range tc.cached {
			rows, err := st.Next()
			if err != nil || len(rows) != 1 {
				t.Fatalf("%s: %v, %v", tc.name, rows, err)
			}
			got += rows[0][0].(string)
		}
		if got != tc.first {
			t.Errorf("%s: first answers %q, want %q", tc.name, got, tc.first)
		}
		close(release)
		for {
			rows, err := st.Next()
			if err != nil {
				t.Fatal(err)
			}
			if rows == nil {
				break
			}
			got += rows[0][0].(string)
		}
		st.Close()
		if n := int(calls.Load()); n != 6-len(tc.cached) || len(got) != 6 {
			t.Errorf("%s: %d calls, answers %q; want %d calls and the six targets", tc.name, n, got, 6-len(tc.cached))
		}
		if tc.cached == "abcdef" && st.cancel != nil {
			t.Errorf("%s: a scan the cache answered whole made a context for calls", tc.name)
		}
	}
}
