package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// Execution pulls rows (docs/design.md, "Execution model"). A relation or
// query opens a rowIter; each next call does just the work for one row: a
// scan hands on each region's rows as they arrive, a filter, projection or
// LIMIT passes rows through, and closing an iterator early (LIMIT reached,
// EXISTS answered, a portal closed) closes its inputs, which cancels the
// API calls still in flight. Only operators that must see every row before
// giving one (sort, a hash join's build side, aggregates, window
// functions, DISTINCT, set operations other than UNION ALL, a recursive
// CTE's work table, a CTE read twice) collect their input, and they charge
// it to the statement's memory account (memory.go) as they do.

// rowIter yields rows one at a time.
type rowIter interface {
	// next returns the next row, or nil, nil at the end. A row may be
	// shared with a cache: callers never modify it.
	next() ([]any, error)
	// Close releases what the iterator holds and stops its inputs; it
	// may be called more than once, and after an error.
	close()
}

// sliceIter yields rows already held.
type sliceIter struct {
	rows [][]any
	i    int
}

func sliceRows(rows [][]any) *sliceIter { return &sliceIter{rows: rows} }

func (s *sliceIter) next() ([]any, error) {
	if s.i >= len(s.rows) {
		return nil, nil
	}
	r := s.rows[s.i]
	s.i++
	return r, nil
}

func (s *sliceIter) close() { s.i = len(s.rows) }

// gather reads every row of it and closes it. Rows it already held were
// charged by whoever built them; rows that streamed are charged now, to
// Op, since from here on they are held.
func gather(e *expr.Env, it rowIter, op string) ([][]any, error) {
	defer it.close()
	if s, ok := it.(*sliceIter); ok {
		rows := s.rows[s.i:]
		s.i = len(s.rows)
		return rows, nil
	}
	var out [][]any
	for i := 0; ; i++ {
		if err := expr.CheckProgress(e, i); err != nil {
			return nil, err
		}
		r, err := it.next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			return out, nil
		}
		if err := e.Account().Grow(op, expr.RowSize(r)); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
}

// relRows opens rel and collects its rows.
func relRows(e *expr.Env, rel relation) ([][]any, error) {
	it, err := rel.open(e)
	if err != nil {
		return nil, err
	}
	return gather(e, it, opName(rel))
}

// planRows runs a query and collects its rows.
func planRows(e *expr.Env, q queryPlan) ([][]any, error) {
	it, err := q.open(e)
	if err != nil {
		return nil, err
	}
	return gather(e, it, "Result")
}

// opName names the operator that produced rel's rows, as EXPLAIN would:
// the memory account's DETAIL says whose rows were held.
func opName(rel relation) string {
	switch r := rel.(type) {
	case *tableScan:
		return "Foreign Scan"
	case *valuesRel:
		return "Values Scan"
	case *functionRel:
		return "Function Scan"
	case *joinRel:
		if !r.lateral {
			if lk, _ := hashKeys(r.cond, len(r.left.columns())); len(lk) > 0 {
				return "Hash Join"
			}
		}
		return "Nested Loop"
	case *filterRel:
		return opName(r.rel)
	case *permuteRel:
		return opName(r.rel)
	case *usingRel:
		return opName(r.join)
	}
	return "Result"
}

// scanIter reads a streaming table's batches.
type scanIter struct {
	e     *expr.Env
	st    catalog.RowStream
	batch [][]any
	i     int
	rec   *expr.ScanRecord
	done  bool
}

func (s *scanIter) next() ([]any, error) {
	for s.i >= len(s.batch) {
		if s.done {
			return nil, nil
		}
		if err := s.e.Ctx.Err(); err != nil {
			s.close()
			return nil, err
		}
		b, err := s.st.Next()
		if err != nil {
			s.close()
			return nil, err
		}
		if b == nil {
			s.close()
			return nil, nil
		}
		if s.rec != nil {
			s.rec.Rows += len(b)
		}
		s.batch, s.i = b, 0
	}
	r := s.batch[s.i]
	s.i++
	return r, nil
}

func (s *scanIter) close() {
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

func (f *funcIter) next() ([]any, error) {
	if f.closed {
		return nil, nil
	}
	r, err := f.nextFn()
	if err != nil || r == nil {
		f.close()
	}
	return r, err
}

func (f *funcIter) close() {
	if !f.closed {
		f.closed = true
		if f.closeFn != nil {
			f.closeFn()
		}
	}
}

// filterIter passes on the rows of in for which cond is true; e is its
// own env (it sets e.row).
func filterIter(e *expr.Env, in rowIter, cond expr.Expr) rowIter {
	return &filtering{e: e, in: in, cond: cond}
}

type filtering struct {
	e    *expr.Env
	in   rowIter
	cond expr.Expr
	i    int
}

func (f *filtering) next() ([]any, error) {
	for {
		if err := expr.CheckProgress(f.e, f.i); err != nil {
			return nil, err
		}
		f.i++
		r, err := f.in.next()
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

func (f *filtering) close() { f.in.close() }

// limitIter skips offset rows of in and passes on at most limit (-1 = no
// limit); reaching the limit closes in, which stops the work under it.
func limitIter(in rowIter, offset, limit int64) rowIter {
	if offset == 0 && limit < 0 {
		return in
	}
	return &limiting{in: in, offset: offset, limit: limit}
}

type limiting struct {
	in                  rowIter
	offset, limit, sent int64
}

func (l *limiting) next() ([]any, error) {
	for ; l.offset > 0; l.offset-- {
		r, err := l.in.next()
		if r == nil || err != nil {
			return nil, err
		}
	}
	if l.limit >= 0 && l.sent >= l.limit {
		l.in.close()
		return nil, nil
	}
	r, err := l.in.next()
	if r != nil {
		l.sent++
	}
	return r, err
}

func (l *limiting) close() { l.in.close() }
