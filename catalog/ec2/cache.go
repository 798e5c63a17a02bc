package ec2

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// DefaultCacheTTL is how long a Describe result is reused when the session
// does not set vpnsql.cache_ttl.
const DefaultCacheTTL = 30 * time.Second

// readCache keeps Describe results per (account, region, call) for a TTL
// and coalesces identical concurrent calls. A write to an account and
// region drops that pair's entries.
type readCache struct {
	group singleflight.Group
	mu    sync.Mutex
	items map[string]cacheItem
	now   func() time.Time
}

type cacheItem struct {
	scope   string // account|region, for invalidation
	value   any
	fetched time.Time
}

func newReadCache() *readCache {
	return &readCache{items: map[string]cacheItem{}, now: time.Now}
}

// get returns the cached value for key if younger than ttl, else calls
// fetch (once for all concurrent callers of the same key) and stores it.
// hit reports whether no API call was made for this caller.
func (c *readCache) get(ctx context.Context, scope, key string, ttl time.Duration, fetch func(context.Context) (any, error)) (v any, hit bool, err error) {
	if ttl <= 0 {
		v, err := fetch(ctx)
		return v, false, err
	}
	c.mu.Lock()
	it, ok := c.items[key]
	c.mu.Unlock()
	if ok && c.now().Sub(it.fetched) < ttl {
		return it.value, true, nil
	}
	ch := c.group.DoChan(key, func() (v any, err error) {
		// singleflight re-panics a DoChan panic in a goroutine of its own,
		// which ends the process: every waiter gets it as an error.
		defer func() {
			if r := recover(); r != nil {
				err = pgerr.FromPanic(r)
			}
		}()
		// The shared call must not die with the first caller's context;
		// each caller still stops waiting when its own context ends.
		v, err = fetch(context.WithoutCancel(ctx))
		if err == nil {
			c.mu.Lock()
			c.items[key] = cacheItem{scope: scope, value: v, fetched: c.now()}
			c.mu.Unlock()
		}
		return v, err
	})
	select {
	case r := <-ch:
		return r.Val, r.Shared, r.Err
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
}

// invalidate drops every entry of one account and region.
func (c *readCache) invalidate(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, it := range c.items {
		if it.scope == scope {
			delete(c.items, k)
		}
	}
}

// cacheTTL reads vpnsql.cache_ttl from the scanning session: a duration
// with PostgreSQL's units (ms, s, min, h) or plain seconds; 0 disables.
func cacheTTL(ctx context.Context) time.Duration {
	s, ok := catalog.SessionFrom(ctx)
	if !ok || s.Setting == nil {
		return DefaultCacheTTL
	}
	d, err := ParseTTL(s.Setting("vpnsql.cache_ttl"))
	if err != nil {
		return DefaultCacheTTL
	}
	return d
}

// ParseTTL parses a vpnsql.cache_ttl value.
func ParseTTL(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DefaultCacheTTL, nil
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(n * float64(time.Second)), nil
	}
	v = strings.Replace(v, "min", "m", 1)
	return time.ParseDuration(strings.ReplaceAll(v, " ", ""))
}
