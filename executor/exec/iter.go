package exec

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// RowIter yields rows one at a time.
type RowIter interface {
	// Next returns the next row, or nil, nil at the end. A row may be
	// shared with a cache: callers never modify it.
	Next() ([]any, error)
	// Close releases what the iterator holds and stops its inputs; it
	// may be called more than once, and after an error.
	Close()
}

// sliceIter yields rows already held.
type sliceIter struct {
	rows [][]any
	i    int
}

func SliceRows(rows [][]any) *sliceIter { return &sliceIter{rows: rows} }

func (s *sliceIter) Next() ([]any, error) {
	if s.i >= len(s.rows) {
		return nil, nil
	}
	r := s.rows[s.i]
	s.i++
	return r, nil
}

func (s *sliceIter) Close() { s.i = len(s.rows) }

// Gather reads every row of it and closes it. Rows it already held were
// charged by whoever built them; rows that streamed are charged now, to
// op, since from here on they are held.
func Gather(e *expr.Env, it RowIter, op string) ([][]any, error) {
	defer it.Close()
	if s, ok := it.(*sliceIter); ok {
		rows := s.rows[s.i:]
		s.i = len(s.rows)
		return rows, nil
	}
	// Measuring every row's size is as costly as the aggregation it feeds
	// (BenchmarkGroupBy), so, as RowsSize does for a slice, the first rows
	// are measured, later ones sampled one in 16 and charged at the
	// sample's average, in batches of 64KB. A row the read cache holds
	// (sharer) is charged as the reference kept here: its memory is the
	// cache's, bounded by the cache.
	const exact, every, batch = 256, 16, 64 << 10
	var out [][]any
	var own, sampled, sampledBytes, pending int64 // own: rows not the cache's
	sh, _ := it.(sharer)
	for i := 0; ; i++ {
		if err := expr.CheckProgress(e, i); err != nil {
			return nil, err
		}
		r, err := it.Next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			if err := e.Account().Grow(op, pending); err != nil {
				return nil, err
			}
			return out, nil
		}
		n := int64(expr.SliceSize)
		switch {
		case sh != nil && sh.shared():
		case own < exact || own%every == 0:
			n = expr.RowSize(r)
			sampled++
			sampledBytes += n
			own++
		default:
			n = sampledBytes / sampled
			own++
		}
		if pending += n; pending >= batch {
			if err := e.Account().Grow(op, pending); err != nil {
				return nil, err
			}
			pending = 0
		}
		out = append(out, r)
	}
}

// relRows opens rel and collects its rows.
func relRows(e *expr.Env, rel Relation) ([][]any, error) {
	it, err := rel.Open(e)
	if err != nil {
		return nil, err
	}
	return Gather(e, it, opName(rel))
}

// PlanRows runs a query and collects its rows.
func PlanRows(e *expr.Env, q QueryPlan) ([][]any, error) {
	it, err := q.Open(e)
	if err != nil {
		return nil, err
	}
	return Gather(e, it, "Result")
}

// opName names the operator that produced rel's rows, as EXPLAIN would:
// the memory account's DETAIL says whose rows were held.
func opName(rel Relation) string {
	switch r := rel.(type) {
	case *TableScan:
		return "Foreign Scan"
	case *ValuesRel:
		return "Values Scan"
	case *FunctionRel, *RowsFromRel:
		return "Function Scan"
	case *JoinRel:
		if !r.Lateral {
			if lk, _ := HashKeys(r.Cond, Width(r.Left)); len(lk) > 0 && !LookupJoin(r) {
				return "Hash Join"
			}
		}
		return "Nested Loop"
	case *FilterRel:
		return opName(r.Rel)
	case *PermuteRel:
		return opName(r.Rel)
	case *UsingRel:
		return opName(r.Join)
	}
	return "Result"
}

// sharer is a row iterator that tells whether the row it returned last
// is shared: the read cache's, never changed, its memory the cache's
// (catalog.SharedBatches). Gather charges such a row as a reference.
type sharer interface{ shared() bool }

