package parse

import (
	"container/list"
	"strings"
	"sync"
	"sync/atomic"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
)

const (
	// DefaultCacheBytes bounds a cache's estimated memory.
	DefaultCacheBytes = 8 << 20
	// MaxCachedText is the longest statement text a cache keeps: the
	// texts clients repeat (an application's queries, drivers' and BI
	// tools' catalog queries) are shorter; generated ones (long IN
	// lists, bulk VALUES) rarely repeat and would crowd the rest out.
	MaxCachedText = 8 << 10
	// treeBytesPerByte and entryBytes estimate a tree's heap from the
	// length of pg_query's protobuf output. Measured over the SQL corpus
	// (integration/testdata/sql): heap / protobuf bytes has a median of
	// 16 and a 99th percentile of 70, the high ratios being small trees
	// where the fixed part dominates, which entryBytes covers.
	treeBytesPerByte = 32
	entryBytes       = 1024
)

// Cache keeps parse results by statement text, so that a text sent again
// (every simple-protocol Query of an application, a driver's catalog
// queries) skips pg_query's cgo parse. It is safe for concurrent use and
// shared by an engine's sessions. Its bound is its estimated memory, with
// the least recently used entries evicted first.
//
// The trees it gives out are shared: nothing may modify them. Nothing in
// vpnsql does (the binder builds new nodes where it needs changed ones);
// TestParseCache_TreesUnchanged runs the SQL corpus and fails if a cached
// tree changes.
//
// Syntax errors (42601) are kept too: a text parses to the same error
// every time. Each caller gets its own copy of the error, since callers
// may move its position. (Statements too deep to parse, 54001, are all
// longer than MaxCachedText.)
type Cache struct {
	max          int64
	hits, misses atomic.Int64

	mu    sync.Mutex
	used  int64
	order list.List // of *entry, most recently used first
	items map[string]*list.Element
}

type entry struct {
	sql  string
	tree *pg_query.ParseResult
	err  *pgerr.Error
	cost int64
}

// NewCache makes a cache bounded to maxBytes of estimated memory.
func NewCache(maxBytes int64) *Cache {
	return &Cache{max: maxBytes, items: map[string]*list.Element{}}
}

// Parse is Parse through the cache. A nil Cache parses every time.
func (c *Cache) Parse(sql string) (*pg_query.ParseResult, error) {
	parses.Add(1)
	if c == nil || len(sql) > MaxCachedText {
		tree, _, err := parse(sql)
		return tree, err
	}
	if e := c.get(sql); e != nil {
		c.hits.Add(1)
		return e.result()
	}
	c.misses.Add(1)
	tree, size, err := parse(sql)
	e := &entry{sql: strings.Clone(sql), tree: tree}
	if err != nil {
		pe, ok := err.(*pgerr.Error)
		if !ok || pe.Code != pgerr.SyntaxError {
			return nil, err // not a property of the text (an internal error)
		}
		e.err = pe
		size = len(pe.Message) + len(pe.Detail) + len(pe.Hint)
	}
	e.cost = int64(2*len(sql) + treeBytesPerByte*size + entryBytes)
	c.put(e)
	return e.result()
}

// result is the entry's tree, or a copy of its error.
func (e *entry) result() (*pg_query.ParseResult, error) {
	if e.err != nil {
		err := *e.err
		return nil, &err
	}
	return e.tree, nil
}

func (c *Cache) get(sql string) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[sql]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry)
}

// put adds e (or keeps the entry another session added for the same text
// meanwhile) and evicts the least recently used entries over the bound.
func (c *Cache) put(e *entry) {
	if e.cost > c.max/8 {
		return // one entry may not take a large share of the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[e.sql]; ok {
		return
	}
	c.items[e.sql] = c.order.PushFront(e)
	c.used += e.cost
	for c.used > c.max {
		old := c.order.Remove(c.order.Back()).(*entry)
		delete(c.items, old.sql)
		c.used -= old.cost
	}
}

// CacheStats is what a cache holds and how it has been used.
type CacheStats struct {
	Hits, Misses int64
	Entries      int
	Bytes        int64 // estimated
}

// Stats reports the cache's use.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Entries: c.order.Len(), Bytes: c.used}
}
