package ec2

import (
	"context"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
)

// TestReadCache_Stats: hits, misses, evictions (expired and replaced,
// invalidated) and bytes, as the metrics read them.
func TestReadCache_Stats(t *testing.T) {
	src := &Source{}
	c := src.readCache()
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	ctx := context.Background()
	fetch := func(n int) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { return make([][]any, n), nil }
	}
	r1, r2 := cacheKey{accountID: "a", region: "r1", action: "k"}, cacheKey{accountID: "a", region: "r2", action: "k"}
	fresh := catalog.Freshness{TTL: time.Minute}
	c.get(ctx, r1, fresh, fetch(2)) // miss
	c.get(ctx, r1, fresh, fetch(2)) // hit
	c.get(ctx, r2, fresh, fetch(3)) // miss
	now = now.Add(2 * time.Minute)
	c.get(ctx, r1, fresh, fetch(1)) // expired: miss, replaces
	entryBytes := func() (n int64) {
		for _, it := range c.entries() {
			n += it.bytes
		}
		return n
	}
	want := CacheStats{Hits: 1, Misses: 3, Evictions: 1, Entries: 2, Bytes: entryBytes()}
	if got := src.CacheStats(); got != want || got.Bytes <= 0 {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	src.Invalidate("a", "r2")
	want = CacheStats{Hits: 1, Misses: 3, Evictions: 2, Entries: 1, Bytes: entryBytes()}
	if got := src.CacheStats(); got != want || got.Bytes <= 0 {
		t.Errorf("after invalidate: %+v, want %+v", got, want)
	}
}
