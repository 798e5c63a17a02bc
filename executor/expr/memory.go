package expr

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// memChunk is how much a statement reserves from the server's account at a
// time: the server's account moves once a megabyte, not once a row.
const memChunk = 1 << 20

// DefaultStatementMem is vpnsql.statement_mem's default.
const DefaultStatementMem = 1 << 30

// memAccount is what one operator charges: the statement's memory account
// (it replaced the row cap that was the first implementation).
type memAccount interface {
	// Grow charges n more bytes held by operator op; an error fails the
	// statement.
	Grow(op string, n int64) error
	// Release returns n bytes op no longer holds.
	Release(n int64)
	// Check fails when a value of n bytes, built by op, would not fit in
	// the statement's limit on its own, or, for a large value, beside
	// what the statement holds. The value is not charged here: it is
	// charged where a row or an aggregate keeps it. (Checking every
	// value beside what is held would pre-empt PostgreSQL's own 54000
	// for string_agg's 1GB buffer of 1MB values.)
	Check(op string, n int64) error
}

// MemoryPool is the server-wide memory account, shared by every session
// of an Engine. Its zero value has no limit.
type MemoryPool struct {
	// Limit is the bytes all statements may reserve together; 0 = none.
	Limit int64

	used    atomic.Int64
	mu      sync.Mutex
	running map[*StatementMem]struct{}
}

// Used is the bytes running statements have reserved.
func (p *MemoryPool) Used() int64 { return p.used.Load() }

// StatementMemory is one running statement's account, for vpnsql.progress.
type StatementMemory struct {
	PID     int32
	Query   string
	Started time.Time
	Bytes   int64 // estimated bytes held now
	Peak    int64
	Limit   int64 // its vpnsql.statement_mem
	IO      *catalog.StatementIO
}

// Statements lists the running statements' accounts.
func (p *MemoryPool) Statements() []StatementMemory {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]StatementMemory, 0, len(p.running))
	for a := range p.running {
		out = append(out, StatementMemory{PID: a.pid, Query: a.query, Started: a.started,
			Bytes: a.used.Load(), Peak: a.peak.Load(), Limit: a.limit, IO: &a.IO})
	}
	return out
}

// Open starts a statement's account with the statement limit limit (0 =
// none). Admission: it reserves the first chunk from the server's account,
// and fails with 53200 when the server's account cannot give it.
func (p *MemoryPool) Open(limit int64, pid int32, query string) (*StatementMem, error) {
	for {
		used := p.used.Load()
		if p.Limit > 0 && used+memChunk > p.Limit {
			return nil, pgerr.New(pgerr.OutOfMemory, "out of memory").
				WithDetail("Running statements hold %d bytes of the server's memory limit of %d bytes.", used, p.Limit).
				WithHint("Retry when running statements have finished, or raise vpnsql serve --max-memory.")
		}
		if p.used.CompareAndSwap(used, used+memChunk) {
			break
		}
	}
	a := &StatementMem{pool: p, limit: limit, reserved: memChunk, pid: pid, query: query, started: time.Now()}
	p.mu.Lock()
	if p.running == nil {
		p.running = map[*StatementMem]struct{}{}
	}
	p.running[a] = struct{}{}
	p.mu.Unlock()
	return a, nil
}

// StatementMem is a statement's memory account. The session goroutine
// charges it; vpnsql.progress reads used and peak from other sessions.
type StatementMem struct {
	pool       *MemoryPool
	limit      int64
	used, peak atomic.Int64
	reserved   int64 // charged to the server's account, in chunks
	pid        int32
	query      string
	started    time.Time
	closed     bool
	// IO is the statement's AWS progress (vpnsql.progress, wait_event).
	IO catalog.StatementIO
}

func (a *StatementMem) Grow(op string, n int64) error {
	if n <= 0 {
		return nil
	}
	held := a.used.Load()
	if a.limit > 0 && held+n > a.limit {
		return errStatementMem(op, held, n, a.limit)
	}
	u := a.used.Add(n)
	if u > a.peak.Load() {
		a.peak.Store(u)
	}
	// A running statement may take the server's account past its limit:
	// only admission is refused (see open). A closed account charges it
	// nothing more: its reservation was returned.
	if u > a.reserved && !a.closed {
		more := (u - a.reserved + memChunk - 1) / memChunk * memChunk
		a.reserved += more
		a.pool.used.Add(more)
	}
	return nil
}

func (a *StatementMem) Release(n int64) {
	if a.used.Add(-n) < 0 {
		a.used.Store(0)
	}
}

