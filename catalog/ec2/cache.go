package ec2

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// DefaultCacheSize bounds the read cache when Source.CacheSize is 0.
const DefaultCacheSize = 256 << 20

// readCache keeps Describe results per (account, region, action,
// parameters) for a TTL and coalesces identical concurrent calls. It is
// bounded in bytes (its own budget, not the statements' memory): past the
// bound the least recently used entries go, their order of use kept to a
// second (touchEvery). A write to an account and region drops that pair's
// entries.
type readCache struct {
	// mu is read-locked by a hit and locked for the rest; the hits are
	// counted apart so a hit needs no write.
	mu    sync.RWMutex
	hits  atomic.Uint64
	limit int64
	used  int64
	lru   *list.List // of *cacheItem, most recently used first
	items map[cacheKey]*list.Element
	calls map[cacheKey]*sharedCall // calls in flight
	now   func() time.Time
	stats CacheStats
}

// cacheKey names one call's answer: the account and region it was made
// in, its action, and its other parameters as on the wire, "&"-joined
// (describeCall.key; "" for the call that lists everything). A struct, so
// a lookup builds no string.
type cacheKey struct {
	accountID, region, action, params string
}

func (k cacheKey) size() int64 {
	return int64(len(k.accountID) + len(k.region) + len(k.action) + len(k.params))
}

type cacheItem struct {
	key     cacheKey
	value   any
	rows    int
	bytes   int64
	fetched time.Time
	stmt    uint64 // the statement whose call fetched it (catalog.Freshness)
	// touched is when a hit last moved it to the front (UnixNano).
	touched atomic.Int64
}

// touchEvery is how often a hit entry moves to the front of the LRU list:
// the order is right to a second, and the hits between need no write.
const touchEvery = time.Second

// CacheStats are the read cache's counters since the start (metrics).
type CacheStats struct {
	// Hits are reads answered without a call of their own (a joined call
	// counts); Misses are reads that made the call.
	Hits, Misses uint64
	// Evictions are entries dropped: replaced, expired and replaced,
	// pushed out by the size bound, or invalidated by a write.
	Evictions uint64
	Entries   int
	Bytes     int64 // estimated size of the entries
}

// CacheStats returns the read cache's counters.
func (s *Source) CacheStats() CacheStats {
	c := s.readCache()
	c.mu.RLock()
	defer c.mu.RUnlock()
	st := c.stats
	st.Hits, st.Entries, st.Bytes = c.hits.Load(), len(c.items), c.used
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
	stmt    uint64
	cancel  context.CancelFunc
}

func newReadCache(limit int64) *readCache {
	if limit <= 0 {
		limit = DefaultCacheSize
	}
	return &readCache{limit: limit, lru: list.New(), items: map[cacheKey]*list.Element{}, calls: map[cacheKey]*sharedCall{}, now: time.Now}
}

