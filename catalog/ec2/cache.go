package ec2

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

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
	mu    sync.Mutex
	items map[string]cacheItem
	calls map[string]*sharedCall // calls in flight, by key
	now   func() time.Time
	// size estimates a stored value's bytes (Source.SizeOf; nil: 0).
	size  func(any) int64
	stats CacheStats
}

type cacheItem struct {
	scope   string // account|region, for invalidation
	value   any
	fetched time.Time
	bytes   int64
}

// CacheStats are the read cache's counters since the start (metrics).
type CacheStats struct {
	// Hits are reads answered without a call of their own (a joined call
	// counts); Misses are reads that made the call.
	Hits, Misses uint64
	// Evictions are entries dropped: replaced after their TTL, or
	// invalidated by a write.
	Evictions uint64
	Entries   int
	Bytes     int64 // estimated size of the entries
}

// CacheStats returns the read cache's counters.
func (s *Source) CacheStats() CacheStats {
	c := s.readCache()
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.Entries = len(c.items)
	return st
}

// sharedCall is one API call that several statements wait for. It runs
// with a context of its own, cancelled when its last waiter leaves: a
// statement that stops early (LIMIT, a cancel) does not take the call from
// the others, and a call nobody waits for any more is not finished.
type sharedCall struct {
	done    chan struct{}
	val     any
	err     error
	waiters int // guarded by readCache.mu
	cancel  context.CancelFunc
}

func newReadCache() *readCache {
	return &readCache{items: map[string]cacheItem{}, calls: map[string]*sharedCall{}, now: time.Now}
}

// get returns the cached value for key if younger than ttl, else calls
// fetch (once for all concurrent callers of the same key) and stores it.
// hit reports whether no API call was made for this caller: a caller that
// joined another's call counts as a hit.
func (c *readCache) get(ctx context.Context, scope, key string, ttl time.Duration, fetch func(context.Context) (any, error)) (v any, hit bool, err error) {
	if ttl <= 0 {
		v, err := fetch(ctx)
		return v, false, err
	}
	c.mu.Lock()
	if it, ok := c.items[key]; ok && c.now().Sub(it.fetched) < ttl {
		c.stats.Hits++
		c.mu.Unlock()
		return it.value, true, nil
	}
	call, joined := c.calls[key]
	if joined {
		c.stats.Hits++
		call.waiters++
	} else {
		c.stats.Misses++
		// The call keeps the first caller's values (its session) but not
		// its cancellation: the waiters' count decides when it ends.
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		call = &sharedCall{done: make(chan struct{}), waiters: 1, cancel: cancel}
		c.calls[key] = call
		go c.run(cctx, scope, key, call, fetch)
	}
	c.mu.Unlock()
	select {
	case <-call.done:
		c.mu.Lock()
		call.waiters--
		c.mu.Unlock()
		return call.val, joined, call.err
	case <-ctx.Done():
		c.leave(key, call)
		return nil, false, ctx.Err()
	}
}

// run makes the shared call and stores its result.
func (c *readCache) run(ctx context.Context, scope, key string, call *sharedCall, fetch func(context.Context) (any, error)) {
	defer call.cancel()
	defer close(call.done)
	// A panic here would end the process: every waiter gets it as an
	// error instead.
	defer func() {
		if r := recover(); r != nil {
			call.val, call.err = nil, pgerr.FromPanic(r)
			c.forget(key, call)
		}
	}()
	v, err := fetch(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls[key] == call {
		delete(c.calls, key)
	}
	if err == nil && ctx.Err() == nil {
		it := cacheItem{scope: scope, value: v, fetched: c.now()}
		if c.size != nil {
			it.bytes = c.size(v)
		}
		if old, ok := c.items[key]; ok {
			c.stats.Evictions++
			c.stats.Bytes -= old.bytes
		}
		c.items[key] = it
		c.stats.Bytes += it.bytes
	}
	call.val, call.err = v, err
}

// leave is a waiter giving up; the last one cancels the call, and a later
// caller starts a new one.
func (c *readCache) leave(key string, call *sharedCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	call.waiters--
	if call.waiters == 0 {
		if c.calls[key] == call {
			delete(c.calls, key)
		}
		call.cancel()
	}
}

func (c *readCache) forget(key string, call *sharedCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls[key] == call {
		delete(c.calls, key)
	}
}

// invalidate drops every entry of one account and region.
func (c *readCache) invalidate(scope string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, it := range c.items {
		if it.scope == scope {
			delete(c.items, k)
			c.stats.Evictions++
			c.stats.Bytes -= it.bytes
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