func (a *StatementMem) Check(op string, n int64) error {
	if a.limit <= 0 {
		return nil
	}
	// A large value (a sixteenth of the limit or more) is checked beside
	// what the statement holds, before it is allocated: a recursive CTE
	// doubling a string would otherwise allocate past the limit before
	// any charge noticed.
	held := a.used.Load()
	if n > a.limit || (n >= a.limit/16 && held+n > a.limit) {
		return errStatementMem(op, held, n, a.limit)
	}
	return nil
}

// Close returns the statement's reservation to the server's account.
func (a *StatementMem) Close() {
	if a.closed {
		return
	}
	a.closed = true
	a.pool.used.Add(-a.reserved)
	a.pool.mu.Lock()
	delete(a.pool.running, a)
	a.pool.mu.Unlock()
}

// errStatementMem is the statement limit's error: PostgreSQL's 53200, with
// a DETAIL in the shape of its "Failed on request of size N in memory
// context X." naming vpnsql's operator.
func errStatementMem(op string, held, n, limit int64) error {
	return pgerr.New(pgerr.OutOfMemory, "out of memory").
		WithDetail("Failed on request of size %d in operator %q: the statement holds %d bytes of its limit of %d bytes.", n, op, held, limit).
		WithHint(`Raise the setting "vpnsql.statement_mem", or have the statement hold fewer rows (a WHERE clause, a join condition, LIMIT).`)
}

// unlimited is the account of evaluation outside a statement (constant
// folding while planning).
type unlimited struct{}

func (unlimited) Grow(string, int64) error { return nil }

func (unlimited) Release(int64) {}

func (unlimited) Check(string, int64) error { return nil }

// Account is the statement's memory account.
func (e *Env) Account() memAccount {
	if e != nil && e.Exec != nil && e.Exec.Mem != nil {
		return e.Exec.Mem
	}
	return unlimited{}
}

// Charge charges the account the estimated size of rows held by op.
func (e *Env) Charge(op string, rows ...[]any) error {
	return e.Account().Grow(op, RowsSize(rows))
}

// rowsSample is how many rows of a large result rowsSize measures.
const rowsSample = 256

// RowsSize estimates rows: every row of a small result; for a large one
// (a scan's thousands of rows) an even sample, scaled, since measuring
// every value of a cached scan cost a third of the scan.
func RowsSize(rows [][]any) int64 {
	if len(rows) <= rowsSample {
		var n int64
		for _, r := range rows {
			n += RowSize(r)
		}
		return n
	}
	var n int64
	stride := len(rows) / rowsSample
	for i := 0; i < rowsSample; i++ {
		n += RowSize(rows[i*stride])
	}
	return n * int64(len(rows)) / rowsSample
}

// The size estimate is cheap and approximate: a Go interface value is two
// words, a number adds the word it is boxed in; a row is a slice header
// and its values; a string or byte slice adds its header and bytes;
// arrays and composites add their elements; JSON adds its text or a
// Fixed amount for each top-level element. It counts live data: it leaves
// out allocator and map overhead and the garbage the Go runtime keeps
// between collections (with GOGC=100 the heap may grow to twice the live
// data), and it overcounts shared values (a row referenced by two
// operators is charged by each that holds it).
const (
	WordSize  = 8
	IfaceSize = 2 * WordSize
	SliceSize = 3 * WordSize
)

// RowSize is the estimated bytes a row holds.
func RowSize(r []any) int64 {
	n := int64(SliceSize)
	for _, v := range r {
		n += ValueSize(v)
	}
	return n
}

// ValueSize is the estimated bytes of one value in a row.
func ValueSize(v any) int64 {
	switch x := v.(type) {
	case nil, bool:
		return IfaceSize
	case int16, int32, int64, float32, float64:
		return IfaceSize + WordSize // boxed in its own allocation
	case string:
		return IfaceSize + 2*WordSize + int64(len(x))
	case []byte:
		return IfaceSize + SliceSize + int64(len(x))
	case []any:
		return IfaceSize + RowSize(x)
	case pgtype.Numeric:
		return IfaceSize + 64
	case value.JSON:
		if x.Text != "" {
			return IfaceSize + 64 + int64(len(x.Text))
		}
		return IfaceSize + jsonSize(x.V)
	default:
		return IfaceSize + 64
	}
}

// jsonSize estimates a decoded JSON value without walking it: a fixed
// amount for each element of its top level (walking every jsonb a scan
// returns cost more than the scan; the estimate is an estimate).
func jsonSize(v any) int64 {
	const node = 128
	switch x := v.(type) {
	case string:
		return IfaceSize + 2*WordSize + int64(len(x))
	case []any:
		return IfaceSize + SliceSize + int64(len(x))*node
	case map[string]any:
		return IfaceSize + 48 + int64(len(x))*node
	default:
		return IfaceSize + 16
	}
}