// get returns the cached value for key if fresh enough, else calls
// fetch (once for all concurrent callers of the same key) and stores it.
// hit reports whether no API call was made for this caller: a caller that
// joined another's call counts as a hit. With fetch nil, get only looks:
// it answers from the cache or a call in flight, else nil, false, nil.
func (c *readCache) get(ctx context.Context, key cacheKey, fresh catalog.Freshness, fetch func(context.Context) (any, error)) (v any, hit bool, err error) {
	if !fresh.Caches() {
		if fetch == nil {
			return nil, false, nil
		}
		v, err := fetch(ctx)
		return v, false, err
	}
	c.mu.Lock()
	if v, ok := c.lookup(key, fresh); ok {
		c.mu.Unlock()
		return v, true, nil
	}
	call, joined := c.calls[key]
	// A call in flight is fresh for any TTL; with none, only for its own
	// statement.
	joined = joined && (fresh.TTL > 0 || call.stmt == fresh.Statement)
	switch {
	case joined:
		call.waiters++
		c.hits.Add(1)
	case fetch == nil:
		c.mu.Unlock()
		return nil, false, nil
	default:
		c.stats.Misses++
		// The call keeps the first caller's values (its session) but not
		// its cancellation: the waiters' count decides when it ends.
		cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		call = &sharedCall{done: make(chan struct{}), waiters: 1, cancel: cancel, stmt: fresh.Statement}
		c.calls[key] = call
		go c.run(cctx, key, call, fetch)
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

// peekAll looks up, under one read lock and at one reading of the clock,
// the key of each target that has no value in vals yet and no error,
// and sets vals[i] to its value when it is fresh enough. It never waits
// for a call in flight: a scan answered by the cache alone needs no
// goroutine, and its targets share the lock's and the clock's cost.
func (c *readCache) peekAll(ts []target, key func(target) cacheKey, fresh catalog.Freshness, vals []any) {
	if !fresh.Caches() {
		return
	}
	now := c.now()
	var stale []cacheKey // hits whose place in the LRU order is old
	hits := 0
	c.mu.RLock()
	for i, tg := range ts {
		if vals[i] != nil || tg.err != nil {
			continue
		}
		el, ok := c.items[key(tg)]
		if !ok {
			continue
		}
		it := el.Value.(*cacheItem) // its fields but touched never change
		if !fresh.Fresh(it.fetched, it.stmt, now) {
			continue
		}
		vals[i] = it.value
		hits++
		if now.UnixNano()-it.touched.Load() >= int64(touchEvery) {
			stale = append(stale, it.key)
		}
	}
	c.mu.RUnlock()
	if hits > 0 {
		c.hits.Add(uint64(hits))
	}
	if stale != nil {
		c.mu.Lock()
		for _, k := range stale {
			if el, ok := c.items[k]; ok { // not evicted meanwhile
				c.touch(el, now)
			}
		}
		c.mu.Unlock()
	}
}

// lookup is a hit on a stored entry. The caller holds c.mu.
func (c *readCache) lookup(key cacheKey, fresh catalog.Freshness) (any, bool) {
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	it := el.Value.(*cacheItem)
	now := c.now()
	if !fresh.Fresh(it.fetched, it.stmt, now) {
		return nil, false
	}
	c.touch(el, now)
	c.hits.Add(1)
	return it.value, true
}

// touch moves a hit entry to the front. The caller holds c.mu.
func (c *readCache) touch(el *list.Element, now time.Time) {
	c.lru.MoveToFront(el)
	el.Value.(*cacheItem).touched.Store(now.UnixNano())
}

// run makes the shared call and stores its result.
func (c *readCache) run(ctx context.Context, key cacheKey, call *sharedCall, fetch func(context.Context) (any, error)) {
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
		c.store(&cacheItem{key: key, value: v, fetched: c.now(), stmt: call.stmt})
	}
	call.val, call.err = v, err
}

// leave is a waiter giving up; the last one cancels the call, and a later
// caller starts a new one.
func (c *readCache) leave(key cacheKey, call *sharedCall) {
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

func (c *readCache) forget(key cacheKey, call *sharedCall) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls[key] == call {
		delete(c.calls, key)
	}
}

// store adds an entry (replacing one with its key) and evicts the least
// recently used ones past the bound. The caller holds c.mu. An entry
// larger than the whole bound is not kept.
func (c *readCache) store(it *cacheItem) {
	switch v := it.value.(type) {
	case [][]any:
		it.rows = len(v)
	case *described:
		it.rows = v.n
	}
	it.bytes = it.key.size() + 64 + sizeOf(it.value)
	if el, ok := c.items[it.key]; ok {
		c.remove(el)
	}
	if it.bytes > c.limit {
		return
	}
	c.items[it.key] = c.lru.PushFront(it)
	c.used += it.bytes
	for c.used > c.limit {
		c.remove(c.lru.Back())
	}
}

func (c *readCache) remove(el *list.Element) {
	it := c.lru.Remove(el).(*cacheItem)
	delete(c.items, it.key)
	c.used -= it.bytes
	c.stats.Evictions++
}

// invalidate drops every entry of one account and region.
func (c *readCache) invalidate(accountID, region string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, el := range c.items {
		if k.accountID == accountID && k.region == region {
			c.remove(el)
		}
	}
}

// clear drops every entry and returns how many there were.
func (c *readCache) clear() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.items)
	c.lru.Init()
	clear(c.items)
	c.used = 0
	c.stats.Evictions += uint64(n)
	return n
}

// entries lists the entries, most recently used first (to a second).
func (c *readCache) entries() []*cacheItem {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*cacheItem, 0, len(c.items))
	for el := c.lru.Front(); el != nil; el = el.Next() {
		out = append(out, el.Value.(*cacheItem))
	}
	return out
}

// sizeOf estimates the bytes a cached value holds: rows of strings,
// numbers, times and JSON trees.
func sizeOf(v any) int64 {
	switch v := v.(type) {
	case nil:
		return 8
	case string:
		return 16 + int64(len(v))
	case []byte:
		return 24 + int64(len(v))
	case [][]any:
		n := int64(24)
		for _, r := range v {
			n += sizeOf(r)
		}
		return n
	case []any:
		n := int64(24 + 16*len(v))
		for _, x := range v {
			n += sizeOf(x)
		}
		return n
	case map[string]any:
		n := int64(48)
		for k, x := range v {
			n += 16 + int64(len(k)) + sizeOf(x)
		}
		return n
	case *described:
		n := int64(64)
		for _, a := range v.tables() {
			n += sizeOf(a.rows.rows)
			// The id index: a map entry per id (the key shares the
			// row's string).
			n += int64(len(a.rows.byID)) * 40
		}
		return n
	case value.JSON:
		return 16 + sizeOf(v.V)
	case *value.JSON:
		return 16 + sizeOf(v.V)
	}
	return 16 // numbers, booleans, times
}
