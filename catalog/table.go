// Package catalog holds what exists: data types and their OIDs, the Table
// interface that resource tables implement, and the set of schemas and
// tables a session can see.
package catalog

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/vpnsql/vpnsql/value"
)

// Column is one column of a table.
type Column struct {
	Name    string // catalog name, camelCase for resource tables
	Type    *value.Type
	NotNull bool
	Comment string // pg_description text
	// TypMod is the type modifier RowDescription reports (varchar(3) of
	// information_schema.yes_or_no: 7); 0 means none.
	TypMod int32
	// Secret marks a column a role without the secrets privilege reads
	// masked (Scope.Secrets): has_column_privilege says false for it.
	Secret bool
}

// Table is a relation the executor can scan.
type Table interface {
	Schema() string
	Name() string
	OID() uint32
	Columns() []Column
	// PrimaryKey lists the key's column indexes (nil if none).
	PrimaryKey() []int
	// Pushable reports whether equality constraints on the column can be
	// turned into API parameters.
	Pushable(col int) bool
	// Scan returns rows, one value per column in Columns order. Every row
	// that satisfies the constraints must be returned; rows that do not may
	// be (the executor re-checks every predicate).
	Scan(ctx context.Context, q ScanRequest) ([][]any, error)
	// Explain describes the API calls Scan would make for q, one line each.
	Explain(q ScanRequest) []string
}

// View is a table the catalogs list as a view (relkind 'v'): one of
// vpnsql's own system views (vpnsql.api_calls), whose rows vpnsql
// computes. It has no key, index or NOT NULL columns.
type View interface {
	Table
	IsView()
}

// Commented is a table with a comment of its own (COMMENT ON TABLE):
// obj_description shows it.
type Commented interface {
	Comment() string
}

// ScanRequest carries the pushed-down predicates of one scan.
type ScanRequest struct {
	// Constraints are ANDed; each limits one column to a set of values.
	Constraints []Constraint
	// Stats, when set, receives what the scan did (EXPLAIN ANALYZE).
	Stats *ScanStats
	// Freshness says which cached API answers the scan may use; the zero
	// value uses none.
	Freshness Freshness
	// Scope is the session's (Session.Scope), for Explain, which has no
	// context; nil reaches everything.
	Scope *Scope
}

// Freshness says which cached API answers a scan may use: one fetched
// within TTL (the session's vpnsql.cache_ttl), or one its own statement
// fetched. Statement lets the scans of one statement share one call even
// with a TTL of 0: vpn_connections joined to vpn_tunnels reads
// DescribeVpnConnections once, and a self-join sees one answer; another
// statement with a TTL of 0 makes its own call.
type Freshness struct {
	TTL time.Duration
	// Statement identifies the running statement's execution (0: none).
	Statement uint64
}

// Fresh reports whether an answer fetched at t by statement stmt may be
// used at now.
func (f Freshness) Fresh(t time.Time, stmt uint64, now time.Time) bool {
	return now.Sub(t) < f.TTL || (f.Statement != 0 && stmt == f.Statement)
}

// Caches reports whether the scan uses the read cache at all.
func (f Freshness) Caches() bool { return f.TTL > 0 || f.Statement != 0 }

// ScanStats is what one scan cost: API calls made, answered from cache,
// and the time spent waiting for the API.
type ScanStats struct {
	mu        sync.Mutex
	Calls     int
	CacheHits int
	APITime   time.Duration
}

// Record adds one call's outcome; safe for concurrent use.
func (s *ScanStats) Record(hit bool, d time.Duration) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if hit {
		s.CacheHits++
		return
	}
	s.Calls++
	s.APITime += d
}

// Constraint says column Column equals one of Values. With Key set it
// constrains a jsonb object column instead: column->>Key equals one of
// Values (tags->>'Name' = 'x').
type Constraint struct {
	Column int
	Key    string
	Values []any
}

// KeyPushable is implemented by tables that can send key constraints on
// some jsonb columns (a tag filter, for instance).
type KeyPushable interface {
	PushableKey(col int) bool
}

// ValuesFor returns the allowed values for a column and whether the column
// is constrained at all. Several constraints on one column intersect. The
// values may be the request's own: read them, do not change them.
func (q ScanRequest) ValuesFor(col int) ([]any, bool) {
	var out []any
	found := false
	for _, c := range q.Constraints {
		if c.Column != col || c.Key != "" {
			continue
		}
		if !found {
			out, found = slices.Clip(c.Values), true
			continue
		}
		out = intersect(out, c.Values)
	}
	return out, found
}

func intersect(a, b []any) []any {
	var out []any
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// Located is implemented by tables whose rows live in an account and a
// region, each source read by its own call: LocationColumns are the
// region and account columns (-1: none). A join narrows such a table's
// scan by object ids only within one region, where they exist: an id asked
// for where it does not exist costs the API a second call.
type Located interface {
	LocationColumns() (region, account int)
}

// Streamer is implemented by tables whose rows arrive in parts, such as a
// resource table's one answer per region: the executor reads them as they
// arrive and stops the scan when it needs no more (LIMIT, EXISTS, a portal
// closed early).
type Streamer interface {
	// Stream starts the scan; the rows are those Scan would return, in
	// batches, in no particular order across batches.
	Stream(ctx context.Context, q ScanRequest) (RowStream, error)
}

// RowStream is a running scan.
type RowStream interface {
	// Next returns the next batch of rows; nil, nil once every batch has
	// arrived.
	Next() ([][]any, error)
	// Close stops the scan: API calls still in flight are cancelled and
	// their goroutines have ended when it returns. Close may be called
	// more than once.
	Close()
}

// SharedBatches is a RowStream that tells whether the batch it returned
// last is rows another holder keeps and never changes (the read cache's
// answer): a statement holding them holds references, not their memory,
// which is the holder's to bound.
type SharedBatches interface {
	RowStream
	LastShared() bool
}

// Clearer is a table whose rows can be dropped (vpnsql.cache, by
// vpnsql.cache_clear()); Clear returns how many there were.
type Clearer interface {
	Clear() int64
	// ClearFunctionOID is the pg_proc OID of the function that clears
	// it.
	ClearFunctionOID() uint32
}