// scanIter reads a streaming table's batches.
type scanIter struct {
	e     *expr.Env
	st    catalog.RowStream
	batch [][]any
	i     int
	rec   *expr.ScanRecord
	done  bool
	// complete is the table of a scan without constraints: read to the
	// end, its row count is the table's statistics (catalog/stats.go).
	complete catalog.Table
	rows     int
	// fromCache: the batch is the read cache's (catalog.SharedBatches).
	fromCache bool
}

func (s *scanIter) Next() ([]any, error) {
	for s.i >= len(s.batch) {
		if s.done {
			return nil, nil
		}
		if err := s.e.Ctx.Err(); err != nil {
			s.Close()
			return nil, err
		}
		b, err := s.st.Next()
		if err != nil {
			s.Close()
			return nil, err
		}
		if b == nil {
			if s.complete != nil {
				catalog.RecordCompleteScan(s.complete, s.rows)
				s.complete = nil
			}
			s.Close()
			return nil, nil
		}
		if s.rec != nil {
			s.rec.Rows += len(b)
		}
		s.rows += len(b)
		s.batch, s.i = b, 0
		sb, ok := s.st.(catalog.SharedBatches)
		s.fromCache = ok && sb.LastShared()
	}
	r := s.batch[s.i]
	s.i++
	return r, nil
}

func (s *scanIter) shared() bool { return s.fromCache }

func (s *scanIter) Close() {
	if !s.done {
		s.done = true
		s.batch, s.i = nil, 0
		s.st.Close()
	}
}

// funcIter is an iterator from two functions.
type funcIter struct {
	nextFn  func() ([]any, error)
	closeFn func()
	closed  bool
}

func (f *funcIter) Next() ([]any, error) {
	if f.closed {
		return nil, nil
	}
	r, err := f.nextFn()
	if err != nil || r == nil {
		f.Close()
	}
	return r, err
}

func (f *funcIter) Close() {
	if !f.closed {
		f.closed = true
		if f.closeFn != nil {
			f.closeFn()
		}
	}
}

// filterIter passes on the rows of in for which cond is true; e is its
// own env (it sets e.Row).
func filterIter(e *expr.Env, in RowIter, cond expr.Expr) RowIter {
	return &filtering{e: e, in: in, cond: cond}
}

type filtering struct {
	e    *expr.Env
	in   RowIter
	cond expr.Expr
	i    int
}

// shared: a filter passes its input's rows on unchanged.
func (f *filtering) shared() bool {
	sh, ok := f.in.(sharer)
	return ok && sh.shared()
}

func (f *filtering) Next() ([]any, error) {
	for {
		if err := expr.CheckProgress(f.e, f.i); err != nil {
			return nil, err
		}
		f.i++
		r, err := f.in.Next()
		if r == nil || err != nil {
			return nil, err
		}
		f.e.Row = r
		v, err := f.cond.Eval(f.e)
		if err != nil {
			return nil, err
		}
		if v == true {
			return r, nil
		}
	}
}

func (f *filtering) Close() { f.in.Close() }

// limitIter skips offset rows of in and passes on at most limit (-1 = no
// limit); reaching the limit closes in, which stops the work under it.
func limitIter(in RowIter, offset, limit int64) RowIter {
	if offset == 0 && limit < 0 {
		return in
	}
	return &limiting{in: in, offset: offset, limit: limit}
}

type limiting struct {
	in                  RowIter
	offset, limit, sent int64
}

func (l *limiting) Next() ([]any, error) {
	for ; l.offset > 0; l.offset-- {
		r, err := l.in.Next()
		if r == nil || err != nil {
			return nil, err
		}
	}
	if l.limit >= 0 && l.sent >= l.limit {
		l.in.Close()
		return nil, nil
	}
	r, err := l.in.Next()
	if r != nil {
		l.sent++
	}
	return r, err
}

func (l *limiting) Close() { l.in.Close() }

// mapIter turns each row of in into f's row.
func mapIter(in RowIter, f func([]any) ([]any, error)) RowIter {
	return &funcIter{nextFn: func() ([]any, error) {
		r, err := in.Next()
		if r == nil || err != nil {
			return nil, err
		}
		return f(r)
	}, closeFn: in.Close}
}
